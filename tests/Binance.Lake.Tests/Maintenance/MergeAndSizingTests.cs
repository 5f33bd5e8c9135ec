using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Trades;
using Binance.Lake.Transform.Maintenance;
using Binance.Lake.Transform.Trades;

namespace Binance.Lake.Tests.Maintenance;

/// <summary>The two pure pieces of optimize: the k-way merge and the cutting into near-target files.</summary>
public class MergeAndSizingTests
{
    private static TradeRow Row(long id, RawSource source = RawSource.Rest) =>
        new(new Trade(id, 60_000m + id % 97 / 100m, 0.001m * (id % 13 + 1), (60_000m + id % 97 / 100m) * 0.001m * (id % 13 + 1), 1_700_000_000_000_000 + id * 1000, id % 2 == 0, true), source);

    [Fact]
    public void The_merge_yields_each_id_once_in_order_and_the_earlier_file_wins_a_tie()
    {
        var random = new Random(7);
        var ids = Enumerable.Range(0, 5000).Select(i => (long)i).ToArray();
        // Three files with interleaving ids; the last also repeats 200 ids of the others (from another source) and
        // is not sorted, which a file from another writer might not be.
        var files = new[] { new List<TradeRow>(), new List<TradeRow>(), new List<TradeRow>() };
        foreach (var id in ids)
            files[random.Next(3)].Add(Row(id));
        var repeated = ids.Where(_ => random.Next(20) == 0).Take(200).ToArray();
        files[2].AddRange(repeated.Select(id => Row(id, RawSource.Live)));
        var merged = new MergedRows(files.Select(f => f.ToArray()));

        var rows = merged.Sorted().ToList();

        Assert.Equal(ids, rows.Select(r => r.Trade.Id));
        Assert.Equal(repeated.Length, merged.Duplicates);
        Assert.Equal(ids.Length + repeated.Length, merged.InputRows);
        // Every repeated id came second (a later file, or later within the same file): the first copy is kept.
        Assert.DoesNotContain(rows, r => r.Source == RawSource.Live);
        Assert.Equal(files.SelectMany(f => f).Where(r => r.Source == RawSource.Rest).OrderBy(r => r.Trade.Id), rows);
    }

    [Fact]
    public async Task Rows_are_cut_into_files_near_the_target_with_nothing_lost_and_no_small_tail()
    {
        var rows = Enumerable.Range(0, 40_000).Select(i => Row(i)).ToList();
        const long target = 64 * 1024;
        var written = new List<(long First, long Last, int Count, int Bytes)>();

        // A first estimate three times too big, as many small input files give.
        await new TargetSizedFiles(target, 3.0 * (TradeFileWriter.Write(rows)).Length / rows.Count).WriteAsync(rows, (file, content) =>
        {
            written.Add((file[0].Trade.Id, file[^1].Trade.Id, file.Count, content.Length));
            return Task.CompletedTask;
        }, CancellationToken.None);

        Assert.Equal(rows.Count, written.Sum(w => w.Count));
        for (var i = 1; i < written.Count; i++)
            Assert.Equal(written[i - 1].Last + 1, written[i].First);
        Assert.All(written.SkipLast(1), w => Assert.InRange(w.Bytes, target * 0.8, target * 1.2));
        Assert.InRange(written[^1].Bytes, 1, target * 1.25);
        Assert.InRange(written.Count, 2, 100);
    }
}
