using System.Diagnostics;

namespace Binance.Lake.Benchmarks;

/// <summary>One measured child process: exit code, wall time, peak RSS, its output, its CPU and the machine's other load.</summary>
internal sealed record Measured(int ExitCode, double Seconds, double PeakMiB, string Stdout, string Stderr, double CpuSeconds, double OtherCores, string Note = "");

/// <summary>
/// How the benchmarks time a contender: a child process run to its end, wall time from start to exit, its peak
/// RSS (VmHWM) sampled from /proc until it exits, its CPU seconds and what the rest of the machine used meanwhile.
/// The input is read once before each run, so every contender starts with the same warm page cache.
/// </summary>
internal static class ChildProcessRun
{
    public static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Runs a child to its end, after reading <paramref name="warmFiles"/> once (enumerated afresh each call):
    /// wall time from start to exit, and its VmHWM sampled until it exits.
    /// </summary>
    public static async Task<Measured> MeasureAsync(IEnumerable<string> warmFiles, string program, params string[] arguments)
    {
        WarmPageCache(warmFiles);
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
        return new Measured(process.ExitCode, seconds, peak, await stdout, await stderr, child, others);
    }

    /// <summary>Reads every file once, so each contender starts with the same warm page cache.</summary>
    public static void WarmPageCache(IEnumerable<string> files)
    {
        var buffer = new byte[1 << 20];
        foreach (var file in files)
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            while (stream.Read(buffer) > 0)
            {
            }
        }
    }

    public static int Failed(string what, Measured run)
    {
        Console.Error.WriteLine($"{what} failed with exit code {run.ExitCode}:\n{run.Stderr}\n{run.Stdout}");
        return 2;
    }

    /// <summary>The Parquet data files under a folder (a Delta table's _delta_log excluded): count and bytes.</summary>
    public static (int Files, long Bytes) DataFiles(string folder)
    {
        var files = Directory.GetFiles(folder, "*.parquet", SearchOption.AllDirectories)
            .Where(f => !f.Contains("_delta_log", StringComparison.Ordinal)).ToArray();
        return (files.Length, files.Sum(f => new FileInfo(f).Length));
    }
}
