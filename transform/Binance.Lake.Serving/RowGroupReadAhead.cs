using System.Threading.Channels;
using Binance.Lake.Serving.Planning;
using Binance.Lake.Transform.Delta;
using Binance.Lake.Transform.Trades;

namespace Binance.Lake.Serving;

/// <summary>
/// The rows of a plan's data files, row group by row group in plan order, read and decoded one row group ahead on
/// another thread: while the database ingests one row group the next is already decoded, across partition
/// boundaries too. Memory stays at a few row groups (a million rows each) whatever the file sizes.
/// </summary>
internal sealed class RowGroupReadAhead : IAsyncDisposable
{
    private readonly Channel<(int Load, TradeRowGroup Rows)> _rows = Channel.CreateBounded<(int, TradeRowGroup)>(
        new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _stop;
    private readonly Task _reading;

    public RowGroupReadAhead(DeltaTable table, LoadPlan plan, CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _reading = Task.Run(() => ReadAsync(table, plan, _stop.Token));
    }

    /// <summary>The rows of the plan's load number <paramref name="load"/>; loads must be asked for in plan order.</summary>
    public async IAsyncEnumerable<TradeRowGroup> RowsOfAsync(int load)
    {
        var reader = _rows.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false) && reader.TryPeek(out var next) && next.Load == load)
        {
            reader.TryRead(out _);
            yield return next.Rows;
        }
    }

    private async Task ReadAsync(DeltaTable table, LoadPlan plan, CancellationToken cancellationToken)
    {
        try
        {
            for (var load = 0; load < plan.Loads.Count; load++)
            {
                foreach (var file in plan.Loads[load].Files)
                {
                    var content = await table.ReadDataFileAsync(file, cancellationToken).ConfigureAwait(false);
                    await foreach (var rows in TradeFileReader.ReadRowGroupsAsync(content, cancellationToken).ConfigureAwait(false))
                        await _rows.Writer.WriteAsync((load, rows), cancellationToken).ConfigureAwait(false);
                }
            }
            _rows.Writer.Complete();
        }
        catch (Exception e)
        {
            // The consumer sees the failure on its next read instead of waiting for rows that never come.
            _rows.Writer.Complete(e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _reading.ConfigureAwait(false);
        _stop.Dispose();
    }
}
