using System.Collections;
using Binance.Lake.Transform.Trades;

namespace Binance.Lake.Transform.Compaction;

/// <summary>
/// The rows of one open partition, in fixed-size segments. A busy day is millions of rows; a list that grows by
/// doubling would copy them over and over and, at its peak, hold almost twice the day. Segments hold exactly
/// the day, and rows never move once added (unless the day must be sorted, which a day read in order is not).
/// </summary>
internal sealed class DayBuffer : IReadOnlyList<TradeRow>
{
    private const int SegmentBits = 16;
    private const int SegmentSize = 1 << SegmentBits;

    private readonly List<TradeRow[]> _segments = [];

    public int Count { get; private set; }

    public TradeRow this[int index]
    {
        get => _segments[index >> SegmentBits][index & (SegmentSize - 1)];
        private set => _segments[index >> SegmentBits][index & (SegmentSize - 1)] = value;
    }

    public void Add(TradeRow row)
    {
        if ((Count & (SegmentSize - 1)) == 0 && Count >> SegmentBits == _segments.Count)
            _segments.Add(new TradeRow[SegmentSize]);
        this[Count++] = row;
    }

    /// <summary>The rows' trade ids, read in place.</summary>
    public IReadOnlyList<long> Ids => new IdView(this);

    private sealed class IdView(DayBuffer rows) : IReadOnlyList<long>
    {
        public int Count => rows.Count;

        public long this[int index] => rows[index].Trade.Id;

        public IEnumerator<long> GetEnumerator()
        {
            for (var i = 0; i < rows.Count; i++)
                yield return rows[i].Trade.Id;
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>
    /// Rows <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> as they are now, readable on
    /// another thread while rows are added after them (segments never move, and the view keeps its own list of them).
    /// </summary>
    public IReadOnlyList<TradeRow> View(int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + count, Count);
        return new Slice([.. _segments], start, count);
    }

    private sealed class Slice(TradeRow[][] segments, int start, int count) : IReadOnlyList<TradeRow>
    {
        public int Count => count;

        public TradeRow this[int index] => segments[(start + index) >> SegmentBits][(start + index) & (SegmentSize - 1)];

        public IEnumerator<TradeRow> GetEnumerator()
        {
            for (var i = 0; i < count; i++)
                yield return this[i];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>
    /// Sorts by trade id, and one id's copies by <see cref="SourcePreference"/>, unless the rows are in that order
    /// already (the usual case: one source read in id order).
    /// </summary>
    public void SortById()
    {
        for (var i = 1; i < Count; i++)
        {
            if (SourcePreference.Compare(this[i], this[i - 1]) < 0)
            {
                var all = this.ToArray();
                Array.Sort(all, SourcePreference.Compare);
                for (var j = 0; j < all.Length; j++)
                    this[j] = all[j];
                return;
            }
        }
    }

    /// <summary>Keeps, in order, only the rows <paramref name="keep"/> accepts (it sees each row once, in order).</summary>
    public void Retain(Func<TradeRow, bool> keep)
    {
        var kept = 0;
        for (var i = 0; i < Count; i++)
        {
            var row = this[i];
            if (keep(row))
                this[kept++] = row;
        }
        Count = kept;
        _segments.RemoveRange((Count + SegmentSize - 1) >> SegmentBits, _segments.Count - ((Count + SegmentSize - 1) >> SegmentBits));
    }

    public IEnumerator<TradeRow> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
            yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
