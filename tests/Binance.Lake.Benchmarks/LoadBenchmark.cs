using System.Globalization;
using System.Text.Json;
using Binance.Lake.Core.Storage;
using Binance.Lake.Serving;
using Binance.Lake.Testing;
using Binance.Lake.Transform.Trades;
using Npgsql;

namespace Binance.Lake.Benchmarks;

/// <summary>
/// Issue 6's measure: the PostgreSQL load of N trades. Ours is the real CLI (<c>binance-lake load --target
/// postgres:… --json</c>) into a fresh database of a throwaway cluster: Delta log, Parquet decoding, day partitions
/// with a primary key and a time index, the ledger. The baseline, in the same run and the same database, is the
/// least any loader must do: a plain binary COPY of the same rows, already decoded in memory, into one unindexed,
/// unpartitioned table. Goal: ours ≥ 0.9× the baseline's throughput. Both tables are then compared row for row.
/// </summary>
internal static class LoadBenchmark
{
    private const string Instrument = "BTCUSDT";
    private static readonly DateOnly FirstDay = new(2024, 8, 1);

    public static async Task<int> RunAsync(int trades, int days, int runs)
    {
        var lake = Directory.CreateTempSubdirectory("binance-lake-bench-load-").FullName;
        try
        {
            await using var postgres = await ThrowawayPostgres.StartAsync();
            var rows = await WriteTableAsync(new LocalObjectStore(lake), trades, days);
            var plain = new List<(double Seconds, double Cpu)>();
            var ours = new List<(Measured Run, double LoadSeconds, double Cpu)>();
            var ok = true;
            for (var run = 1; run <= Math.Max(1, runs); run++)
            {
                var database = await postgres.CreateDatabaseAsync($"run_{run}");
                var (clientCpu, serverCpu) = (Environment.CpuUsage.TotalTime.TotalSeconds, postgres.ServerCpuSeconds());
                var plainSeconds = await PlainCopyAsync(database, rows);
                plain.Add((plainSeconds, Environment.CpuUsage.TotalTime.TotalSeconds - clientCpu + postgres.ServerCpuSeconds() - serverCpu));
                serverCpu = postgres.ServerCpuSeconds();
                var load = await ChildProcessRun.MeasureAsync([], "dotnet", Path.Combine(AppContext.BaseDirectory, "binance-lake.dll"),
                    "load", "--lake", lake, "--target", "postgres:" + database, "--json");
                if (load.ExitCode != 0)
                    return ChildProcessRun.Failed("binance-lake load", load);
                using (var summary = JsonDocument.Parse(load.Stdout))
                    ours.Add((load, summary.RootElement.GetProperty("elapsedSeconds").GetDouble(), load.CpuSeconds + postgres.ServerCpuSeconds() - serverCpu));
                var (count, differences) = await CompareAsync(database);
                ok &= count == trades && differences == 0;
                Console.WriteLine($"run {run}: plain COPY {plain[^1].Seconds:0.00} s (CPU {plain[^1].Cpu:0.00} s); load {ours[^1].LoadSeconds:0.00} s in-process, "
                    + $"{load.Seconds:0.00} s CLI wall (CPU {ours[^1].Cpu:0.00} s); "
                    + $"{count:N0} rows, {differences:N0} differing (other processes used {load.OtherCores:0.00} cores)");
            }

            var best = ours.MinBy(o => o.LoadSeconds);
            var baseline = plain.Min(p => p.Seconds);
            var (baselineCpu, oursCpu) = (plain.Min(p => p.Cpu), ours.Min(o => o.Cpu));
            Console.WriteLine();
            Console.WriteLine($"load: {trades:N0} trades of {Instrument} in {days} day partitions (one Parquet file each), PostgreSQL {await VersionAsync(postgres)}, "
                + $"best of {ours.Count} run(s)");
            Console.WriteLine($"  {"plain binary COPY (baseline)",-34}: {baseline,6:0.00} s  {trades / baseline,11:N0} rows/s   (rows already in memory; one unindexed, unpartitioned table)");
            Console.WriteLine($"  {"ours, binance-lake load",-34}: {best.LoadSeconds,6:0.00} s  {trades / best.LoadSeconds,11:N0} rows/s   "
                + $"(the command's own elapsed; CLI wall {best.Run.Seconds:0.00} s with process start; CPU {best.Run.CpuSeconds:0.00} s; peak RSS {best.Run.PeakMiB:N0} MiB)");
            Console.WriteLine($"  {"throughput ours / plain COPY",-34}: {baseline / best.LoadSeconds:0.00}x  (goal >= 0.9); counting process start: {baseline / best.Run.Seconds:0.00}x");
            Console.WriteLine($"  {"CPU, client + server, least of runs",-34}: plain {baselineCpu:0.00} s, ours {oursCpu:0.00} s: {baselineCpu / oursCpu:0.00}x "
                + $"(other processes kept {best.Run.OtherCores:0.00} of {Environment.ProcessorCount} cores busy during ours)");
            Console.WriteLine($"  {"rows compared",-34}: {(ok ? "OK, every run: same rows, every column" : "WRONG")}");
            return ok ? 0 : 1;
        }
        finally
        {
            Directory.Delete(lake, recursive: true);
        }
    }

    /// <summary>The table ours loads: <paramref name="days"/> partitions of one instrument, one file each, as optimize leaves them.</summary>
    private static async Task<List<TradeRow[]>> WriteTableAsync(IObjectStore lake, int trades, int days)
    {
        var perDay = trades / days;
        var files = Enumerable.Range(0, days)
            .Select(d => new TradePartition(Instrument, FirstDay.AddDays(d)))
            .Select((p, d) => (p, SyntheticTrades.Of(p, (long)d * perDay, d == days - 1 ? trades - perDay * (days - 1) : perDay)))
            .ToArray();
        await SyntheticTrades.AppendAsync(lake, files);
        return files.Select(f => f.Item2).ToList();
    }

    private static async Task<double> PlainCopyAsync(string connectionString, List<TradeRow[]> rows)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand($"CREATE TABLE plain_trades ({ServedColumns.Definitions})", connection))
            await create.ExecuteNonQueryAsync();
        await using (var copy = await connection.BeginBinaryImportAsync($"COPY plain_trades ({ServedColumns.Names}) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var group in rows)
                NpgsqlTradeImport.Write(copy, Instrument, group, CancellationToken.None);
            await copy.CompleteAsync();
        }
        return stopwatch.Elapsed.TotalSeconds;
    }

    /// <summary>Rows ours loaded, and rows either table holds that the other does not, over every column.</summary>
    private static async Task<(long Count, long Differences)> CompareAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM trades),
                   (SELECT count(*) FROM (SELECT * FROM trades EXCEPT ALL SELECT * FROM plain_trades) a)
                 + (SELECT count(*) FROM (SELECT * FROM plain_trades EXCEPT ALL SELECT * FROM trades) b)
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static async Task<string> VersionAsync(ThrowawayPostgres postgres)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString());
        await connection.OpenAsync();
        return connection.PostgreSqlVersion.ToString(2);
    }
}
