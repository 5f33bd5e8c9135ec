using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Trades;
using Binance.Lake.Transform.Compaction;
using Binance.Lake.Transform.Trades;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Binance.Lake.Tests.Transform;

/// <summary>A day encoded while it is read must be exactly the file written after it, or not be used at all.</summary>
public sealed class DayFileAheadTests
{
    private const int RowGroup = 16;

    private static TradeRow Row(long id) => new(new Trade(id, 1.5m + id, 0.001m * id, 3m, 1_700_000_000_000_000 + id * 1000, id % 3 == 0, true), RawSource.Archive);

    [FsCheck.Xunit.Property(MaxTest = 300)]
    public Property Rows_in_ascending_order_not_held_give_the_same_file_as_the_whole_day_and_any_other_rows_give_none(
        PositiveInt length, NonNegativeInt at, NonNegativeInt batch, byte shape)
    {
        // Contiguous ids with at most one oddity: a jump (still fine), a repeat, a step back, or an id already held.
        var ids = Enumerable.Range(1_000, length.Get % (5 * RowGroup)).Select(i => (long)i).ToList();
        var held = new IdRangeSet();
        if (ids.Count > 1)
        {
            var i = at.Get % (ids.Count - 1) + 1;
            switch (shape % 5)
            {
                case 1: ids = [.. ids.Take(i), .. ids.Skip(i).Select(x => x + 10)]; break;
                case 2: ids[i] = ids[i - 1]; break;
                case 3: ids[i] = ids[i - 1] - 1; break;
                case 4: held.Add(new IdRange(ids[i], ids[i])); break;
            }
        }

        var rows = new DayBuffer();
        var ahead = new DayFileAhead(held, RowGroup);
        var batchSize = batch.Get % 40 + 1;
        for (var i = 0; i < ids.Count; i++)
        {
            rows.Add(Row(ids[i]));
            if (i % batchSize == batchSize - 1)
                ahead.Extend(rows);
        }
        var early = ahead.FinishAsync(rows, CancellationToken.None).GetAwaiter().GetResult();

        var qualifies = ids.Count >= RowGroup && ids.Zip(ids.Skip(1)).All(p => p.Second > p.First) && !ids.Any(i => held.Covers(new IdRange(i, i)));
        if (early is not { } content)
            return (!qualifies).Label($"a qualifying day of {ids.Count} rows was not encoded ahead");
        var read = TradeFileReader.ReadRowsAsync(content).GetAwaiter().GetResult();
        return (qualifies && read.SequenceEqual(ids.Select(Row))).Label("the file encoded ahead holds exactly the day's rows");
    }
}
