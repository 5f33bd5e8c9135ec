using System.IO.Compression;
using System.Text;
using Binance.Lake.Extract.Rest;
using Binance.Lake.Tests.Support;

namespace Binance.Lake.Tests.Rest;

/// <summary>The parser against genuine Binance responses, and against the damage it must refuse.</summary>
public class TradePageParserTests
{
    [Fact]
    public void Parses_a_real_historicalTrades_page_exactly()
    {
        var body = File.ReadAllBytes(RepositoryPaths.Fixture("binance/ethbtc_2023-03-20_trades.rest.json"));

        var page = TradePageParser.Parse(body);

        Assert.Equal(1000, page.Trades.Count);
        Assert.Equal(409018748, page.Ids.First);
        Assert.Equal(409019747, page.Ids.Last);
        var first = page.Trades[0];
        Assert.Equal(0.06436200m, first.Price);
        Assert.Equal(0.01580000m, first.Qty);
        Assert.Equal(0.00101691m, first.QuoteQty);
        Assert.Equal(1679280337591_000, first.TimeMicros); // milliseconds in the body, microseconds in the lake
        Assert.False(first.IsBuyerMaker);
        Assert.True(first.IsBestMatch);
        Assert.Equal(body.Length, page.Body.Length);
    }

    [Fact]
    public void Parses_real_aggTrades_pages()
    {
        var direct = AggTradeParser.Parse(File.ReadAllBytes(RepositoryPaths.Fixture("binance/btcusdt_2020-01-02_aggtrades.rest.json")));
        Assert.Equal(1000, direct.Count);
        Assert.Equal(202790190, direct[0].AggregateId);
        Assert.Equal(222825297, direct[0].FirstTradeId);
        Assert.Equal(1577977823305_000, direct[0].TimeMicros);

        // Another tool's export keeps each raw aggTrade under "info"; unwrapped, every one parses and the f..l chain is contiguous.
        using var gzip = new GZipStream(File.OpenRead(RepositoryPaths.Fixture("binance/xrpeth_2019-10_aggtrades.rest.json.gz")), CompressionMode.Decompress);
        using var document = System.Text.Json.JsonDocument.Parse(gzip);
        var raw = "[" + string.Join(",", document.RootElement.EnumerateArray().Select(e => e.GetProperty("info").GetRawText())) + "]";
        var wrapped = AggTradeParser.Parse(Encoding.UTF8.GetBytes(raw));
        Assert.Equal(12477, wrapped.Count);
        Assert.All(wrapped.Zip(wrapped.Skip(1)), pair => Assert.Equal(pair.First.LastTradeId + 1, pair.Second.FirstTradeId));
    }

    [Fact]
    public void Microsecond_times_are_kept_as_they_are()
    {
        var page = TradePageParser.Parse(Encoding.UTF8.GetBytes(
            """[{"id":7,"price":"1.00000000","qty":"2.00000000","quoteQty":"2.00000000","time":1735689600010866,"isBuyerMaker":true,"isBestMatch":true,"newField":[1,{"x":2}]}]"""));
        Assert.Equal(1735689600010866, page.Trades[0].TimeMicros);
    }

    public static TheoryData<string, string> Damaged => new()
    {
        { """[{"id":1,"price":"1.0","qty":"1.0","quoteQty":"1.0","time":1,"isBuyerMaker":true,"isBestMatch":true},{"id":2,"pri""", "truncated" },
        { """[{"id":1,"price":"1.0","qty":"1.0","time":1,"isBuyerMaker":true,"isBestMatch":true}]""", "missing quoteQty" },
        { """[{"id":1,"price":1.0,"qty":"1.0","quoteQty":"1.0","time":1,"isBuyerMaker":true,"isBestMatch":true}]""", "price as a float" },
        { """[{"id":1,"price":"1.0","qty":"1.0","quoteQty":"1.0","time":1,"isBuyerMaker":true,"isBestMatch":true},{"id":3,"price":"1.0","qty":"1.0","quoteQty":"1.0","time":1,"isBuyerMaker":true,"isBestMatch":true}]""", "an id skipped" },
        { """{"code":-1121,"msg":"Invalid symbol."}""", "an error object" },
        { """<html>gateway timeout</html>""", "an HTML error page" },
        { "", "an empty body" },
    };

    [Theory]
    [MemberData(nameof(Damaged))]
    public void Damaged_bodies_are_refused(string body, string what)
    {
        var error = Assert.Throws<MalformedResponseException>(() => TradePageParser.Parse(Encoding.UTF8.GetBytes(body)));
        Assert.False(string.IsNullOrEmpty(error.Message), what);
    }
}
