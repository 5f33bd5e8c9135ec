namespace Binance.Lake.Extract.Live;

/// <summary>
/// At most N connection attempts in any 5 minutes, Binance's per-IP rule; an attempt beyond that waits. Shared by
/// every connection of the process, since the limit is the IP's.
/// </summary>
internal sealed class ConnectAttemptLimiter(int attemptsPer5Minutes, TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);
    private readonly Queue<DateTimeOffset> _attempts = new();
    private readonly Lock _lock = new();

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_lock)
            {
                var now = time.GetUtcNow();
                while (_attempts.Count > 0 && _attempts.Peek() <= now - Window)
                    _attempts.Dequeue();
                if (_attempts.Count < attemptsPer5Minutes)
                {
                    _attempts.Enqueue(now);
                    return;
                }
                wait = _attempts.Peek() + Window - now;
            }
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
