using System.Globalization;
using System.Net.Http.Headers;

namespace Binance.Lake.Extract.RateLimiting;

/// <summary>
/// The one gate every request from this process passes, whatever the number of workers: it spends the
/// IP's weight budget (from <c>exchangeInfo</c>) window by window, never past the limit, resynchronised
/// from the used-weight header of every response. A 429 pauses everyone until Retry-After.
/// When several processes share one IP, each takes its <paramref name="share"/> of every window, so
/// together they stay under the limit without talking to each other.
/// </summary>
public sealed class RateGovernor(ServerClock clock, double share = 1.0)
{
    // Margin after a window boundary before we trust that the server has also rolled over.
    private static readonly TimeSpan BaseGuard = TimeSpan.FromMilliseconds(20);

    private readonly object _gate = new();
    // Requests in flight, and those admitted within a guard of now: a window that starts may be charged for them.
    private readonly List<WeightLease> _recent = [];
    private WeightWindow[] _windows = [];
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;
    private int _inFlightWeight;
    private int _inFlightRequests;
    private long _weightAdmitted;
    private long _requestsAdmitted;
    private long _pauses;

    public ServerClock Clock { get; } = clock;

    /// <summary>The fraction of the IP's budget this process may use, in (0, 1].</summary>
    public double Share { get; } = share is > 0 and <= 1
        ? share
        : throw new ArgumentOutOfRangeException(nameof(share), share, "The weight share must be more than 0 and at most 1.");

    public GovernorStats Stats
    {
        get { lock (_gate) return new GovernorStats(_weightAdmitted, _requestsAdmitted, _pauses); }
    }

    /// <summary>Installs the limits read from <c>exchangeInfo</c>. Until then requests pass unpaced.</summary>
    public void Configure(IEnumerable<RateLimitRule> rules)
    {
        lock (_gate)
        {
            _windows = rules.Select(rule => new WeightWindow(rule, Share)).ToArray();
            // What was sent before the limits were known (time, exchangeInfo) was sent moments ago: it counts in this window.
            var serverNow = Clock.Now;
            foreach (var window in _windows)
                if (window.Advance(serverNow))
                    window.Start((int)(window.Rule.Kind == RateLimitKind.RequestWeight ? _weightAdmitted : _requestsAdmitted));
        }
    }

    /// <summary>Waits until a request of <paramref name="weight"/> fits every window, then counts it.</summary>
    public async ValueTask<WeightLease> AcquireAsync(int weight, CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                wait = TryAdmit(weight, out var lease);
                if (lease is not null)
                    return lease;
            }
            await Task.Delay(wait, Clock.Time, cancellationToken).ConfigureAwait(false);
        }
    }

    private TimeSpan TryAdmit(int weight, out WeightLease? lease)
    {
        lease = null;
        var localNow = Clock.Time.GetUtcNow();
        if (_pausedUntil > localNow)
            return _pausedUntil - localNow;

        var guard = BaseGuard + Clock.Uncertainty;
        var serverNow = Clock.Now;
        var trusted = serverNow - guard;
        _recent.RemoveAll(l => l.Completed && l.AdmittedAt < trusted - guard);
        var wait = TimeSpan.MaxValue;
        foreach (var window in _windows)
        {
            if (window.Advance(trusted))
                window.Start(CarriedInto(window));
            if (window.Rule.CostOf(weight) > window.OwnLimit)
                throw new RateLimitException(
                    $"A request of weight {weight} can never fit: this process may spend only {window.OwnLimit} of {window.Rule}. Raise --weight-share.");
            if (!window.Fits(weight))
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks, (window.End - trusted).Ticks));
        }
        if (wait != TimeSpan.MaxValue)
            return wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait;

        foreach (var window in _windows)
            window.Charge(weight);
        _inFlightWeight += weight;
        _inFlightRequests++;
        _weightAdmitted += weight;
        _requestsAdmitted++;
        lease = new WeightLease(weight, _windows.Select(w => w.Index).ToArray(), serverNow);
        _recent.Add(lease);
        return TimeSpan.Zero;

        // The server may count in the new window any request still in flight, and any admitted so close to
        // the boundary that the clocks cannot tell which side it fell on.
        int CarriedInto(WeightWindow window) => _recent
            .Where(l => !l.Completed || l.AdmittedAt >= window.Begin - guard)
            .Sum(l => window.Rule.CostOf(l.Weight));
    }

    /// <summary>Ends a request: takes the server's count of used weight from the response headers, if any.</summary>
    public void Complete(WeightLease lease, HttpResponseHeaders? headers)
    {
        lock (_gate)
        {
            if (lease.Completed)
                return;
            lease.Completed = true;
            _inFlightWeight -= lease.Weight;
            // Kept in _recent until it is older than a guard, in case a window starts that the server counted it in.
            _inFlightRequests--;
            if (headers is null || lease.WindowIndexes.Length != _windows.Length)
                return;
            for (var i = 0; i < _windows.Length; i++)
            {
                var header = _windows[i].Rule.UsedWeightHeader;
                if (header is not null && TryReadInt(headers, header, out var used))
                    _windows[i].Resynchronise(lease.WindowIndexes[i], used);
            }
        }
    }

    /// <summary>
    /// After a 429 or 418: nobody sends until <paramref name="retryAfter"/> has passed. The windows are left
    /// as they are: which rule was broken is not said, and Retry-After already covers the broken window.
    /// </summary>
    public void Pause(TimeSpan retryAfter)
    {
        lock (_gate)
        {
            var until = Clock.Time.GetUtcNow() + retryAfter;
            if (until > _pausedUntil)
                _pausedUntil = until;
            _pauses++;
        }
    }

    private static bool TryReadInt(HttpResponseHeaders headers, string name, out int value)
    {
        value = 0;
        // HttpHeaders compares names case-insensitively, which matters behind CDNs that lower-case them.
        return headers.TryGetValues(name, out var values)
            && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}

/// <summary>A request admitted by the governor; <see cref="RateGovernor.Complete"/> ends it.</summary>
public sealed class WeightLease(int weight, long[] windowIndexes, DateTimeOffset admittedAt)
{
    public int Weight { get; } = weight;
    internal long[] WindowIndexes { get; } = windowIndexes;

    /// <summary>Server time (best estimate, no guard) when the request was let through.</summary>
    internal DateTimeOffset AdmittedAt { get; } = admittedAt;
    internal bool Completed { get; set; }
}

/// <summary>What the governor has let through: total weight, requests, and 429 pauses.</summary>
public readonly record struct GovernorStats(long WeightAdmitted, long Requests, long Pauses);
