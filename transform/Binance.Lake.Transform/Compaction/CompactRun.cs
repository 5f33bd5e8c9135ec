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
        foreach (var key in keys)
        {
            var bytes = await table.Store.GetAsync(key, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException($"Raw chunk {key} disappeared while compacting.");
            var trades = decoder.Decode(key, bytes);
            TradesRead += trades.Count;
            foreach (var trade in trades)
            {
                var partition = TradePartition.Of(symbol, trade.TimeMicros);
                if (!_open.TryGetValue(partition, out var rows))
                    _open[partition] = rows = [];
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
        rows.Sort((a, b) => a.Trade.Id.CompareTo(b.Trade.Id));
        var fresh = new List<TradeRow>(rows.Count);
        foreach (var row in rows)
        {
            if ((fresh.Count > 0 && fresh[^1].Trade.Id == row.Trade.Id) || held.Covers(new IdRange(row.Trade.Id, row.Trade.Id)))
                DuplicatesDropped++;
            else
                fresh.Add(row);
        }
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
}
