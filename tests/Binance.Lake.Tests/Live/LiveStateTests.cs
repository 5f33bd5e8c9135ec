using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Storage;
using Binance.Lake.Core.Trades;
using Binance.Lake.Extract.Live;
using Binance.Lake.Tests.Support;

namespace Binance.Lake.Tests.Live;

/// <summary>Where a restarted collector resumes: the end of the run of ids the lake holds from the first one collected.</summary>
public class LiveStateTests
{
    [Fact]
    public async Task Resumes_at_the_end_of_the_run_from_the_first_collected_id_not_past_a_hole()
    {
        using var folder = new TempFolder();
        var store = new LocalObjectStore(folder.Path);
        var state = new LiveState(store);
        Assert.Null(await state.ResumeAfterAsync("BTCUSDT", CancellationToken.None));

        await state.MarkStartAsync("BTCUSDT", 100, CancellationToken.None);
        Assert.Equal(99, await state.ResumeAfterAsync("BTCUSDT", CancellationToken.None));

        foreach (var (source, first, last) in new[] { (RawSource.Rest, 1L, 120L), (RawSource.Live, 121L, 200L), (RawSource.Rest, 201L, 210L), (RawSource.Rest, 500L, 600L) })
            await store.PutAsync(RawZone.ChunkKey("BTCUSDT", source, new IdRange(first, last), "x"), new byte[] { 1 });

        Assert.Equal(210, await state.ResumeAfterAsync("BTCUSDT", CancellationToken.None));
        Assert.Null(await state.ResumeAfterAsync("ETHUSDT", CancellationToken.None));
    }
}
