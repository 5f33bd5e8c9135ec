using System.Globalization;
using System.Text;
using Binance.Lake.Transform.Trades;

namespace Binance.Lake.Serving.Postgres;

/// <summary>
/// The names of a leaf table and its two indexes, quoted: <c>trades_20240808_btcusdt</c> for the leaf in place, or
/// with a suffix for one being built beside it. Index names are unique per schema, so a leaf built beside the old
/// one needs names of its own until the swap.
/// </summary>
internal sealed record LeafNames(string Table, string PrimaryKey, string TimeIndex)
{
    // PostgreSQL truncates longer names silently, which could make two leaves one.
    private const int MaxIdentifierBytes = 63;

    public static LeafNames Of(TradePartition partition, string suffix = "")
    {
        var name = $"{DayTable(partition.Day)}_{partition.Instrument.ToLowerInvariant()}{suffix}";
        return new LeafNames(Identifier(name), Identifier(name + "_pkey"), Identifier(name + "_time"));
    }

    /// <summary>The day's table, e.g. <c>trades_20240808</c>.</summary>
    public static string DayTable(DateOnly day) => $"{PostgresSchema.Table}_{day.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";

    private static string Identifier(string name)
    {
        if (Encoding.UTF8.GetByteCount(name) > MaxIdentifierBytes)
            throw new ServingException($"The PostgreSQL name {name} would be longer than {MaxIdentifierBytes} bytes: the instrument's name is too long to serve.");
        return "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
