namespace Binance.Lake.Simulator.History;

/// <summary>Where a second starts in both id spaces.</summary>
internal readonly record struct SecondPosition(long Second, long TradesBefore, long OrdersBefore);

/// <summary>
/// Prefix sums of trades and orders per UTC minute since genesis, extended lazily as queries (and
/// time) move forward. Locating an id is a binary search over minutes plus a scan of at most 60
/// O(1) seconds, so lookups cost microseconds without storing trades. Minutes rather than hours:
/// 45 days is only 65k entries (1 MB) and the scan per request shrinks 60-fold.
/// Readers never lock: entries below the published count are immutable.
/// </summary>
internal sealed class PrefixIndex
{
    private const int BucketSeconds = 60;

    private readonly ActivityModel _model;
    private readonly object _gate = new();
    private volatile Snapshot _snapshot;

    /// <summary>Trades[b] / Orders[b] = totals before bucket b; valid for b ≤ Buckets.</summary>
    private sealed record Snapshot(long[] Trades, long[] Orders, int Buckets);

    public PrefixIndex(ActivityModel model, long genesisSecond)
    {
        if (genesisSecond % BucketSeconds != 0) throw new ArgumentException("Genesis must be minute-aligned.", nameof(genesisSecond));
        _model = model;
        GenesisSecond = genesisSecond;
        _snapshot = new Snapshot(new long[1024], new long[1024], 0);
    }

    public long GenesisSecond { get; }

    public int BucketOf(long second) => (int)((second - GenesisSecond) / BucketSeconds);

    public SecondPosition AtSecond(long second)
    {
        int bucket = BucketOf(second);
        var snap = Cover(bucket);
        long s = BucketStart(bucket);
        long trades = snap.Trades[bucket], orders = snap.Orders[bucket];
        for (; s < second; s++)
        {
            var c = _model.Counts(s);
            trades += c.Trades;
            orders += c.Orders;
        }
        return new SecondPosition(second, trades, orders);
    }

    /// <summary>The second containing trade <paramref name="tradeId"/>, which must lie before the end of <paramref name="maxBucket"/>.</summary>
    public SecondPosition AtTrade(long tradeId, int maxBucket)
    {
        var snap = Cover(maxBucket);
        int bucket = LastAtOrBelow(snap.Trades, maxBucket, tradeId);
        return Scan(bucket, snap, tradeId, byTrades: true);
    }

    /// <summary>The second containing order (aggregate) <paramref name="orderId"/>.</summary>
    public SecondPosition AtOrder(long orderId, int maxBucket)
    {
        var snap = Cover(maxBucket);
        int bucket = LastAtOrBelow(snap.Orders, maxBucket, orderId);
        return Scan(bucket, snap, orderId, byTrades: false);
    }

    private long BucketStart(int bucket) => GenesisSecond + (long)bucket * BucketSeconds;

    private SecondPosition Scan(int bucket, Snapshot snap, long id, bool byTrades)
    {
        long s = BucketStart(bucket);
        long trades = snap.Trades[bucket], orders = snap.Orders[bucket];
        while (true)
        {
            var c = _model.Counts(s);
            if (byTrades ? trades + c.Trades > id : orders + c.Orders > id)
                return new SecondPosition(s, trades, orders);
            trades += c.Trades;
            orders += c.Orders;
            s++;
        }
    }

    /// <summary>Largest b in [0, maxBucket] with prefix[b] ≤ id (prefix is non-decreasing).</summary>
    private static int LastAtOrBelow(long[] prefix, int maxBucket, long id)
    {
        int lo = 0, hi = maxBucket;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >>> 1;
            if (prefix[mid] <= id) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    /// <summary>Makes prefix sums valid up to the end of <paramref name="bucket"/> (entry bucket + 1).</summary>
    private Snapshot Cover(int bucket)
    {
        var snap = _snapshot;
        if (snap.Buckets > bucket) return snap;
        lock (_gate)
        {
            snap = _snapshot;
            if (snap.Buckets > bucket) return snap;
            var trades = snap.Trades;
            var orders = snap.Orders;
            if (trades.Length < bucket + 2)
            {
                // Copies, so readers of the old snapshot keep consistent arrays.
                int size = Math.Max(bucket + 2, trades.Length * 2);
                Array.Resize(ref trades, size);
                Array.Resize(ref orders, size);
            }
            for (int b = snap.Buckets; b <= bucket; b++)
            {
                var (o, t) = _model.MinuteTotals(BucketStart(b));
                trades[b + 1] = trades[b] + t;
                orders[b + 1] = orders[b] + o;
            }
            snap = new Snapshot(trades, orders, bucket + 1);
            _snapshot = snap;
            return snap;
        }
    }
}
