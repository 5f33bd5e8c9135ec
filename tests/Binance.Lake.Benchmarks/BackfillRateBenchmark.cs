using System.Diagnostics;
using Binance.Lake.Simulator;

namespace Binance.Lake.Benchmarks;

/// <summary>
/// Issue 2's measure: the real CLI backfilling from the simulator under a scaled budget (600 weight per
/// 10 s) for a minute or more. Baseline is the budget itself: weight the exchange served in whole
/// windows ÷ weight it allowed in them (goal ≥ 0.97), with 429s (goal 0), trades/s, and the CLI's RSS
/// sampled every second (goal flat, &lt; 200 MB).
/// </summary>
internal static class BackfillRateBenchmark
{
    public static async Task<int> RunAsync(int seconds, int concurrency)
    {
        var interval = TimeSpan.FromSeconds(10);
        const int limit = 600;
        // A long, dense history: the run is stopped by time, never by running out of trades.
        await using var simulator = await ExchangeSimulator.StartAsync(new SimulatorOptions
        {
            WeightLimit = limit, WeightInterval = interval, TradesPerSecond = 50, Symbols = ["BTCUSDT"],
        });
        var lake = Directory.CreateTempSubdirectory("binance-lake-bench-").FullName;
        var cli = Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "binance-lake.dll"), "backfill", "--source", "rest", "--symbol", "BTCUSDT", "--reverse",
                "--rest-url", simulator.BaseUrl.ToString(), "--lake", lake, "--concurrency", concurrency.ToString(), "--json" },
            RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        var stderr = cli.StandardError.ReadToEndAsync();
        var stdout = cli.StandardOutput.ReadToEndAsync();

        // Measure whole windows only: from the first boundary after start-up to the last before the stop.
        await DelayUntilNextBoundary(interval, TimeSpan.FromSeconds(2));
        var (startWeight, startTrades, started) = (simulator.Stats.WeightServed, TradesIn(lake), Stopwatch.StartNew());
        var windows = Math.Max(1, seconds / (int)interval.TotalSeconds);
        var end = started.Elapsed + interval * windows;
        var samples = new List<double>();
        while (started.Elapsed < end)
        {
            await Task.Delay(TimeSpan.FromTicks(Math.Min(TimeSpan.TicksPerSecond, (end - started.Elapsed).Ticks)));
            if (ProcessMemory.Read(cli.Id) is { } memory)
                samples.Add(memory.RssMiB);
        }
        var measuredWeight = simulator.Stats.WeightServed - startWeight;
        var measuredTrades = TradesIn(lake) - startTrades;
        var measuredSeconds = started.Elapsed.TotalSeconds;
        var peak = ProcessMemory.Read(cli.Id)?.PeakMiB ?? double.NaN;

        // SIGTERM, not SIGINT: a background job inherits SIGINT as ignored, and the CLI stops cleanly on either.
        Process.Start("kill", ["-TERM", cli.Id.ToString()])!.WaitForExit();
        await cli.WaitForExitAsync();
        await Task.WhenAll(stderr, stdout);
        var trades = TradesIn(lake);
        Directory.Delete(lake, recursive: true);

        var allowed = (double)limit * windows;
        Console.WriteLine($"backfill-rate: {windows} whole windows of {interval.TotalSeconds:0} s at {limit} weight, {concurrency} workers, CLI exit {cli.ExitCode}");
        Console.WriteLine($"  weight used / allowed : {measuredWeight} / {allowed:0} = {measuredWeight / allowed:0.000}  (goal >= 0.97)");
        Console.WriteLine($"  429 responses         : {simulator.Stats.Status429}  (goal 0); 418: {simulator.Stats.Status418}");
        Console.WriteLine($"  trades fetched        : {trades:N0} in the run; {measuredTrades / measuredSeconds:N0} trades/s in the measured windows (ceiling {limit / 25 * 1000 / interval.TotalSeconds:N0})");
        Console.WriteLine($"  CLI RSS (MiB)         : first {samples.FirstOrDefault():0}, last {samples.LastOrDefault():0}, max sampled {samples.DefaultIfEmpty().Max():0}, peak (VmHWM) {peak:0}  (goal flat, < 200)");
        return simulator.Stats.Status429 == 0 ? 0 : 1;
    }

    private static long TradesIn(string lake) =>
        !Directory.Exists(Path.Combine(lake, "raw")) ? 0
        : Directory.EnumerateFiles(Path.Combine(lake, "raw"), "*.json", SearchOption.AllDirectories).Sum(TradesInName);

    private static long TradesInName(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path).Split('-');
        return name.Length == 2 && long.TryParse(name[0], out var first) && long.TryParse(name[1], out var last) ? last - first + 1 : 0;
    }

    private static Task DelayUntilNextBoundary(TimeSpan interval, TimeSpan atLeast)
    {
        var now = DateTime.UtcNow.Ticks + atLeast.Ticks;
        var next = (now / interval.Ticks + 1) * interval.Ticks;
        return Task.Delay(TimeSpan.FromTicks(next - DateTime.UtcNow.Ticks));
    }
}
