using System.Globalization;

namespace Binance.Lake.Benchmarks;

/// <summary>Resident memory of another process, from /proc: current (VmRSS) and peak (VmHWM), in MiB.</summary>
internal static class ProcessMemory
{
    public static (double RssMiB, double PeakMiB)? Read(int pid)
    {
        try
        {
            double rss = 0, peak = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kib(line) / 1024;
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) peak = Kib(line) / 1024;
            }
            return (rss, peak);
        }
        catch (IOException)
        {
            return null; // the process has exited
        }
    }

    private static double Kib(string line) =>
        double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
