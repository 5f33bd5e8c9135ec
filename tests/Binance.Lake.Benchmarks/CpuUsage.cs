using System.Globalization;
using System.Runtime.InteropServices;

namespace Binance.Lake.Benchmarks;

/// <summary>
/// CPU time around a child process: its own user+system seconds (getrusage of reaped children), and how much
/// of the machine everything else used meanwhile (/proc/stat busy time minus the child's and this process's),
/// so a run skewed by other work on a shared machine says so.
/// </summary>
internal readonly record struct CpuUsage(double ChildSeconds, double MachineBusySeconds, double SelfSeconds)
{
    public static CpuUsage Now() => new(ChildrenSeconds(), MachineBusy(), Environment.CpuUsage.TotalTime.TotalSeconds);

    /// <summary>The child's CPU seconds, and the cores other processes kept busy on average over <paramref name="wallSeconds"/>.</summary>
    public static (double Child, double OtherCores) Between(CpuUsage before, CpuUsage after, double wallSeconds)
    {
        var child = after.ChildSeconds - before.ChildSeconds;
        var others = after.MachineBusySeconds - before.MachineBusySeconds - child - (after.SelfSeconds - before.SelfSeconds);
        return (child, Math.Max(0, others) / wallSeconds);
    }

    private static double MachineBusy()
    {
        // cpu  user nice system idle iowait irq softirq steal ... (in clock ticks, USER_HZ = 100 on Linux)
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long Tick(int i) => long.Parse(fields[i], CultureInfo.InvariantCulture);
        return (Tick(1) + Tick(2) + Tick(3) + Tick(6) + Tick(7) + Tick(8)) / 100.0;
    }

    private static double ChildrenSeconds()
    {
        if (getrusage(RusageChildren, out var usage) != 0)
            return double.NaN;
        return usage.UserSeconds + usage.UserMicros / 1e6 + usage.SystemSeconds + usage.SystemMicros / 1e6;
    }

    private const int RusageChildren = -1;

    [StructLayout(LayoutKind.Sequential)]
    private struct Rusage
    {
        public long UserSeconds, UserMicros, SystemSeconds, SystemMicros;
        public long MaxRss, IxRss, IdRss, IsRss, MinFlt, MajFlt, NSwap, InBlock, OuBlock, MsgSnd, MsgRcv, NSignals, NvCsw, NivCsw;
    }

#pragma warning disable SYSLIB1054 // DllImport keeps the project free of unsafe code; this is not a hot path.
    [DllImport("libc", SetLastError = true)]
    private static extern int getrusage(int who, out Rusage usage);
#pragma warning restore SYSLIB1054
}
