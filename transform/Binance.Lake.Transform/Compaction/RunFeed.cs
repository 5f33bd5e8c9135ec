using System.Threading.Channels;
using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Trades;

namespace Binance.Lake.Transform.Compaction;

/// <summary>
/// A chunk's trades handed to a compact run on another thread, a few batches ahead. The importer's thread was
/// the busiest of an archive import (parsing, then sorting the trades into days and growing the day's buffer):
/// with this it only parses. The batches must not change once handed over.
/// </summary>
internal sealed class RunFeed : IAsyncDisposable
{
    private const int BatchesAhead = 64;

    private readonly Channel<IReadOnlyList<Trade>> _batches =
        Channel.CreateBounded<IReadOnlyList<Trade>>(new BoundedChannelOptions(BatchesAhead) { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _adding;

    public RunFeed(CompactRun run, string symbol, RawSource source)
    {
        _adding = Task.Run(async () =>
        {
            try
            {
                await foreach (var trades in _batches.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
                    await run.AddAsync(symbol, source, trades, _stop.Token).ConfigureAwait(false);
            }
            finally
            {
                // Should the run fail, the importer must hear of it, not wait on a full queue.
                _batches.Writer.TryComplete();
            }
        });
    }

    public async Task AddAsync(IReadOnlyList<Trade> trades, CancellationToken cancellationToken)
    {
        try
        {
            await _batches.Writer.WriteAsync(trades, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            // The run stopped taking trades: its own failure is the one to report.
            await _adding.ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Every trade is handed over; done once the run has taken them all.</summary>
    public Task EndAsync()
    {
        _batches.Writer.TryComplete();
        return _adding;
    }

    /// <summary>Stops the run taking what is still queued (the chunk is being given up) and waits until it has.</summary>
    public async ValueTask DisposeAsync()
    {
        _batches.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _adding.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException || _adding.IsFaulted)
        {
            // Cancelled here, or failed and reported already through AddAsync or EndAsync.
        }
        _stop.Dispose();
    }
}
