namespace Binance.Lake.Simulator.History;

/// <summary>
/// Deterministic price and size model: a sum of sinusoids (week down to minute) around the
/// symbol's base price gives a smooth-ish path that depends only on absolute time, so the price at
/// a moment does not depend on when the simulator started; per-order noise adds tick-level jitter.
/// </summary>
internal sealed class PriceModel
{
    private static readonly (long Period, double Amplitude)[] Waves =
    [
        (604_800, 0.030),
        (86_400, 0.015),
        (21_600, 0.008),
        (3_600, 0.004),
        (600, 0.0015),
        (60, 0.0005),
    ];

    /// <summary>Half-width of the per-order noise, relative to the price.</summary>
    private const double NoiseAmplitude = 0.0002;

    /// <summary>Average trade size in quote currency (≈ 150 USDT for the USDT pairs).</summary>
    private const double MeanNotional = 150;

    private readonly SymbolSpec _spec;
    private readonly double[] _phases;

    public PriceModel(SymbolSpec spec, ulong key)
    {
        _spec = spec;
        _phases = new double[Waves.Length];
        for (int i = 0; i < Waves.Length; i++)
            _phases[i] = 2 * Math.PI * SplitMix.Unit(SplitMix.Mix(key, (ulong)i + 0xA11CE));
    }

    public long PriceE8(long second, int offsetMicros, ulong orderKey)
    {
        double x = 1;
        for (int i = 0; i < Waves.Length; i++)
        {
            var (period, amplitude) = Waves[i];
            // Reduce modulo the period first: sin of ~1.7e9 would lose the sub-second detail.
            double phase = (((second % period) + period) % period + offsetMicros * 1e-6) / period;
            x += amplitude * Math.Sin(2 * Math.PI * phase + _phases[i]);
        }
        x *= 1 + NoiseAmplitude * (2 * SplitMix.Unit(orderKey) - 1);
        double ticks = Math.Round(_spec.BasePrice * x * Decimal8.Scale / _spec.TickE8);
        return Math.Max(1, (long)ticks) * _spec.TickE8;
    }

    public long QtyE8(long priceE8, ulong fillKey)
    {
        double price = (double)priceE8 / Decimal8.Scale;
        double meanSteps = MeanNotional / price * Decimal8.Scale / _spec.StepE8;
        double steps = Math.Round(meanSteps * -Math.Log(1 - SplitMix.Unit(fillKey)));
        return Math.Max(1, (long)steps) * _spec.StepE8;
    }
}
