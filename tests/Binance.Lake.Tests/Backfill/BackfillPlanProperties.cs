using Binance.Lake.Extract.Backfill;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Binance.Lake.Tests.Backfill;

/// <summary>The chunks of a plan are what the workers fetch: together they must be the range, each id once.</summary>
public class BackfillPlanProperties
{
    [Property]
    public Property Chunks_tile_the_range_exactly(uint first, ushort length, PositiveInt limit, bool backward)
    {
        var chunkLimit = Math.Min(limit.Get, 1000);
        var plan = new BackfillPlan("BTCUSDT", "test", "test", backward ? BackfillDirection.Backward : BackfillDirection.Forward,
            first, first + (long)length, chunkLimit, [], DateTimeOffset.UnixEpoch);

        var chunks = Enumerable.Range(0, (int)plan.ChunkCount).Select(k => plan.Chunk(k)).OrderBy(c => c.First).ToArray();

        return (chunks[0].First == plan.FirstId
                && chunks[^1].Last == plan.LastId
                && chunks.Zip(chunks.Skip(1)).All(pair => pair.First.Last + 1 == pair.Second.First)
                && chunks.All(c => c.Count >= 1 && c.Count <= chunkLimit))
            .ToProperty();
    }

    [Fact]
    public void Backward_plans_start_with_the_newest_ids()
    {
        var plan = new BackfillPlan("BTCUSDT", "reverse", "reverse", BackfillDirection.Backward, 0, 2499, 1000, [], DateTimeOffset.UnixEpoch);
        Assert.Equal(3, plan.ChunkCount);
        Assert.Equal(new(1500, 2499), plan.Chunk(0));
        Assert.Equal(new(0, 499), plan.Chunk(2));
    }
}
