namespace Binance.Lake.Extract.Live;

/// <summary>
/// A live process must not give up on a write: the sink may be down for minutes (a broker restart, a full disk being
/// cleared). Retries with doubling delays until the work is done or <c>cancellationToken</c> gives up on it.
/// </summary>
internal static class Persistently
{
    public static async Task RunAsync(Func<Task> work, LiveOptions options, Action<Exception, TimeSpan> failed, CancellationToken cancellationToken)
    {
        var delay = options.ReconnectMinDelay;
        while (true)
        {
            try
            {
                await work().ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                failed(e, delay);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.ReconnectMaxDelay.Ticks));
            }
        }
    }
}
