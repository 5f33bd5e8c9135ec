using System.Globalization;

namespace Binance.Lake.Transform.Delta.Log;

/// <summary>The <c>delta.*</c> table properties this code honours, with Delta's defaults.</summary>
internal static class TableProperties
{
    public const string AppendOnly = "delta.appendOnly";
    public const string CheckpointInterval = "delta.checkpointInterval";
    public const string DeletedFileRetentionDuration = "delta.deletedFileRetentionDuration";

    public static readonly TimeSpan DefaultDeletedFileRetention = TimeSpan.FromDays(7);
    public const int DefaultCheckpointInterval = 10;

    public static bool IsAppendOnly(Metadata metadata) =>
        metadata.Configuration.TryGetValue(AppendOnly, out var value) && string.Equals(value.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    public static int CheckpointEvery(Metadata metadata) =>
        metadata.Configuration.TryGetValue(CheckpointInterval, out var value)
        && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var interval) && interval > 0
            ? interval
            : DefaultCheckpointInterval;

    /// <summary>How long removed files stay tombstones; an unparsable value falls back to the default week.</summary>
    public static TimeSpan DeletedFileRetention(Metadata metadata) =>
        metadata.Configuration.TryGetValue(DeletedFileRetentionDuration, out var value) && TryParseInterval(value, out var retention)
            ? retention
            : DefaultDeletedFileRetention;

    /// <summary>Spark calendar intervals as Delta writes them: "interval 1 week", "interval 168 hours", "interval 2 weeks 3 days".</summary>
    public static bool TryParseInterval(string text, out TimeSpan interval)
    {
        interval = TimeSpan.Zero;
        var tokens = text.Trim().ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var start = tokens.Length > 0 && tokens[0] == "interval" ? 1 : 0;
        if (tokens.Length == start || (tokens.Length - start) % 2 != 0)
            return false;
        for (var i = start; i < tokens.Length; i += 2)
        {
            if (!long.TryParse(tokens[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out var amount))
                return false;
            TimeSpan? unit = tokens[i + 1].TrimEnd('s') switch
            {
                "week" => TimeSpan.FromDays(7),
                "day" => TimeSpan.FromDays(1),
                "hour" => TimeSpan.FromHours(1),
                "minute" => TimeSpan.FromMinutes(1),
                "second" => TimeSpan.FromSeconds(1),
                "millisecond" => TimeSpan.FromMilliseconds(1),
                "microsecond" => TimeSpan.FromMicroseconds(1),
                _ => null,
            };
            if (unit is null)
                return false;
            interval += unit.Value * amount;
        }
        return true;
    }
}
