namespace Binance.Lake.Simulator.History;

/// <summary>
/// How many taker orders and trades happen in each UTC second. Counts are O(1) per second (one
/// table lookup, two hashes) because the per-minute prefix sums over 45+ days of seconds are built from them.
/// </summary>
internal sealed class ActivityModel
{
    /// <summary>Average trades per taker order; each order fills 1..k trades at one price and time.</summary>
    private const double MeanFill = 1.8;

    /// <summary>About 0.5% of seconds are bursts with 6× the usual activity.</summary>
    private const int BurstPer1024 = 5;
    private const double BurstFactor = 6;

    private const int ExpTableBits = 12;

    // -ln(u) sampled at bucket centres and rescaled to mean 1, so floor(λ·e + dither) has mean λ exactly.
    private static readonly double[] ExpTable = BuildExpTable();

    // Intraday rhythm by minute of the UTC day: peak ~14:30, trough ~02:30, ratio 3:1, mean 1.
    private static readonly double[] Rhythm = BuildRhythm();

    private readonly ulong _key;
    private readonly double _ordersPerSecond;

    public ActivityModel(ulong key, double tradesPerSecond)
    {
        _key = key;
        double burstMean = 1 + BurstPer1024 / 1024.0 * (BurstFactor - 1);
        _ordersPerSecond = tradesPerSecond / MeanFill / burstMean;
    }

    private ulong SecondHash(long second) => SplitMix.Mix(_key ^ ((ulong)second * SplitMix.Golden));

    /// <summary>Mean orders per second for the minute containing <paramref name="second"/>, before bursts.</summary>
    private double OrdersLambda(long second)
    {
        int minuteOfDay = (int)(((second % 86_400) + 86_400) % 86_400 / 60);
        return _ordersPerSecond * Rhythm[minuteOfDay];
    }

    public (int Orders, int Trades) Counts(long second) => CountsFromHash(SecondHash(second), OrdersLambda(second));

    /// <summary>
    /// Totals of one whole UTC minute. The rhythm is constant within a minute, so this hoists its
    /// lookup out of the loop; it is the hot path when the prefix index is built.
    /// </summary>
    public (long Orders, long Trades) MinuteTotals(long minuteStartSecond)
    {
        double lambda = OrdersLambda(minuteStartSecond);
        long orders = 0, trades = 0;
        for (long s = minuteStartSecond; s < minuteStartSecond + 60; s++)
        {
            var c = CountsFromHash(SecondHash(s), lambda);
            orders += c.Orders;
            trades += c.Trades;
        }
        return (orders, trades);
    }

    private static (int Orders, int Trades) CountsFromHash(ulong h, double lambda)
    {
        // Bits of h: 0-11 exponential draw, 12-31 dither, 32-51 fill draw, 52-61 burst flag.
        if ((int)((h >> 52) & 0x3FF) < BurstPer1024) lambda *= BurstFactor;

        double dither = ((h >> 12) & 0xFFFFF) * (1.0 / (1 << 20));
        int orders = (int)(lambda * ExpTable[h & ((1 << ExpTableBits) - 1)] + dither);
        if (orders <= 0) return (0, 0);

        // Extra fills are uniform on [0, 2·mean) with a fresh dither: mean fills per order = MeanFill.
        double fillDraw = ((h >> 32) & 0xFFFFF) * (1.0 / (1 << 20));
        double dither2 = SplitMix.Unit(SplitMix.Mix(h));
        int extra = (int)(orders * (MeanFill - 1) * 2 * fillDraw + dither2);
        return (orders, orders + extra);
    }

    /// <summary>Expands one second into its orders: sorted µs offsets and fills per order.</summary>
    public void Fill(long second, SecondDetail detail)
    {
        ulong h = SecondHash(second);
        var (orders, trades) = CountsFromHash(h, OrdersLambda(second));
        detail.Second = second;
        detail.Orders = orders;
        detail.Trades = trades;
        detail.OrderKeyBase = SplitMix.Mix(h, 0x5EED);
        if (orders == 0) return;

        detail.EnsureCapacity(orders);
        var offsets = detail.Offsets;
        var fills = detail.Fills;
        ulong offsetKey = SplitMix.Mix(h, 0x0FF5E7);
        for (int i = 0; i < orders; i++)
        {
            offsets[i] = (int)(SplitMix.Mix(offsetKey + (ulong)i) % 1_000_000);
            fills[i] = 1;
        }
        Array.Sort(offsets, 0, orders);

        ulong fillKey = SplitMix.Mix(h, 0xF111);
        for (int j = orders; j < trades; j++)
            fills[(int)(SplitMix.Mix(fillKey + (ulong)j) % (ulong)orders)]++;
    }

    private static double[] BuildExpTable()
    {
        int n = 1 << ExpTableBits;
        var table = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            table[i] = -Math.Log((i + 0.5) / n);
            sum += table[i];
        }
        double mean = sum / n;
        for (int i = 0; i < n; i++) table[i] /= mean;
        return table;
    }

    private static double[] BuildRhythm()
    {
        var table = new double[1440];
        for (int m = 0; m < 1440; m++)
            table[m] = 1 + 0.5 * Math.Cos(2 * Math.PI * ((m + 0.5) / 1440.0 - 14.5 / 24));
        return table;
    }
}
