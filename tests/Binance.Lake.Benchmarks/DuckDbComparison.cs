using System.Text.Json;
using DuckDB.NET.Data;
using static Binance.Lake.Benchmarks.ChildProcessRun;

namespace Binance.Lake.Benchmarks;

/// <summary>
/// What the compact and archive-import benchmarks share: ours against DuckDB's fast decimal parse (and optionally
/// its DECIMAL(28,8) parse), each DuckDB variant run as a hidden subcommand of this benchmark, then the results
/// and a row-for-row check of every output. Each benchmark brings its own input and its own run of ours.
/// </summary>
internal sealed class DuckDbComparison(string ours, string duckDb, bool wideParse)
{
    public List<Contender> Contenders { get; } =
    [
        new("ours", ours), new("DuckDB", duckDb), .. wideParse ? [new Contender("DuckDB-wide", "DuckDB, DECIMAL(28,8) parse")] : Array.Empty<Contender>(),
    ];

    public Contender Ours => Contenders[0];

    /// <summary>Runs every DuckDB variant on the same input in this run; null when all succeeded, else the exit code to return.</summary>
    public async Task<int?> RunDuckDbAsync(string work, int run, IEnumerable<string> warmFiles, string subCommand, string input)
    {
        for (var variant = 1; variant < Contenders.Count; variant++)
        {
            var output = Path.Combine(work, $"duckdb-{variant}-{run}");
            var duck = await MeasureAsync(warmFiles, "dotnet", typeof(DuckDbComparison).Assembly.Location, subCommand,
                input, output, variant == 1 ? "fast" : "wide");
            if (duck.ExitCode != 0)
                return Failed("DuckDB COPY", duck);
            var result = JsonSerializer.Deserialize<DuckDbCompact.Result>(duck.Stdout.Trim().Split('\n')[^1])!;
            Contenders[variant].Add(duck with
            {
                Note = $"COPY alone {result.QuerySeconds:0.00} s, self-read VmHWM {result.PeakMiB:N0} MiB, threads {result.Threads}, memory_limit {result.MemoryLimit}",
            }, output, output);
        }
        Console.WriteLine($"run {run}: " + string.Join("; ", Contenders.Select(c => $"{c.Label} {c.Runs[^1].Seconds:0.00} s (others {c.Runs[^1].OtherCores:0.00} cores)")));
        // Keep only the newest outputs (disk): they are verified at the end.
        foreach (var contender in Contenders)
            contender.DropOlderOutputs();
        return null;
    }

    /// <summary>Each side's best run, and the throughput ratio against the goal of 1.0.</summary>
    public void PrintResults(long trades, string oursGoal)
    {
        var width = Contenders.Max(c => c.Name.Length);
        foreach (var c in Contenders)
        {
            var best = c.Best;
            Console.WriteLine($"  {c.Name.PadRight(width)}: {best.Seconds,7:0.00} s  {trades / best.Seconds,11:N0} trades/s   peak RSS {c.PeakMiB,6:N0} MiB"
                + (c == Ours ? oursGoal : "") + $"   [CPU {best.CpuSeconds:0.00} s; {best.Note}; other processes used {best.OtherCores:0.00} of {Environment.ProcessorCount} cores meanwhile]");
        }
        var ratio = Contenders[1].Best.Seconds / Ours.Best.Seconds;
        Console.WriteLine($"  {"throughput ours / DuckDB".PadRight(width)}: {ratio:0.00}x  (goal >= 1.0)"
            + (Contenders.Count > 2 ? $"; against the DECIMAL(28,8) parse: {Contenders[2].Best.Seconds / Ours.Best.Seconds:0.00}x" : ""));
    }

    /// <summary>Every output counted and compared with ours by DuckDB (in this process; not measured): true when all hold exactly the ids.</summary>
    public bool Verify(long trades, long firstId, long lastId)
    {
        var width = Contenders.Max(c => c.Name.Length);
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var ok = true;
        foreach (var c in Contenders)
        {
            var count = DuckDbCompact.Count(connection, c.Output);
            var (files, bytes) = DataFiles(c.Output);
            var right = count.Rows == trades && count.DistinctIds == trades && count.MinId == firstId && count.MaxId == lastId;
            var differences = c == Ours ? 0 : DuckDbCompact.Differences(connection, Ours.Output, c.Output);
            ok &= right && differences == 0;
            Console.WriteLine($"  {(c.Label + " output").PadRight(width)}: {count.Rows:N0} rows, {count.DistinctIds:N0} distinct ids {count.MinId}..{count.MaxId}, "
                + $"{files} files, {bytes / 1048576.0:N0} MiB  {(right ? "OK" : "WRONG")}"
                + (c == Ours ? "" : $"; rows differing from ours (every data column): {differences:N0}"));
        }
        return ok;
    }
}
