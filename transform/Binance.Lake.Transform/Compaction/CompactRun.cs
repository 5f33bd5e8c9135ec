using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Trades;
using Binance.Lake.Transform.Delta;
using Binance.Lake.Transform.Trades;
using Microsoft.Extensions.Logging;

namespace Binance.Lake.Transform.Compaction;

/// <summary>
/// The state of one compact run: open day buffers, files written but not yet committed, raw chunks read whole,
/// counters. A raw chunk is complete, and may be recorded as consumed, once every day it touched is written.
/// </summary>
internal sealed class CompactRun(DeltaTable table, ILookup<TradePartition, AddFile> files, CompactCommits commits, int commitEvery, ILogger logger)
{
    private readonly PartitionIdIndex _index = new(table, files);
    private readonly SortedDictionary<TradePartition, DayBuffer> _open = [];
    private readonly HashSet<TradePartition> _touched = [];
    private readonly List<AddFile> _uncommitted = [];
    private long _uncommittedRows;
    private readonly List<(string Key, string Instrument, DateOnly? LastDay)> _readWhole = [];

    public int FilesWritten { get; private set; }
    public long TradesRead { get; private set; }
    public long TradesAdded { get; private set; }
    public long DuplicatesDropped { get; private set; }
    public int Partitions => _touched.Count;

    /// <summary>Reads one source's pending files of a symbol in id order, writing each day once the source has moved past it.</summary>
    public async Task ReadAsync(string symbol, IRawChunkDecoder decoder, IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        DateOnly? chunkLastDay = null;
        await foreach (var (key, trades, endOfChunk) in new ChunkReadAhead(table.Store, decoder).ReadAsync(keys, cancellationToken).ConfigureAwait(false))
        {
            if (endOfChunk)
            {
                _readWhole.Add((key, symbol, chunkLastDay));
                chunkLastDay = null;
                continue;
            }
            TradesRead += trades.Count;
            DayBuffer? rows = null;
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
            {
                var newest = TradePartition.Of(symbol, trades[^1].TimeMicros);
                chunkLastDay = newest.Day;
                await FlushBeforeAsync(newest, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Commits the files written so far with the raw chunks now wholly in the table: every day such a chunk
    /// touched is written (a chunk whose last day is still open waits for a later commit, and is read again if
    /// the run dies first; its trades are then duplicates the partition holds).
    /// </summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        var firstOpenDay = _open.Keys.GroupBy(p => p.Instrument).ToDictionary(g => g.Key, g => g.Min(p => p.Day));
        var complete = new List<string>();
        var waiting = new List<(string, string, DateOnly?)>();
        foreach (var chunk in _readWhole)
        {
            var done = chunk.LastDay is not { } last || !firstOpenDay.TryGetValue(chunk.Instrument, out var open) || last < open;
            if (done)
                complete.Add(chunk.Key);
            else
                waiting.Add(chunk);
        }
        if (_uncommitted.Count == 0 && complete.Count == 0)
            return;
        await commits.CommitAsync(_uncommitted, complete, _uncommittedRows, cancellationToken).ConfigureAwait(false);
        RawFilesCommitted += complete.Count;
        _uncommitted.Clear();
        _uncommittedRows = 0;
        _readWhole.Clear();
        _readWhole.AddRange(waiting);
    }

    public int RawFilesCommitted { get; private set; }

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
        rows.SortById();
        DropKnown(rows, held);
        if (rows.Count == 0)
            return;

        var path = partition.NewFilePath();
        var content = TradeFileWriter.Write(rows, cancellationToken);
        await table.Store.PutAsync(table.DataKey(path), content, cancellationToken).ConfigureAwait(false);
        FilesWritten++;
        _uncommittedRows += rows.Count;
        _uncommitted.Add(new AddFile(path, partition.Values, content.Length, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            DataChange: true, TradeFileStats.Of(rows), Tags: null));
        PartitionIdIndex.AddRuns(held, rows.Select(r => r.Trade.Id).ToArray());
        TradesAdded += rows.Count;
        _touched.Add(partition);
        logger.LogDebug("{Partition}: {Rows} trades written to {Path}", partition, rows.Count, path);
        if (_uncommitted.Count >= commitEvery)
            await CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    // Drops repeats and ids the partition already holds, in place: a day's buffer is the largest thing compact holds.
    private void DropKnown(DayBuffer rows, IdRangeSet held)
    {
        var before = rows.Count;
        long previous = long.MinValue;
        rows.Retain(row =>
        {
            var id = row.Trade.Id;
            var known = id == previous || (held.Ranges.Count > 0 && held.Covers(new IdRange(id, id)));
            previous = id;
            return !known;
        });
        DuplicatesDropped += before - rows.Count;
    }
}
