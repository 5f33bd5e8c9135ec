using System.Text.Json;
using static Binance.Lake.Benchmarks.ChildProcessRun;

namespace Binance.Lake.Benchmarks;

/// <summary>
/// Issue 4's measure: import one archive day (about 5M trades at 58 trades/s) already on disk, download excluded.
/// Ours is the real CLI (<c>binance-lake archive --symbol BTCUSDT --file ZIP --lake L --json</c>: checksum, unzip,
/// parse, store the zip in the raw zone, compact into the Delta table) on a fresh lake, the zip and its
/// .CHECKSUM hard-linked into a folder of its own; the baseline, in the same run, is DuckDB turning the same day's
/// CSV, unzipped beforehand and untimed, into partitioned Parquet (<c>read_csv</c> → <c>COPY … PARTITION_BY</c>) in a
/// child process of this benchmark. Both are timed from process start to exit with their VmHWM sampled the same
/// way (<see cref="ChildProcessRun"/>). Goal: throughput ours ÷ DuckDB ≥ 1.0. Both outputs are then counted and
/// compared row for row by DuckDB.
/// </summary>
internal static class ArchiveImportBenchmark
{
    public static async Task<int> RunAsync(int tradesPerSecond, int runs, bool duckDbWideParse)
    {
        var input = await ArchiveImportBenchmarkInput.EnsureAsync(tradesPerSecond);
        var day = input.Input;
        var trades = day.Trades;
        var work = Directory.CreateTempSubdirectory("binance-lake-bench-archive-").FullName;
        try
        {
            var comparison = new DuckDbComparison("ours (binance-lake archive --file)", "DuckDB (read_csv -> COPY)", duckDbWideParse);
            for (var run = 1; run <= Math.Max(1, runs); run++)
            {
                // Ours: the real CLI on a fresh lake, the zip and its checksum under a folder of their own.
                var files = Path.Combine(work, $"files-{run}");
                Directory.CreateDirectory(files);
                var zip = Path.Combine(files, Path.GetFileName(input.Zip));
                HardLink.CreateOrCopy(input.Zip, zip);
                HardLink.CreateOrCopy(input.Checksum, zip + ".CHECKSUM");
                var lake = Path.Combine(work, $"lake-{run}");
                var ours = await MeasureAsync(input.All, "dotnet", Path.Combine(AppContext.BaseDirectory, "binance-lake.dll"),
                    "archive", "--symbol", ArchiveImportBenchmarkInput.Symbol, "--file", zip, "--lake", lake, "--json");
                if (ours.ExitCode != 0)
                    return Failed("binance-lake archive --file", ours);
                using (var summary = JsonDocument.Parse(ours.Stdout))
                {
                    var archive = summary.RootElement.GetProperty("archive");
                    var compact = summary.RootElement.GetProperty("compact");
                    var imported = archive.GetProperty("trades").GetInt64();
                    ours = ours with
                    {
                        Note = $"in-process: import (verify, read, compact, store) {archive.GetProperty("elapsedSeconds").GetDouble():0.00} s, "
                            + $"leftover compact {compact.GetProperty("elapsedSeconds").GetDouble():0.00} s; {imported:N0} trades read, "
                            + $"{compact.GetProperty("tradesAdded").GetInt64():N0} added",
                    };
                }
                comparison.Ours.Add(ours, Path.Combine(lake, "curated", "trades"), lake);
                Directory.Delete(files, recursive: true);

                // DuckDB: the same day as CSV, in the same run, in its own process.
                if (await comparison.RunDuckDbAsync(work, run, input.All, DuckDbArchive.SubCommand, input.Csv) is { } failed)
                    return failed;
            }

            Console.WriteLine();
            Console.WriteLine($"archive-import: {trades:N0} trades of {day.Day:yyyy-MM-dd} ({tradesPerSecond} trades/s simulated), "
                + $"zip {day.ZipBytes / 1048576.0:N0} MiB, CSV {day.CsvBytes / 1048576.0:N0} MiB; {Math.Max(1, runs)} run(s); "
                + "ours from the zip (unzip timed), DuckDB from the unzipped CSV (unzip not timed); wall time from process start to exit, "
                + $"best of the runs; peak RSS = VmHWM sampled every {SampleEvery.TotalMilliseconds:0} ms, max over the runs");
            comparison.PrintResults(trades, oursGoal: "");
            return comparison.Verify(trades, day.FirstId, day.LastId) ? 0 : 1;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
