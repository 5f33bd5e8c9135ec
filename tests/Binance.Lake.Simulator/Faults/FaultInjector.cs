using Binance.Lake.Simulator.History;

namespace Binance.Lake.Simulator.Faults;

/// <summary>
/// Decides which trade-data requests fail. The n-th eligible request's fate is a hash of (seed, n),
/// so a sequential client sees the same faults on every run with the same seed.
/// </summary>
internal sealed class FaultInjector(ulong seed, double share5xx, double shareTruncate, double shareDrop)
{
    private const ulong Salt = 0xFA017;
    private long _counter;

    public bool Enabled => share5xx + shareTruncate + shareDrop > 0;

    /// <param name="cutFraction">For <see cref="FaultKind.Truncate"/>: where to cut the body, in [0, 1).</param>
    public FaultKind Next(out double cutFraction)
    {
        cutFraction = 0;
        if (!Enabled) return FaultKind.None;
        long n = Interlocked.Increment(ref _counter);
        ulong h = SplitMix.Mix(SplitMix.Mix(seed, Salt), (ulong)n);
        double u = SplitMix.Unit(h);
        cutFraction = SplitMix.Unit(SplitMix.Mix(h));
        if (u < share5xx) return FaultKind.ServerError;
        if (u < share5xx + shareTruncate) return FaultKind.Truncate;
        if (u < share5xx + shareTruncate + shareDrop) return FaultKind.Drop;
        return FaultKind.None;
    }
}
