using System.Text.Json;
using DuckDB.NET.Data;
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
        var ok = true;
        try
        {
            var contenders = new List<Contender>
            {
                new("ours", "ours (binance-lake archive --file)"), new("DuckDB", "DuckDB (read_csv -> COPY)"),
            };
            if (duckDbWideParse)
                contenders.Add(new Contender("DuckDB-wide", "DuckDB, DECIMAL(28,8) parse"));
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
                        Note = $"in-process: verify+scan+store {archive.GetProperty("elapsedSeconds").GetDouble():0.00} s, "
                            + $"compact {compact.GetProperty("elapsedSeconds").GetDouble():0.00} s; {imported:N0} trades read, "
                            + $"{compact.GetProperty("tradesAdded").GetInt64():N0} added",
                    };
                }
                contenders[0].Add(ours, Path.Combine(lake, "curated", "trades"), lake);
                Directory.Delete(files, recursive: true);

                // DuckDB: the same day as CSV, in the same run, in its own process.
                for (var variant = 1; variant < contenders.Count; variant++)
                {
                    var output = Path.Combine(work, $"duckdb-{variant}-{run}");
                    var duck = await MeasureAsync(input.All, "dotnet", typeof(ArchiveImportBenchmark).Assembly.Location, DuckDbArchive.SubCommand,
                        input.Csv, output, variant == 1 ? "fast" : "wide");
                    if (duck.ExitCode != 0)
                        return Failed("DuckDB COPY", duck);
                    var result = JsonSerializer.Deserialize<DuckDbCompact.Result>(duck.Stdout.Trim().Split('\n')[^1])!;
                    contenders[variant].Add(duck with
                    {
                        Note = $"COPY alone {result.QuerySeconds:0.00} s, self-read VmHWM {result.PeakMiB:N0} MiB, threads {result.Threads}, memory_limit {result.MemoryLimit}",
                    }, output, output);
                }
                Console.WriteLine($"run {run}: " + string.Join("; ", contenders.Select(c => $"{c.Label} {c.Runs[^1].Seconds:0.00} s (others {c.Runs[^1].OtherCores:0.00} cores)")));

                // Keep only the newest outputs (disk): they are verified below.
                foreach (var contender in contenders)
                    contender.DropOlderOutputs();
            }

            Console.WriteLine();
            Console.WriteLine($"archive-import: {trades:N0} trades of {day.Day:yyyy-MM-dd} ({tradesPerSecond} trades/s simulated), "
                + $"zip {day.ZipBytes / 1048576.0:N0} MiB, CSV {day.CsvBytes / 1048576.0:N0} MiB; {Math.Max(1, runs)} run(s); "
                + "ours from the zip (unzip timed), DuckDB from the unzipped CSV (unzip not timed); wall time from process start to exit, "
                + $"best of the runs; peak RSS = VmHWM sampled every {SampleEvery.TotalMilliseconds:0} ms, max over the runs");
            foreach (var c in contenders)
            {
                var best = c.Best;
                Console.WriteLine($"  {c.Name,-34}: {best.Seconds,7:0.00} s  {trades / best.Seconds,11:N0} trades/s   peak RSS {c.PeakMiB,6:N0} MiB"
                    + $"   [CPU {best.CpuSeconds:0.00} s; {best.Note}; other processes used {best.OtherCores:0.00} of {Environment.ProcessorCount} cores meanwhile]");
            }
            var ratio = contenders[1].Best.Seconds / contenders[0].Best.Seconds;
            Console.WriteLine($"  {"throughput ours / DuckDB",-34}: {ratio:0.00}x  (goal >= 1.0)"
                + (duckDbWideParse ? $"; against the DECIMAL(28,8) parse: {contenders[2].Best.Seconds / contenders[0].Best.Seconds:0.00}x" : ""));

            // Every output, counted and compared with ours by DuckDB (in this process; not measured).
            using var connection = new DuckDBConnection("DataSource=:memory:");
            connection.Open();
            foreach (var c in contenders)
            {
                var count = DuckDbCompact.Count(connection, c.Output);
                var (files, bytes) = DataFiles(c.Output);
                var right = count.Rows == trades && count.DistinctIds == trades && count.MinId == day.FirstId && count.MaxId == day.LastId;
                var differences = c == contenders[0] ? 0 : DuckDbCompact.Differences(connection, contenders[0].Output, c.Output);
                ok &= right && differences == 0;
                Console.WriteLine($"  {c.Label + " output",-34}: {count.Rows:N0} rows, {count.DistinctIds:N0} distinct ids {count.MinId}..{count.MaxId}, "
                    + $"{files} files, {bytes / 1048576.0:N0} MiB  {(right ? "OK" : "WRONG")}"
                    + (c == contenders[0] ? "" : $"; rows differing from ours (every data column): {differences:N0}"));
            }
            return ok ? 0 : 1;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
