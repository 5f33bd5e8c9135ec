using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Binance.Lake.Extract.Live;

/// <summary>
/// Keeps one combined stream flowing for a group of symbols: reconnects with backoff after a drop, replaces a
/// connection that stalls, and rolls over before Binance's 24 h cut by opening the next connection beside the
/// current one and closing the old once the new delivers. The overlap's repeats are dropped by the feeds.
/// </summary>
internal sealed class ConnectionGroup(
    Uri url, LiveOptions options, MessageRouter router, ConnectAttemptLimiter limiter, LiveStats stats, ILogger logger)
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);

    // Checks often enough to act within an eighth of the shortest timing, but not busily.
    private readonly TimeSpan _tick = TimeSpan.FromTicks(Math.Clamp(
        Math.Min(options.StallTimeout.Ticks, options.RolloverAfter.Ticks) / 8, TimeSpan.FromMilliseconds(10).Ticks, TimeSpan.FromSeconds(1).Ticks));

    private bool _everConnected;
    private TimeSpan _delay = options.ReconnectMinDelay;

    public async Task RunAsync(CancellationToken stop)
    {
        Live? current = null;
        var nextRolloverAttempt = 0L;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                current ??= await ConnectWithBackoffAsync(stop).ConfigureAwait(false);
                var ended = await Task.WhenAny(current.Receiving, Task.Delay(_tick, stop)).ConfigureAwait(false) == current.Receiving;
                if (stop.IsCancellationRequested)
                    break;
                if (ended)
                {
                    await EndedAsync(current, stop).ConfigureAwait(false);
                    current = null;
                    continue;
                }
                var now = Stopwatch.GetTimestamp();
                if (Stopwatch.GetElapsedTime(current.Connection.LastMessageAt, now) > options.StallTimeout)
                {
                    stats.Stalled();
                    logger.LogWarning("No message on {Url} for {Timeout:0.#} s: replacing the connection", url, options.StallTimeout.TotalSeconds);
                    current.Connection.Abort();
                    await current.Receiving.ConfigureAwait(false);
                    current.Connection.Dispose();
                    current = null;
                    continue;
                }
                var due = Stopwatch.GetElapsedTime(current.Connection.OpenedAt, now) >= options.RolloverAfter || current.Connection.ShutdownNoticed;
                if (due && now >= nextRolloverAttempt)
                {
                    var next = await RolloverAsync(current, stop).ConfigureAwait(false);
                    if (next is null)
                        nextRolloverAttempt = now + (long)(options.ReconnectMinDelay.TotalSeconds * Stopwatch.Frequency);
                    current = next ?? current;
                }
            }
        }
        finally
        {
            if (current is not null)
            {
                await current.Connection.CloseAsync(CloseTimeout).ConfigureAwait(false);
                await current.Receiving.ConfigureAwait(false);
                current.Connection.Dispose();
            }
        }
    }

    private async Task<Live> ConnectWithBackoffAsync(CancellationToken stop)
    {
        while (true)
        {
            await limiter.WaitAsync(stop).ConfigureAwait(false);
            try
            {
                var connection = await StreamConnection.OpenAsync(url, ConnectTimeout, stop).ConfigureAwait(false);
                stats.Connected(reconnect: _everConnected);
                if (_everConnected)
                    logger.LogInformation("Reconnected to {Url}", url);
                _everConnected = true;
                return Start(connection);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                stats.ConnectFailed();
                logger.LogWarning("Cannot connect to {Url} ({Message}); next attempt in {Delay:0.##} s", url, e.Message, _delay.TotalSeconds);
                await BackOffAsync(stop).ConfigureAwait(false);
            }
        }
    }

    private async Task EndedAsync(Live ended, CancellationToken stop)
    {
        var reason = await ended.Receiving.ConfigureAwait(false);
        var delivered = ended.Connection.Delivered.IsCompleted;
        ended.Connection.Dispose();
        // A connection that delivered was healthy: reconnect at once, and back off only while attempts keep failing.
        if (delivered)
            _delay = options.ReconnectMinDelay;
        logger.LogWarning("Connection to {Url} ended ({Reason}); reconnecting in {Delay:0.##} s", url, reason, _delay.TotalSeconds);
        await BackOffAsync(stop).ConfigureAwait(false);
    }

    private async Task BackOffAsync(CancellationToken stop)
    {
        // Jitter keeps many collectors (or groups) cut at once from reconnecting in step.
        await Task.Delay(_delay * (0.5 + Random.Shared.NextDouble() / 2), stop).ConfigureAwait(false);
        _delay = TimeSpan.FromTicks(Math.Min(_delay.Ticks * 2, options.ReconnectMaxDelay.Ticks));
    }

    /// <summary>The next connection, once it delivered, with the old one closed; null (the old one kept) when it did not come up.</summary>
    private async Task<Live?> RolloverAsync(Live old, CancellationToken stop)
    {
        Live next;
        try
        {
            await limiter.WaitAsync(stop).ConfigureAwait(false);
            next = Start(await StreamConnection.OpenAsync(url, ConnectTimeout, stop).ConfigureAwait(false));
        }
        catch (Exception e) when (!stop.IsCancellationRequested)
        {
            stats.ConnectFailed();
            logger.LogWarning("Rollover: cannot open the next connection to {Url} ({Message}); keeping the current one", url, e.Message);
            return null;
        }
        stats.Connected(reconnect: true);
        // A quiet market may send nothing for a while: after a stall timeout the new connection is taken anyway.
        await Task.WhenAny(next.Connection.Delivered, next.Receiving, old.Receiving, Task.Delay(options.StallTimeout, stop)).ConfigureAwait(false);
        if (next.Receiving.IsCompleted && !next.Connection.Delivered.IsCompleted)
        {
            next.Connection.Dispose();
            return null;
        }
        await old.Connection.CloseAsync(CloseTimeout).ConfigureAwait(false);
        await old.Receiving.ConfigureAwait(false);
        old.Connection.Dispose();
        stats.RolledOver();
        logger.LogInformation("Rolled over to a new connection to {Url}", url);
        return next;
    }

    private Live Start(StreamConnection connection) =>
        new(connection, Task.Run(async () =>
        {
            try
            {
                await connection.ReceiveAsync(router, stats).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                return e.Message;
            }
            return "closed by the server";
        }));

    /// <summary>A connection and its receive loop, which ends with the reason the connection ended.</summary>
    private sealed record Live(StreamConnection Connection, Task<string> Receiving);
}
