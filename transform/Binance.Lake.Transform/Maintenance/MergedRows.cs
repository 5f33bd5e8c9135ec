using Binance.Lake.Transform.Trades;

namespace Binance.Lake.Transform.Maintenance;

/// <summary>
/// The rows of several files as one sequence sorted by trade id, each id once. A k-way merge rather than one
/// big sort: the files are already sorted, and the merge streams, so the output never needs a second copy of
/// the partition. Where two files hold the same id (compact never writes that, but a table is only as good as
/// its worst writer), the row of the earlier file wins and the other is counted.
/// </summary>
internal sealed class MergedRows
{
    private readonly TradeRow[][] _files;

    /// <param name="files">The rows of each file, oldest file first.</param>
    public MergedRows(IEnumerable<TradeRow[]> files)
    {
        _files = files.Select(SortedById).ToArray();
        InputRows = _files.Sum(f => (long)f.Length);
    }

    public long InputRows { get; }

    /// <summary>Rows dropped so far because their id was already emitted.</summary>
    public long Duplicates { get; private set; }

    public IEnumerable<TradeRow> Sorted()
    {
        // Ties on the id go to the lower file index, which makes "the earlier file wins" exact.
        var queue = new PriorityQueue<int, (long Id, int File)>();
        var next = new int[_files.Length];
        for (var f = 0; f < _files.Length; f++)
        {
            if (_files[f].Length > 0)
                queue.Enqueue(f, (_files[f][0].Trade.Id, f));
        }
        long? previous = null;
        while (queue.TryDequeue(out var f, out _))
        {
            var row = _files[f][next[f]++];
            if (next[f] < _files[f].Length)
                queue.Enqueue(f, (_files[f][next[f]].Trade.Id, f));
            if (row.Trade.Id == previous)
            {
                Duplicates++;
                continue;
            }
            previous = row.Trade.Id;
            yield return row;
        }
    }

    // Our writer always sorts; a file from anywhere else is sorted here (stably) rather than trusted.
    private static TradeRow[] SortedById(TradeRow[] rows)
    {
        for (var i = 1; i < rows.Length; i++)
        {
            if (rows[i].Trade.Id < rows[i - 1].Trade.Id)
                return rows.OrderBy(r => r.Trade.Id).ToArray();
        }
        return rows;
    }
}
