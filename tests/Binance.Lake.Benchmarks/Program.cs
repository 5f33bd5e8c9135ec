using System.Globalization;
using Binance.Lake.Benchmarks;

// Benchmarks print figures against a baseline measured in the same run; they assert nothing.
// Usage: dotnet run -c Release --project tests/Binance.Lake.Benchmarks -- <name> [options]
var name = args.FirstOrDefault();
int Arg(string option, int fallback)
{
    var index = Array.IndexOf(args, option);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

return name switch
{
    "backfill-rate" => await BackfillRateBenchmark.RunAsync(Arg("--seconds", 70), Arg("--concurrency", 8)),
    "compact" => await CompactBenchmark.RunAsync(Arg("--trades", 10_000_000), Arg("--trades-per-second", 20), Arg("--runs", 1),
        args.Contains("--duckdb-wide-parse")),
    "archive-import" => await ArchiveImportBenchmark.RunAsync(Arg("--trades-per-second", 58), Arg("--runs", 1),
        args.Contains("--duckdb-wide-parse")),
    "load" => await LoadBenchmark.RunAsync(Arg("--trades", 1_000_000), Arg("--days", 4), Arg("--runs", 3)),
    "live" => await LiveBenchmark.RunAsync(Arg("--messages", 3_000_000), Arg("--latency-seconds", 20)),
    // Hidden: the compact benchmark's DuckDB baseline, run by it in a child process (RAW_FOLDER OUT_FOLDER fast|wide).
    DuckDbCompact.SubCommand when args.Length == 4 => DuckDbCompact.Run(args[1], args[2], args[3] == "wide"),
    // Hidden: the archive-import benchmark's DuckDB baseline, run by it in a child process (CSV OUT_FOLDER fast|wide).
    DuckDbArchive.SubCommand when args.Length == 4 => DuckDbArchive.Run(args[1], args[2], args[3] == "wide"),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        benchmarks:
          backfill-rate [--seconds 70] [--concurrency 8]   REST backfill under a 600-weight/10 s budget: weight used/allowed, 429s, trades/s, RSS
          compact [--trades 10000000] [--trades-per-second 20] [--runs 1] [--duckdb-wide-parse]
                                                         compact N simulated trades from raw REST chunks vs DuckDB read_json -> COPY PARTITION_BY:
                                                         trades/s ratio, times, peak RSS (input cached in /tmp/binance-lake-bench-input-N);
                                                         --duckdb-wide-parse also times DuckDB parsing straight into DECIMAL(28,8)
          archive-import [--trades-per-second 58] [--runs 1] [--duckdb-wide-parse]
                                                         import one archive day (about 5M trades at 58/s) from its zip on disk with
                                                         `binance-lake archive --file` (checksum, unzip, parse, Delta write; no download)
                                                         vs DuckDB read_csv on the unzipped CSV (unzip not timed) -> COPY PARTITION_BY:
                                                         trades/s ratio, times, CPU, peak RSS (input cached in /tmp/binance-lake-bench-archive-TPS);
                                                         --duckdb-wide-parse also times DuckDB parsing straight into DECIMAL(28,8)
          load [--trades 1000000] [--days 4] [--runs 3]    binance-lake load into a throwaway PostgreSQL vs a plain binary COPY of the
                                                         same rows into an unindexed table: times, throughput ratio, row-for-row check
          live [--messages 3000000] [--latency-seconds 20]
                                                         the live collector into the lake sink from a local fromId stream vs a bare
                                                         ClientWebSocket draining it: msg/s ratio, RSS; then receive -> durable
                                                         p50/p99 at 5k trades/s with a 1 s batch age
        """);
    return 1;
}
