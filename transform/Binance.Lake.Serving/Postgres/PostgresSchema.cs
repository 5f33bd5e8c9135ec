using System.Globalization;
using Binance.Lake.Serving.Planning;
using Binance.Lake.Transform.Trades;

namespace Binance.Lake.Serving.Postgres;

/// <summary>
/// The serving schema in PostgreSQL. <c>trades</c> is range-partitioned by <c>trade_time</c>, one partition per UTC
/// day (<c>trades_YYYYMMDD</c>, created when a day is first loaded), so time-range queries touch only their days and
/// a day is dropped or rewritten on its own. PostgreSQL requires every unique index of a partitioned table to contain
/// the partition key, so the primary key is (instrument, trade_id, trade_time); since a trade's time never changes,
/// that is as strict as (instrument, trade_id), and its leading columns serve lookups by id. A second index serves
/// the common query, one instrument over a time range. Prices and quantities are exact numeric(28,8), as in the lake.
/// </summary>
internal static class PostgresSchema
{
    public const string Table = "trades";

    /// <summary>The data columns in COPY order; <see cref="TradeCopy"/> writes exactly these.</summary>
    public const string CopyColumns = "instrument, trade_id, price, qty, quote_qty, trade_time, is_buyer_maker, is_best_match, source";

    public static readonly string Create = $"""
        CREATE TABLE IF NOT EXISTS {Table} (
            instrument text NOT NULL,
            trade_id bigint NOT NULL,
            price numeric(28,8) NOT NULL,
            qty numeric(28,8) NOT NULL,
            quote_qty numeric(28,8) NOT NULL,
            trade_time timestamptz NOT NULL,
            is_buyer_maker boolean NOT NULL,
            is_best_match boolean NOT NULL,
            source text NOT NULL,
            PRIMARY KEY (instrument, trade_id, trade_time)
        ) PARTITION BY RANGE (trade_time);
        CREATE INDEX IF NOT EXISTS {Table}_instrument_time ON {Table} (instrument, trade_time);
        CREATE TABLE IF NOT EXISTS {LoadLedger.Table} (
        {LoadLedger.Columns}
        );
        """;

    /// <summary>The day's partition, e.g. <c>trades_20240808</c>.</summary>
    public static string PartitionTable(DateOnly day) => $"{Table}_{day.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";

    /// <summary>Bounds written with an explicit UTC offset, so the session's TimeZone cannot shift a day.</summary>
    public static string CreatePartition(DateOnly day) =>
        $"CREATE TABLE IF NOT EXISTS {PartitionTable(day)} PARTITION OF {Table} FOR VALUES FROM ('{Midnight(day)}') TO ('{Midnight(day.AddDays(1))}')";

    private static string Midnight(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " 00:00:00+00";
}
