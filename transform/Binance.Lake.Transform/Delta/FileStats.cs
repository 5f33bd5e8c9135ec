using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Binance.Lake.Transform.Delta;

/// <summary>
/// Builds the <c>add.stats</c> JSON string (numRecords, minValues, maxValues, nullCount). Engines skip files
/// with these bounds (Athena does), so a bound must never be tighter than the data: timestamps are truncated
/// down to milliseconds as the protocol prescribes (readers widen the max by 1 ms), and a string too long to
/// store whole gets a truncated min and no max.
/// </summary>
public sealed class FileStats
{
    /// <summary>Longest string kept as a bound; Spark's default prefix length.</summary>
    public const int StringPrefixLength = 32;

    private readonly List<string> _order = [];
    private readonly Dictionary<string, (Action<Utf8JsonWriter>? Min, Action<Utf8JsonWriter>? Max, long NullCount)> _columns = new(StringComparer.Ordinal);

    public FileStats(long numRecords)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numRecords);
        NumRecords = numRecords;
    }

    public long NumRecords { get; }

    public FileStats Column(string name, long? min, long? max, long nullCount) =>
        Set(name, Number(min), Number(max), nullCount);

    public FileStats Column(string name, int? min, int? max, long nullCount) =>
        Set(name, Number(min), Number(max), nullCount);

    public FileStats Column(string name, decimal? min, decimal? max, long nullCount) =>
        Set(name, min is { } a ? w => w.WriteNumberValue(a) : null, max is { } b ? w => w.WriteNumberValue(b) : null, nullCount);

    public FileStats Column(string name, bool? min, bool? max, long nullCount) =>
        Set(name, min is { } a ? w => w.WriteBooleanValue(a) : null, max is { } b ? w => w.WriteBooleanValue(b) : null, nullCount);

    /// <summary>Timestamp bounds as ISO-8601 UTC with milliseconds, both truncated down to the millisecond.</summary>
    public FileStats Column(string name, DateTimeOffset? min, DateTimeOffset? max, long nullCount) =>
        Set(name, Timestamp(min), Timestamp(max), nullCount);

    public FileStats Column(string name, DateOnly? min, DateOnly? max, long nullCount) =>
        Set(name, Text(min?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), Text(max?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), nullCount);

    /// <summary>String bounds: a longer min is cut to its prefix (still a lower bound); a longer max is left out.</summary>
    public FileStats Column(string name, string? min, string? max, long nullCount) =>
        Set(
            name,
            Text(min is { Length: > StringPrefixLength } ? SafePrefix(min) : min),
            max is { Length: > StringPrefixLength } ? null : Text(max),
            nullCount);

    /// <summary>A column with a null count but no bounds (all null, or a type without useful ordering).</summary>
    public FileStats NullCount(string name, long nullCount) => Set(name, null, null, nullCount);

    public string ToJson()
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("numRecords", NumRecords);
            WriteSection(writer, "minValues", c => c.Min);
            WriteSection(writer, "maxValues", c => c.Max);
            writer.WriteStartObject("nullCount");
            foreach (var name in _order)
                writer.WriteNumber(name, _columns[name].NullCount);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public override string ToString() => ToJson();

    /// <summary>The ISO-8601 form Delta stats use for timestamps: UTC, milliseconds, truncated down.</summary>
    public static string FormatTimestamp(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        var truncated = new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        return truncated.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }

    private FileStats Set(string name, Action<Utf8JsonWriter>? min, Action<Utf8JsonWriter>? max, long nullCount)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfNegative(nullCount);
        if (!_columns.ContainsKey(name))
            _order.Add(name);
        _columns[name] = (min, max, nullCount);
        return this;
    }

    private void WriteSection(Utf8JsonWriter writer, string section, Func<(Action<Utf8JsonWriter>? Min, Action<Utf8JsonWriter>? Max, long NullCount), Action<Utf8JsonWriter>?> pick)
    {
        writer.WriteStartObject(section);
        foreach (var name in _order)
        {
            if (pick(_columns[name]) is { } write)
            {
                writer.WritePropertyName(name);
                write(writer);
            }
        }
        writer.WriteEndObject();
    }

    private static Action<Utf8JsonWriter>? Number(long? value) => value is { } v ? w => w.WriteNumberValue(v) : null;

    private static Action<Utf8JsonWriter>? Text(string? value) => value is null ? null : w => w.WriteStringValue(value);

    private static Action<Utf8JsonWriter>? Timestamp(DateTimeOffset? value) => value is { } v ? Text(FormatTimestamp(v)) : null;

    // Never cut a surrogate pair in half: the lone high surrogate would not be valid UTF-8 in the JSON.
    private static string SafePrefix(string value) =>
        char.IsHighSurrogate(value[StringPrefixLength - 1]) ? value[..(StringPrefixLength - 1)] : value[..StringPrefixLength];
}
