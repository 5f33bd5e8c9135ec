using System.Globalization;
using Binance.Lake.Serving.Planning;
using Binance.Lake.Transform.Trades;

namespace Binance.Lake.Serving.Postgres;

/// <summary>
/// The serving schema in PostgreSQL. <c>trades</c> is range-partitioned by <c>trade_time</c>, one partition per UTC
/// day (<c>trades_YYYYMMDD</c>), and each day is list-partitioned by instrument (<c>trades_YYYYMMDD_btcusdt</c>), so a
/// leaf table is exactly one partition of the Delta table: time-range queries touch only their days and instruments,
/// and a lake partition is loaded by building its leaf whole and swapping it in.
/// PostgreSQL requires every unique index of a partitioned table to contain all its partition keys, so the primary
/// key is (instrument, trade_id, trade_time); since a trade's time never changes, that is as strict as
/// (instrument, trade_id), and its leading columns serve lookups by id. The common query, one instrument over a
/// time range, is pruned to its leaves by the partitioning, and within a leaf a BRIN index on trade_time finds the
/// blocks: a leaf's rows are written in id order, which is time order, so each block range covers a short span of
/// time. It builds in one pass instead of a sort and is a few pages in size (see docs/decisions.md).
/// </summary>
internal static class PostgresSchema
{
    public const string Table = "trades";

    private const string PrimaryKey = "(instrument, trade_id, trade_time)";
    private const string TimeIndex = "USING brin (trade_time)";

    /// <summary>The parent's time index: its presence says the schema is current.</summary>
    public const string TimeIndexName = Table + "_time";

    public static readonly string Create = $"""
        CREATE TABLE IF NOT EXISTS {Table} (
        {ServedColumns.Definitions},
        PRIMARY KEY {PrimaryKey}
        ) PARTITION BY RANGE (trade_time);
        DROP INDEX IF EXISTS {Table}_instrument_time;
        CREATE INDEX IF NOT EXISTS {TimeIndexName} ON {Table} {TimeIndex};
        CREATE TABLE IF NOT EXISTS {LoadLedger.Table} (
        {LoadLedger.Columns}
        );
        """;

    /// <summary>Bounds written with an explicit UTC offset, so the session's TimeZone cannot shift a day.</summary>
    public static string CreateDay(DateOnly day) =>
        $"CREATE TABLE IF NOT EXISTS {LeafNames.DayTable(day)} PARTITION OF {Table} FOR VALUES FROM ({Midnight(day)}) TO ({Midnight(day.AddDays(1))}) PARTITION BY LIST (instrument)";

    /// <summary>
    /// A new, detached leaf with a check of the partition's bounds: rows that do not belong fail the COPY, and ATTACH
    /// trusts the check instead of scanning the rows again.
    /// </summary>
    public static string CreateLeaf(LeafNames leaf, TradePartition partition) =>
        $"CREATE TABLE {leaf.Table} (LIKE {Table}, CONSTRAINT bounds CHECK (instrument = {Literal(partition.Instrument)} "
        + $"AND trade_time >= {Midnight(partition.Day)} AND trade_time < {Midnight(partition.Day.AddDays(1))}))";

    /// <summary>
    /// The parent's indexes on a loaded leaf, built in bulk: a sort for the key and one pass for the BRIN index, far
    /// cheaper than maintaining them row by row during the COPY. ATTACH then adopts them instead of building its own.
    /// </summary>
    public static string IndexLeaf(LeafNames leaf) =>
        $"ALTER TABLE {leaf.Table} ADD CONSTRAINT {leaf.PrimaryKey} PRIMARY KEY {PrimaryKey}; CREATE INDEX {leaf.TimeIndex} ON {leaf.Table} {TimeIndex}";

    public static string Rename(LeafNames from, LeafNames to) =>
        $"ALTER TABLE {from.Table} RENAME TO {to.Table}; ALTER INDEX {from.PrimaryKey} RENAME TO {to.PrimaryKey}; ALTER INDEX {from.TimeIndex} RENAME TO {to.TimeIndex}";

    public static string Attach(TradePartition partition) =>
        $"ALTER TABLE {LeafNames.DayTable(partition.Day)} ATTACH PARTITION {LeafNames.Of(partition).Table} FOR VALUES IN ({Literal(partition.Instrument)})";

    public static string DetachAndDrop(TradePartition partition) =>
        $"ALTER TABLE {LeafNames.DayTable(partition.Day)} DETACH PARTITION {LeafNames.Of(partition).Table}; DROP TABLE {LeafNames.Of(partition).Table}";

    private static string Midnight(DateOnly day) => $"'{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} 00:00:00+00'";

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
