using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Trades;
using Binance.Lake.Extract.Rest;

namespace Binance.Lake.Tests.Support;

/// <summary>The raw zone's promise: the ids of a range, each exactly once, in files named by the ids they hold.</summary>
public static class RawZoneAssert
{
    public static void HoldsExactly(IReadOnlyList<(string Key, TradePage Page)> chunks, IdRange expected)
    {
        Assert.NotEmpty(chunks);
        var next = expected.First;
        foreach (var (key, page) in chunks)
        {
            Assert.Equal(page.Ids, RawZone.ParseChunkRange(key));
            Assert.True(page.Ids.First == next, $"{key}: expected the next file to start at id {next}, it starts at {page.Ids.First}");
            next = page.Ids.Last + 1;
        }
        Assert.Equal(expected.Last + 1, next);
    }
}
