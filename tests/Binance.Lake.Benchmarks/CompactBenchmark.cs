using System.Text.Json;
using DuckDB.NET.Data;

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
        var ok = true;
        try
        {
            var contenders = new List<Contender> { new("ours", "ours (binance-lake compact)"), new("DuckDB", "DuckDB (read_json -> COPY)") };
            if (duckDbWideParse)
                contenders.Add(new Contender("DuckDB-wide", "DuckDB, DECIMAL(28,8) parse"));
            int partitions = 0;
            for (var run = 1; run <= Math.Max(1, runs); run++)
            {
                // Ours: the real CLI on a fresh lake (empty curated table) over the same raw files.
                var lake = Path.Combine(work, $"lake-{run}");
                CompactBenchmarkInput.LinkRawZone(input, lake);
                var oursTable = Path.Combine(lake, "curated", "trades");
                var ours = await MeasureAsync(input, "dotnet", Path.Combine(AppContext.BaseDirectory, "binance-lake.dll"), "compact", "--lake", lake, "--json");
                if (ours.ExitCode != 0)
                    return ours.Failed("binance-lake compact");
                using (var summary = JsonDocument.Parse(ours.Stdout))
                {
                    partitions = summary.RootElement.GetProperty("partitions").GetInt32();
                    ours = ours with { Note = $"in-process elapsed {summary.RootElement.GetProperty("elapsedSeconds").GetDouble():0.00} s" };
                }
                contenders[0].Add(ours, oursTable, lake);

                // DuckDB: the same input folder, in the same run, in its own process.
                for (var variant = 1; variant < contenders.Count; variant++)
                {
                    var output = Path.Combine(work, $"duckdb-{variant}-{run}");
                    var duck = await MeasureAsync(input, "dotnet", typeof(CompactBenchmark).Assembly.Location, DuckDbCompact.SubCommand,
                        CompactBenchmarkInput.RawFolder(input), output, variant == 1 ? "fast" : "wide");
                    if (duck.ExitCode != 0)
                        return duck.Failed("DuckDB COPY");
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
            Console.WriteLine($"compact: {trades:N0} trades in {description.Files:N0} raw REST chunks ({description.Bytes / 1048576.0:N0} MiB JSON), "
                + $"{partitions} day partitions, {Math.Max(1, runs)} run(s); wall time from process start to exit, best of the runs; "
                + $"peak RSS = {ChildRun.SampleDescription}, max over the runs");
            foreach (var c in contenders)
            {
                var best = c.Best;
                Console.WriteLine($"  {c.Name,-30}: {best.Seconds,7:0.00} s  {trades / best.Seconds,11:N0} trades/s   peak RSS {c.PeakMiB,6:N0} MiB"
                    + (c == contenders[0] ? "  (goal <= 1024)" : "") + $"   [CPU {best.CpuSeconds:0.00} s; {best.Note}; other processes used {best.OtherCores:0.00} of {Environment.ProcessorCount} cores meanwhile]");
            }
            var ratio = contenders[1].Best.Seconds / contenders[0].Best.Seconds;
            Console.WriteLine($"  {"throughput ours / DuckDB",-30}: {ratio:0.00}x  (goal >= 1.0)"
                + (duckDbWideParse ? $"; against the DECIMAL(28,8) parse: {contenders[2].Best.Seconds / contenders[0].Best.Seconds:0.00}x" : ""));

            // Every output, counted and compared with ours by DuckDB (in this process; not measured).
            using var connection = new DuckDBConnection("DataSource=:memory:");
            connection.Open();
            foreach (var c in contenders)
            {
                var count = DuckDbCompact.Count(connection, c.Output);
                var (files, bytes) = DataFiles(c.Output);
                var right = count.Rows == trades && count.DistinctIds == trades && count.MinId == 0 && count.MaxId == trades - 1;
                var differences = c == contenders[0] ? 0 : DuckDbCompact.Differences(connection, contenders[0].Output, c.Output);
                ok &= right && differences == 0;
                Console.WriteLine($"  {c.Label + " output",-30}: {count.Rows:N0} rows, {count.DistinctIds:N0} distinct ids {count.MinId}..{count.MaxId}, "
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

    /// <summary>One side of the comparison: its runs, and where its newest output is.</summary>
    private sealed class Contender(string label, string name)
    {
        private readonly List<(string Output, string Folder)> _outputs = [];

        public string Label => label;
        public string Name => name;
        public List<ChildRun> Runs { get; } = [];
        public ChildRun Best => Runs.MinBy(r => r.Seconds)!;
        public double PeakMiB => Runs.Max(r => r.PeakMiB);
        public string Output => _outputs[^1].Output;

        /// <summary>A run, with its output and the folder that holds everything it wrote.</summary>
        public void Add(ChildRun run, string output, string folder)
        {
            Runs.Add(run);
            _outputs.Add((output, folder));
        }

        public void DropOlderOutputs()
        {
            foreach (var (_, folder) in _outputs.Take(_outputs.Count - 1).Where(o => Directory.Exists(o.Folder)))
                Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Every contender starts with the same warm page cache: the input is read once right before it.</summary>
    private static Task<ChildRun> MeasureAsync(string input, string program, params string[] arguments)
    {
        CompactBenchmarkInput.WarmPageCache(input);
        return ChildRun.MeasureAsync(program, arguments);
    }

    private static (int Files, long Bytes) DataFiles(string folder)
    {
        var files = Directory.GetFiles(folder, "*.parquet", SearchOption.AllDirectories)
            .Where(f => !f.Contains("_delta_log", StringComparison.Ordinal)).ToArray();
        return (files.Length, files.Sum(f => new FileInfo(f).Length));
    }
}
