namespace Binance.Lake.Benchmarks;

/// <summary>
/// The archive-import benchmark's baseline: DuckDB turning the day's CSV (already unzipped; the unzip is not
/// timed) into Snappy Parquet partitioned like the curated table, in one statement. Run as the hidden
/// sub-command <c>duckdb-archive CSV OUT_FOLDER fast|wide</c> of the benchmark itself, in a child process, so its
/// RSS is sampled exactly like the CLI's; it prints the same JSON line as <see cref="DuckDbCompact"/>.
/// </summary>
internal static class DuckDbArchive
{
    public const string SubCommand = "duckdb-archive";

    /// <summary>
    /// The COPY. <paramref name="wideParse"/> false (the baseline): prices and quantities are parsed as DECIMAL(18,8),
    /// DuckDB's fast 64-bit path, then widened to the table's DECIMAL(28,8) (the same values for anything below
    /// 10^10, checked row for row); true parses straight into DECIMAL(28,8), DuckDB's slow 128-bit path. The archive
    /// writes times in µs from 2025 on, which the benchmark's day is; "True"/"False" are read as BOOLEAN. Rows come
    /// in id order already; no deduplication, as the archive day has no repeated id.
    /// </summary>
    public static string Sql(string csv, string outFolder, bool wideParse)
    {
        var parsed = wideParse ? "DECIMAL(28,8)" : "DECIMAL(18,8)";
        return $"""
            COPY (
                SELECT id AS trade_id,
                       price::DECIMAL(28,8) AS price, qty::DECIMAL(28,8) AS qty, quote_qty::DECIMAL(28,8) AS quote_qty,
                       make_timestamp(time) AS trade_time,
                       is_buyer_maker, is_best_match,
                       'archive' AS source,
                       year(make_timestamp(time))::INTEGER AS trade_year,
                       month(make_timestamp(time))::INTEGER AS trade_month,
                       day(make_timestamp(time))::INTEGER AS trade_day,
                       '{ArchiveImportBenchmarkInput.Symbol}' AS instrument
                FROM read_csv('{csv}', header = false, delim = ',', columns = {"{"}
                    'id': 'BIGINT', 'price': '{parsed}', 'qty': '{parsed}', 'quote_qty': '{parsed}',
                    'time': 'BIGINT', 'is_buyer_maker': 'BOOLEAN', 'is_best_match': 'BOOLEAN'{"}"})
                ORDER BY trade_id
            ) TO '{outFolder}' (FORMAT PARQUET, COMPRESSION SNAPPY,
                PARTITION_BY (trade_year, trade_month, trade_day, instrument), OVERWRITE_OR_IGNORE)
            """;
    }

    public static int Run(string csv, string outFolder, bool wideParse) => DuckDbCompact.RunCopy(Sql(csv, outFolder, wideParse));
}
