using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Trades;

namespace Binance.Lake.Tests.Core;

public class RawZoneTests
{
    [Fact]
    public void Chunk_names_carry_the_id_range_and_sort_in_id_order()
    {
        var low = RawZone.ChunkKey("BTCUSDT", RawSource.Rest, new IdRange(999, 1998), "json");
        var high = RawZone.ChunkKey("BTCUSDT", RawSource.Rest, new IdRange(1999, 2998), "json");

        Assert.Equal("raw/binance-spot/BTCUSDT/rest/000000000999-000000001998.json", low);
        Assert.True(string.CompareOrdinal(low, high) < 0);
        Assert.Equal(new IdRange(1999, 2998), RawZone.ParseChunkRange(high));
    }

    [Theory]
    [InlineData("raw/binance-spot/BTCUSDT/rest/README.md")]
    [InlineData("raw/binance-spot/BTCUSDT/rest/000000000010-000000000005.json")]
    [InlineData("raw/binance-spot/BTCUSDT/rest/.tmp-1234-5.json")]
    public void Other_files_are_not_chunks(string key) => Assert.Null(RawZone.ParseChunkRange(key));
}
