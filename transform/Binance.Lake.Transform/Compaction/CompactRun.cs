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
    private readonly SortedDictionary<TradePartition, OpenDay> _open = [];
    private readonly HashSet<TradePartition> _touched = [];
    private readonly List<AddFile> _uncommitted = [];
    private long _uncommittedRows;
    private Task<WrittenDay>? _writing;
    private readonly List<(string Key, string Instrument, DateOnly? LastDay)> _readWhole = [];
    private DateOnly? _chunkLastDay;

    public int FilesWritten { get; private set; }
    public long TradesRead { get; private set; }
    public long TradesAdded { get; private set; }
    public long DuplicatesDropped { get; private set; }
    public int Partitions => _touched.Count;

    /// <summary>Reads one source's pending files of a symbol in id order, writing each day once the source has moved past it.</summary>
    public async Task ReadAsync(string symbol, IRawChunkDecoder decoder, IEnumerable<(string Key, long Size)> chunks, CancellationToken cancellationToken)
    {
        await foreach (var (key, trades, endOfChunk) in new ChunkReadAhead(table.Store, decoder).ReadAsync(chunks, cancellationToken).ConfigureAwait(false))
        {
            if (endOfChunk)
                ReadWhole(key, symbol);
            else
                await AddAsync(symbol, decoder.Source, trades, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The next trades of the chunk being read (one source of a symbol, in id order).</summary>
    public async Task AddAsync(string symbol, RawSource source, IReadOnlyList<Trade> trades, CancellationToken cancellationToken)
    {
        TradesRead += trades.Count;
        OpenDay? day = null;
        long dayStart = 0, dayEnd = 0;
        foreach (var trade in trades)
        {
            // A chunk rarely spans two days: find the day's buffer again only when the time leaves the day.
            if (day is null || trade.TimeMicros < dayStart || trade.TimeMicros >= dayEnd)
            {
                day?.Ahead.Extend(day.Rows);
                var partition = TradePartition.Of(symbol, trade.TimeMicros);
                day = _open.TryGetValue(partition, out var open) ? open : await OpenAsync(partition, cancellationToken).ConfigureAwait(false);
                (dayStart, dayEnd) = (partition.StartMicros, partition.StartMicros + TradePartition.MicrosPerDay);
            }
            day.Rows.Add(new TradeRow(trade, source));
        }
        day?.Ahead.Extend(day.Rows);
        if (trades.Count > 0)
        {
            var newest = TradePartition.Of(symbol, trades[^1].TimeMicros);
            _chunkLastDay = newest.Day;
            await FlushBeforeAsync(newest, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<OpenDay> OpenAsync(TradePartition partition, CancellationToken cancellationToken)
    {
        // The day may have been flushed before and still be being written: that write adds to the ids it holds.
        await CollectWriteAsync(cancellationToken).ConfigureAwait(false);
        var held = await _index.GetAsync(partition, cancellationToken).ConfigureAwait(false);
        return _open[partition] = new OpenDay([], held, new DayFileAhead(held));
    }

    /// <summary>The chunk being read, stored at <paramref name="key"/>, has given all its trades.</summary>
    public void ReadWhole(string key, string symbol)
    {
        _readWhole.Add((key, symbol, _chunkLastDay));
        _chunkLastDay = null;
    }

    /// <summary>
    /// Commits the files written so far with the raw chunks now wholly in the table: every day such a chunk
    /// touched is written (a chunk whose last day is still open waits for a later commit, and is read again if
    /// the run dies first; its trades are then duplicates the partition holds).
    /// </summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        // A day still being written is not in the table yet, and neither are the chunks that end in it.
        await CollectWriteAsync(cancellationToken).ConfigureAwait(false);
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
        // Out of the uncommitted list before the attempt: a commit that fails may still have landed (a lost
        // reply), and abandoning must never delete a file the log might name.
        var files = _uncommitted.ToList();
        _uncommitted.Clear();
        await commits.CommitAsync(files, complete, _uncommittedRows, cancellationToken).ConfigureAwait(false);
        RawFilesCommitted += complete.Count;
        _uncommittedRows = 0;
        _readWhole.Clear();
        _readWhole.AddRange(waiting);
    }

    public int RawFilesCommitted { get; private set; }

    public async Task FlushAllAsync(CancellationToken cancellationToken)
    {
        foreach (var partition in _open.Keys.ToArray())
            await FlushAsync(partition, cancellationToken).ConfigureAwait(false);
        await CollectWriteAsync(cancellationToken).ConfigureAwait(false);
    }

    // Within one source ids and times only grow, so the days before the newest one seen are complete.
    private async Task FlushBeforeAsync(TradePartition newest, CancellationToken cancellationToken)
    {
        foreach (var partition in _open.Keys.Where(p => p.Instrument == newest.Instrument && p.Day < newest.Day).ToArray())
            await FlushAsync(partition, cancellationToken).ConfigureAwait(false);
    }

    // A day is written on another thread while this one goes on reading the next: encoding and storing a
    // day's file is about a third of compact's work. One day at a time is written, so memory holds at most the
    // day being written and the day filling up; and a partition flushed again later sees the ids written before.
    private async Task FlushAsync(TradePartition partition, CancellationToken cancellationToken)
    {
        // The previous day first: collecting it may commit, and this day must still count as open then.
        await CollectWriteAsync(cancellationToken).ConfigureAwait(false);
        var day = _open[partition];
        _open.Remove(partition);
        _writing = Task.Run(() => WriteAsync(partition, day, cancellationToken), cancellationToken);
    }

    private async Task<WrittenDay> WriteAsync(TradePartition partition, OpenDay day, CancellationToken cancellationToken)
    {
        var (rows, held) = (day.Rows, day.Held);
        long duplicates = 0;
        if (await day.Ahead.FinishAsync(rows, cancellationToken).ConfigureAwait(false) is not { } content)
        {
            rows.SortById();
            duplicates = DropKnown(rows, held);
            if (rows.Count == 0)
                return new WrittenDay(partition, null, 0, duplicates);
            content = TradeFileWriter.Write(rows, cancellationToken);
        }
        var path = partition.NewFilePath();
        var storing = table.Store.PutAsync(table.DataKey(path), content, cancellationToken);
        // Worked out while the file is written. Should the write fail, the run fails with it, and its id index goes too.
        PartitionIdIndex.AddRuns(held, rows.Ids);
        var stats = TradeFileStats.Of(rows);
        await storing.ConfigureAwait(false);
        var add = new AddFile(path, partition.Values, content.Length, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), DataChange: true, stats, Tags: null);
        return new WrittenDay(partition, add, rows.Count, duplicates);
    }

    // Takes in the day written on the other thread (its failure surfaces here), and commits when enough has piled up.
    private async Task CollectWriteAsync(CancellationToken cancellationToken)
    {
        if (_writing is null)
            return;
        var written = await _writing.ConfigureAwait(false);
        _writing = null;
        DuplicatesDropped += written.Duplicates;
        if (written.File is null)
            return;
        FilesWritten++;
        TradesAdded += written.Rows;
        _uncommittedRows += written.Rows;
        _uncommitted.Add(written.File);
        _touched.Add(written.Partition);
        logger.LogDebug("{Partition}: {Rows} trades written to {Path}", written.Partition, written.Rows, written.File.Path);
        if (_uncommitted.Count >= commitEvery)
            await CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// After a failure: waits for the day being written, so no write goes on against a store the caller may be
    /// closing, and deletes the files written since the last commit, which no commit will name. What cannot be
    /// deleted (the store may be what failed) is logged and left to vacuum. The failure being thrown is the one to
    /// report; these are only logged.
    /// </summary>
    public async Task AbandonAsync()
    {
        if (_writing is not null)
        {
            try
            {
                if ((await _writing.ConfigureAwait(false)).File is { } file)
                    _uncommitted.Add(file);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "A day's file being written when compact failed could not be finished");
            }
            _writing = null;
        }
        foreach (var file in _uncommitted)
        {
            try
            {
                await table.Store.DeleteAsync(table.DataKey(file.Path)).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "{Path} was written but not committed and could not be deleted; vacuum removes it", file.Path);
            }
        }
        _uncommitted.Clear();
    }

    /// <summary>A partition being read: its rows, the ids it held before, and its file as encoded so far.</summary>
    private sealed record OpenDay(DayBuffer Rows, IdRangeSet Held, DayFileAhead Ahead);

    private sealed record WrittenDay(TradePartition Partition, AddFile? File, long Rows, long Duplicates);

    // Drops repeats and ids the partition already holds, in place: a day's buffer is the largest thing compact holds.
    private static long DropKnown(DayBuffer rows, IdRangeSet held)
    {
        var before = rows.Count;
        long previous = long.MinValue;
        rows.Retain(row =>
        {
            var id = row.Trade.Id;
            var known = id == previous || held.Contains(id);
            previous = id;
            return !known;
        });
        return before - rows.Count;
    }
}
