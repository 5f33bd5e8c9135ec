using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DuckDB.NET.Data;

namespace Binance.Lake.Benchmarks;

/// <summary>
/// The compact benchmark's baseline: DuckDB doing the same job in one statement. It reads the same raw
/// REST chunks (exact decimals via <c>columns=</c>), drops repeated trade ids as our compact does, sorts by
/// id and writes Snappy Parquet partitioned like the curated table. Run as the hidden sub-command
/// <c>duckdb-compact RAW_FOLDER OUT_FOLDER fast|wide</c> of the benchmark itself, in a child process, so its RSS is
/// sampled exactly like the CLI's; it also prints its own VmHWM, read just before it exits.
/// </summary>
internal static class DuckDbCompact
{
    public const string SubCommand = "duckdb-compact";

    public sealed record Result(double QuerySeconds, long Rows, double PeakMiB, string Threads, string MemoryLimit);

    /// <summary>
    /// The COPY. <paramref name="wideParse"/> false (the baseline): prices and quantities are parsed as
    /// DECIMAL(18,8), which DuckDB parses on its fast 64-bit path, then widened to the table's DECIMAL(28,8);
    /// the result is the same (checked row for row) for any value below 10^10, which covers BTCUSDT.
    /// True parses straight into DECIMAL(28,8), the obvious spelling, which takes DuckDB 1.5's 128-bit string
    /// parse (several µs a value: about 6x slower overall at 1M trades); printed as a second figure on request.
    /// </summary>
    public static string Sql(string rawFolder, string outFolder, bool wideParse)
    {
        var parsed = wideParse ? "DECIMAL(28,8)" : "DECIMAL(18,8)";
        return $"""
            COPY (
                SELECT id AS trade_id,
                       price::DECIMAL(28,8) AS price, qty::DECIMAL(28,8) AS qty, quoteQty::DECIMAL(28,8) AS quote_qty,
                       make_timestamp(time) AS trade_time,
                       isBuyerMaker AS is_buyer_maker, isBestMatch AS is_best_match,
                       'rest' AS source,
                       year(make_timestamp(time))::INTEGER AS trade_year,
                       month(make_timestamp(time))::INTEGER AS trade_month,
                       day(make_timestamp(time))::INTEGER AS trade_day,
                       '{CompactBenchmarkInput.Symbol}' AS instrument
                FROM read_json('{Path.Combine(rawFolder, "*.json")}', format = 'array', columns = {"{"}
                    id: 'BIGINT', price: '{parsed}', qty: '{parsed}', quoteQty: '{parsed}',
                    time: 'BIGINT', isBuyerMaker: 'BOOLEAN', isBestMatch: 'BOOLEAN'{"}"})
                QUALIFY row_number() OVER (PARTITION BY id) = 1
                ORDER BY trade_id
            ) TO '{outFolder}' (FORMAT PARQUET, COMPRESSION SNAPPY,
                PARTITION_BY (trade_year, trade_month, trade_day, instrument), OVERWRITE_OR_IGNORE)
            """;
    }

    /// <summary>The child process: runs the COPY and prints one JSON line with its time, rows and peak RSS.</summary>
    public static int Run(string rawFolder, string outFolder, bool wideParse) => RunCopy(Sql(rawFolder, outFolder, wideParse));

    /// <summary>
    /// Runs one COPY statement in a fresh in-memory DuckDB and prints one JSON line (<see cref="Result"/>) with its
    /// time, rows, the settings it ran with and this process's VmHWM; shared by every DuckDB baseline.
    /// </summary>
    public static int RunCopy(string sql)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var stopwatch = Stopwatch.StartNew();
        long rows;
        using (var copy = connection.CreateCommand())
        {
            copy.CommandText = sql;
            rows = copy.ExecuteNonQuery();
        }
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var (threads, memoryLimit) = (Setting(connection, "threads"), Setting(connection, "memory_limit"));
        var peak = ProcessMemory.Read(Environment.ProcessId)?.PeakMiB ?? double.NaN;
        Console.WriteLine(JsonSerializer.Serialize(new Result(seconds, rows, peak, threads, memoryLimit)));
        return 0;
    }

    private static string Setting(DuckDBConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT current_setting('{name}')";
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? "?";
    }

    /// <summary>Rows, distinct ids and id bounds of the data files under a hive-partitioned folder, read by DuckDB.</summary>
    public static (long Rows, long DistinctIds, long MinId, long MaxId) Count(DuckDBConnection connection, string folder)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT count(*), count(DISTINCT trade_id), min(trade_id), max(trade_id)
            FROM read_parquet('{DataFiles(folder)}', hive_partitioning = false)
            """;
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    /// <summary>Rows that one output holds and the other does not, in either direction, over every data column.</summary>
    public static long Differences(DuckDBConnection connection, string ours, string theirs)
    {
        const string columns = "trade_id, price, qty, quote_qty, epoch_us(trade_time) AS us, is_buyer_maker, is_best_match, source";
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            WITH a AS (SELECT {columns} FROM read_parquet('{DataFiles(ours)}', hive_partitioning = false)),
                 b AS (SELECT {columns} FROM read_parquet('{DataFiles(theirs)}', hive_partitioning = false))
            SELECT (SELECT count(*) FROM (SELECT * FROM a EXCEPT ALL SELECT * FROM b))
                 + (SELECT count(*) FROM (SELECT * FROM b EXCEPT ALL SELECT * FROM a))
            """;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    // Data files only: the Delta table's _delta_log (and any checkpoint Parquet in it) is not matched.
    private static string DataFiles(string folder) =>
        Path.Combine(folder, "trade_year=*", "trade_month=*", "trade_day=*", "instrument=*", "*.parquet");
}
