namespace Binance.Lake.Core.Trades;

/// <summary>
/// A set of trade ids held as sorted, disjoint, non-adjacent ranges: what a listing of the raw zone
/// covers, and what is still missing from it.
/// </summary>
public sealed class IdRangeSet
{
    private readonly List<IdRange> _ranges = [];

    public IReadOnlyList<IdRange> Ranges => _ranges;

    public long Count => _ranges.Sum(r => r.Count);

    public void Add(IdRange range)
    {
        if (range.IsEmpty)
            return;
        // Find the first range that ends at or after range.First - 1 (could merge), then absorb all that touch.
        var index = LowerBound(range.First - 1);
        var first = range.First;
        var last = range.Last;
        var removeFrom = index;
        while (index < _ranges.Count && _ranges[index].First <= last + 1)
        {
            first = Math.Min(first, _ranges[index].First);
            last = Math.Max(last, _ranges[index].Last);
            index++;
        }
        _ranges.RemoveRange(removeFrom, index - removeFrom);
        _ranges.Insert(removeFrom, new IdRange(first, last));
    }

    /// <summary>Whether the set holds <paramref name="id"/>; asked of every trade compacted, so an empty set answers at once.</summary>
    public bool Contains(long id) => _ranges.Count > 0 && Covers(new IdRange(id, id));

    public bool Covers(IdRange range)
    {
        if (range.IsEmpty)
            return true;
        var index = LowerBound(range.First);
        return index < _ranges.Count && _ranges[index].Contains(range);
    }

    /// <summary>The parts of <paramref name="within"/> this set does not hold, in id order.</summary>
    public IReadOnlyList<IdRange> Gaps(IdRange within)
    {
        var gaps = new List<IdRange>();
        var next = within.First;
        for (var index = LowerBound(within.First); index < _ranges.Count && _ranges[index].First <= within.Last; index++)
        {
            if (_ranges[index].First > next)
                gaps.Add(new IdRange(next, _ranges[index].First - 1));
            next = Math.Max(next, _ranges[index].Last + 1);
        }
        if (next <= within.Last)
            gaps.Add(new IdRange(next, within.Last));
        return gaps;
    }

    // Index of the first range whose Last >= id.
    private int LowerBound(long id)
    {
        int lo = 0, hi = _ranges.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (_ranges[mid].Last < id)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }
}
