using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Trades;
using Binance.Lake.Transform.Delta;
using Binance.Lake.Transform.Trades;
using Microsoft.Extensions.Logging;

namespace Binance.Lake.Transform.Compaction;

/// <summary>The state of one compact run: open day buffers, what is already written, counters.</summary>
internal sealed class CompactRun(DeltaTable table, ILookup<TradePartition, AddFile> files, ILogger logger)
{
    private readonly PartitionIdIndex _index = new(table, files);
    private readonly SortedDictionary<TradePartition, List<TradeRow>> _open = [];
    private readonly HashSet<TradePartition> _touched = [];

    public List<AddFile> Added { get; } = [];
    public long TradesRead { get; private set; }
    public long TradesAdded { get; private set; }
    public long DuplicatesDropped { get; private set; }
    public int Partitions => _touched.Count;

    /// <summary>Reads one source's pending files of a symbol in id order, writing each day once the source has moved past it.</summary>
    public async Task ReadAsync(string symbol, IRawChunkDecoder decoder, IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        await foreach (var trades in new ChunkReadAhead(table.Store, decoder).ReadAsync(keys, cancellationToken).ConfigureAwait(false))
        {
            TradesRead += trades.Count;
            List<TradeRow>? rows = null;
            long dayStart = 0, dayEnd = 0;
            foreach (var trade in trades)
            {
                // A chunk rarely spans two days: find the day's buffer again only when the time leaves the day.
                if (rows is null || trade.TimeMicros < dayStart || trade.TimeMicros >= dayEnd)
                {
                    var partition = TradePartition.Of(symbol, trade.TimeMicros);
                    if (!_open.TryGetValue(partition, out rows))
                        _open[partition] = rows = [];
                    (dayStart, dayEnd) = (partition.StartMicros, partition.StartMicros + TradePartition.MicrosPerDay);
                }
                rows.Add(new TradeRow(trade, decoder.Source));
            }
            if (trades.Count > 0)
                await FlushBeforeAsync(TradePartition.Of(symbol, trades[^1].TimeMicros), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task FlushAllAsync(CancellationToken cancellationToken)
    {
        foreach (var partition in _open.Keys.ToArray())
            await FlushAsync(partition, cancellationToken).ConfigureAwait(false);
    }

    // Within one source ids and times only grow, so the days before the newest one seen are complete.
    private async Task FlushBeforeAsync(TradePartition newest, CancellationToken cancellationToken)
    {
        foreach (var partition in _open.Keys.Where(p => p.Instrument == newest.Instrument && p.Day < newest.Day).ToArray())
            await FlushAsync(partition, cancellationToken).ConfigureAwait(false);
    }

    private async Task FlushAsync(TradePartition partition, CancellationToken cancellationToken)
    {
        var rows = _open[partition];
        _open.Remove(partition);
        var held = await _index.GetAsync(partition, cancellationToken).ConfigureAwait(false);
        // One source read in id order arrives sorted; only a day fed by several sources needs the sort.
        if (!IsSortedById(rows))
            rows.Sort((a, b) => a.Trade.Id.CompareTo(b.Trade.Id));
        var fresh = Fresh(rows, held);
        if (fresh.Count == 0)
            return;

        var path = partition.NewFilePath();
        var content = TradeFileWriter.Write(fresh, cancellationToken);
        await table.Store.PutAsync(table.DataKey(path), content, cancellationToken).ConfigureAwait(false);
        Added.Add(new AddFile(path, partition.Values, content.Length, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            DataChange: true, TradeFileStats.Of(fresh), Tags: null));
        PartitionIdIndex.AddRuns(held, fresh.Select(r => r.Trade.Id).ToArray());
        TradesAdded += fresh.Count;
        _touched.Add(partition);
        logger.LogDebug("{Partition}: {Rows} trades written to {Path}", partition, fresh.Count, path);
    }

    private static bool IsSortedById(List<TradeRow> rows)
    {
        for (var i = 1; i < rows.Count; i++)
        {
            if (rows[i].Trade.Id < rows[i - 1].Trade.Id)
                return false;
        }
        return true;
    }

    // The rows (sorted) without repeats and without ids the partition already holds. Filtered in place:
    // a day's buffer is the largest thing compact holds, and a copy would double it.
    private List<TradeRow> Fresh(List<TradeRow> rows, IdRangeSet held)
    {
        var kept = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            var id = rows[i].Trade.Id;
            if ((kept > 0 && rows[kept - 1].Trade.Id == id) || (held.Ranges.Count > 0 && held.Covers(new IdRange(id, id))))
                DuplicatesDropped++;
            else
                rows[kept++] = rows[i];
        }
        rows.RemoveRange(kept, rows.Count - kept);
        return rows;
    }
}
