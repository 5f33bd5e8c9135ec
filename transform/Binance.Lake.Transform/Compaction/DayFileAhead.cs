using Binance.Lake.Core.Trades;
using Binance.Lake.Transform.Trades;

namespace Binance.Lake.Transform.Compaction;

/// <summary>
/// A day's data file encoded while the day is still being read. One busy day is one partition and one file, so
/// without this its whole encoding waits for its last trade, with nothing left to overlap it. As long as the
/// day's rows come in strictly ascending ids that the partition does not hold yet (one source read in order:
/// the usual case), each full row group is encoded on another thread as soon as it fills; those rows need no
/// sort and no dedupe. Rows out of order, a repeat or an id already held end that: the day is then written whole
/// after it is read, sorted and deduplicated as before, and the row groups encoded ahead are thrown away.
/// </summary>
internal sealed class DayFileAhead(IdRangeSet held, int rowGroupSize = TradeFileWriter.RowGroupSize)
{
    private TradeFileWriter? _file;
    private Task _encoding = Task.CompletedTask;
    private int _checked;
    private int _handed;
    private long _lastId = long.MinValue;
    private bool _usable = true;

    /// <summary>Looks at the rows added since the last call, and starts encoding each row group they complete.</summary>
    public void Extend(DayBuffer rows)
    {
        for (; _usable && _checked < rows.Count; _checked++)
        {
            var id = rows[_checked].Trade.Id;
            _usable = id > _lastId && !held.Contains(id);
            _lastId = id;
        }
        while (_usable && rows.Count - _handed >= rowGroupSize)
        {
            // The first full row group says the day is big (a small day is cheaper written whole at the end), and
            // how big: the rows so far over the part of the day they span.
            _file ??= new TradeFileWriter(ExpectedRows(rows));
            var group = rows.View(_handed, rowGroupSize);
            _handed += group.Count;
            var (file, previous) = (_file, _encoding);
            _encoding = Task.Run(async () =>
            {
                await previous.ConfigureAwait(false);
                file.AddRowGroup(group, 0, group.Count);
            });
        }
    }

    private static long ExpectedRows(DayBuffer rows)
    {
        var (first, last) = (rows[0].Trade.TimeMicros, rows[rows.Count - 1].Trade.TimeMicros);
        var dayEnd = TradePartition.Of("", first).StartMicros + TradePartition.MicrosPerDay;
        // Capped near a busy day (6.3M rows, a 176 MB buffer): a burst at the start of a day would otherwise
        // project a buffer of most of a gigabyte, allocated at once; a bigger day grows its buffer instead.
        return (long)Math.Min(rows.Count * 1.1 * (dayEnd - first) / Math.Max(1, last - first), 24.0 * TradeFileWriter.RowGroupSize);
    }

    /// <summary>
    /// The day's file, once its last rows are added: the row groups encoded ahead and the rest. Null when the day
    /// must be written whole instead (its rows did not qualify, or it never filled a row group).
    /// </summary>
    public async Task<ReadOnlyMemory<byte>?> FinishAsync(DayBuffer rows, CancellationToken cancellationToken)
    {
        // Awaited even when unused: nothing may go on reading rows the caller is about to sort.
        await _encoding.ConfigureAwait(false);
        Extend(rows);
        await _encoding.ConfigureAwait(false);
        if (!_usable || _file is null)
            return null;
        for (; _handed < rows.Count; _handed += rowGroupSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _file.AddRowGroup(rows, _handed, Math.Min(rowGroupSize, rows.Count - _handed));
        }
        return _file.Finish();
    }
}
