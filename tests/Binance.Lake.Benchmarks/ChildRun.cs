using System.Diagnostics;

namespace Binance.Lake.Benchmarks;

/// <summary>
/// A contender run as a child process to its end: wall time from start to exit, its CPU seconds, its VmHWM sampled
/// until it exits, and how busy the rest of the machine was meanwhile (a shared machine skews figures; this says so).
/// </summary>
internal sealed record ChildRun(int ExitCode, double Seconds, double PeakMiB, string Stdout, string Stderr, double CpuSeconds, double OtherCores, string Note = "")
{
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(10);

    public static string SampleDescription => $"VmHWM sampled every {SampleEvery.TotalMilliseconds:0} ms";

    public static async Task<ChildRun> MeasureAsync(string program, params string[] arguments)
    {
        var cpu = CpuUsage.Now();
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var exited = process.WaitForExitAsync();
        double peak = 0;
        while (!exited.IsCompleted)
        {
            if (ProcessMemory.Read(process.Id) is { } memory)
                peak = Math.Max(peak, memory.PeakMiB);
            await Task.WhenAny(exited, Task.Delay(SampleEvery));
        }
        await exited;
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var (child, others) = CpuUsage.Between(cpu, CpuUsage.Now(), seconds);
        return new ChildRun(process.ExitCode, seconds, peak, await stdout, await stderr, child, others);
    }

    /// <summary>Says why a contender failed, for the benchmark's exit code 2.</summary>
    public int Failed(string what)
    {
        Console.Error.WriteLine($"{what} failed with exit code {ExitCode}:\n{Stderr}\n{Stdout}");
        return 2;
    }
}
