using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Trades;
using Binance.Lake.Transform.Compaction;
using Binance.Lake.Transform.Trades;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Binance.Lake.Tests.Transform;

public sealed class DayBufferTests
{
    private static TradeRow Row(long id) => new(new Trade(id, 1m, 2m, 2m, id * 1000, id % 2 == 0, true), RawSource.Rest);

    [FsCheck.Xunit.Property(MaxTest = 200)]
    public Property Sorting_and_retaining_give_what_a_list_would(long[] ids, int modulus)
    {
        var keepEvery = Math.Abs(modulus % 5) + 1;
        var buffer = new DayBuffer();
        foreach (var id in ids)
            buffer.Add(Row(id));
        buffer.SortById();
        var sorted = ids.OrderBy(i => i).ToList();
        var sortedMatches = buffer.Select(r => r.Trade.Id).SequenceEqual(sorted);
        buffer.Retain(r => r.Trade.Id % keepEvery == 0);
        return (sortedMatches && buffer.Select(r => r.Trade.Id).SequenceEqual(sorted.Where(i => i % keepEvery == 0))).ToProperty();
    }

    [FsCheck.Xunit.Property(MaxTest = 200)]
    public Property One_ids_copies_from_several_sources_sort_REST_then_live_then_archive_whatever_order_they_came_in(byte[] ids, byte[] sources, bool idsInOrder)
    {
        RawSource[] preferred = [RawSource.Rest, RawSource.Live, RawSource.Archive];
        // Few distinct ids, so most come more than once; half the time already in id order, as one source reads them.
        var few = ids.Select(id => id % 8L);
        var rows = (idsInOrder ? few.Order() : few)
            .Select((id, i) => Row(id) with { Source = preferred[sources.Length == 0 ? 0 : sources[i % sources.Length] % 3] }).ToList();
        var buffer = new DayBuffer();
        foreach (var row in rows)
            buffer.Add(row);
        buffer.SortById();
        var expected = rows.OrderBy(r => r.Trade.Id).ThenBy(r => Array.IndexOf(preferred, r.Source));
        return buffer.SequenceEqual(expected).ToProperty();
    }

    [Fact]
    public void A_day_of_several_segments_keeps_every_row_in_place_and_shrinks_on_retain()
    {
        var buffer = new DayBuffer();
        for (var id = 200_000L; id > 0; id--)
            buffer.Add(Row(id));
        buffer.SortById();
        Assert.Equal(200_000, buffer.Count);
        Assert.Equal(Enumerable.Range(1, 200_000).Select(i => (long)i), buffer.Select(r => r.Trade.Id));
        buffer.Retain(r => r.Trade.Id > 150_000);
        Assert.Equal(Enumerable.Range(150_001, 50_000).Select(i => (long)i), buffer.Select(r => r.Trade.Id));
        buffer.Add(Row(1));
        Assert.Equal(1, buffer[^1].Trade.Id);
    }
}
