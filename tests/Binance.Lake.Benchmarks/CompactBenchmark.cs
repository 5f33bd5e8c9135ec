using System.Text.Json;
using static Binance.Lake.Benchmarks.ChildProcessRun;

namespace Binance.Lake.Benchmarks;

/// <summary>
/// Issue 3's measure: compact N simulated trades from raw REST chunks. Ours is the real CLI
/// (<c>binance-lake compact --lake L --json</c>) on a fresh lake whose raw zone is the cached input, hard-linked;
/// the baseline, in the same run on the same files, is DuckDB (<c>read_json</c> → <c>COPY … PARTITION_BY</c>,
/// deduplicated and sorted like ours) in a child process of this benchmark. Both are timed wall-clock from
/// process start to exit and their peak RSS (VmHWM) is sampled from /proc the same way. Goals: throughput
/// ours ÷ DuckDB ≥ 1.0, our peak RSS ≤ 1 GB. Both outputs are then counted and compared row for row by DuckDB.
/// </summary>
internal static class CompactBenchmark
{
    public static async Task<int> RunAsync(long trades, int tradesPerSecond, int runs, bool duckDbWideParse)
    {
        var (input, description) = await CompactBenchmarkInput.EnsureAsync(trades, tradesPerSecond);
        var work = Directory.CreateTempSubdirectory("binance-lake-bench-compact-").FullName;
        try
        {
            var comparison = new DuckDbComparison("ours (binance-lake compact)", "DuckDB (read_json -> COPY)", duckDbWideParse);
            int partitions = 0;
            for (var run = 1; run <= Math.Max(1, runs); run++)
            {
                // Ours: the real CLI on a fresh lake (empty curated table) over the same raw files.
                var lake = Path.Combine(work, $"lake-{run}");
                CompactBenchmarkInput.LinkRawZone(input, lake);
                var oursTable = Path.Combine(lake, "curated", "trades");
                var ours = await MeasureAsync(WarmFiles(input), "dotnet", Path.Combine(AppContext.BaseDirectory, "binance-lake.dll"), "compact", "--lake", lake, "--json");
                if (ours.ExitCode != 0)
                    return Failed("binance-lake compact", ours);
                using (var summary = JsonDocument.Parse(ours.Stdout))
                {
                    partitions = summary.RootElement.GetProperty("partitions").GetInt32();
                    ours = ours with { Note = $"in-process elapsed {summary.RootElement.GetProperty("elapsedSeconds").GetDouble():0.00} s" };
                }
                comparison.Ours.Add(ours, oursTable, lake);

                // DuckDB: the same input folder, in the same run, in its own process.
                if (await comparison.RunDuckDbAsync(work, run, WarmFiles(input), DuckDbCompact.SubCommand, CompactBenchmarkInput.RawFolder(input)) is { } failed)
                    return failed;
            }

            Console.WriteLine();
            Console.WriteLine($"compact: {trades:N0} trades in {description.Files:N0} raw REST chunks ({description.Bytes / 1048576.0:N0} MiB JSON), "
                + $"{partitions} day partitions, {Math.Max(1, runs)} run(s); wall time from process start to exit, best of the runs; "
                + $"peak RSS = VmHWM sampled every {SampleEvery.TotalMilliseconds:0} ms, max over the runs");
            comparison.PrintResults(trades, oursGoal: "  (goal <= 1024)");
            return comparison.Verify(trades, 0, trades - 1) ? 0 : 1;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static IEnumerable<string> WarmFiles(string input) => Directory.EnumerateFiles(CompactBenchmarkInput.RawFolder(input), "*.json");
}
