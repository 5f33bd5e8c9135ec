using System.Text;
using System.Text.Json;
using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Trades;
using Binance.Lake.Extract.RawFormats;
using Binance.Lake.Extract.Rest;
using Binance.Lake.Tests.Support;

namespace Binance.Lake.Tests.RealData;

/// <summary>The live raw chunk format: NDJSON websocket messages as received, both stream shapes, and the damage it must refuse.</summary>
public sealed class LiveChunkDecoderTests
{
    private static readonly LiveChunkDecoder Decoder = new();

    // The first trade of the real BTCUSDT capture (milliseconds, as Binance sends by default).
    private const string FirstTrade = """{"e":"trade","E":1723161255343,"s":"BTCUSDT","t":3735683259,"p":"61837.63000000","q":"0.02000000","T":1723161255342,"m":true,"M":true}""";
    private static readonly Trade FirstTradeDecoded = new(3735683259, 61837.63m, 0.02m, 1236.7526m, 1723161255342_000, true, true);

    private static string Key(long first, long last, string symbol = "BTCUSDT") =>
        RawZone.ChunkKey(symbol, RawSource.Live, new IdRange(first, last), LiveChunkDecoder.Extension);

    private static string Payload(long id, string price = "61837.63000000", string qty = "0.02000000", long time = 1723161255342, bool maker = true, string symbol = "BTCUSDT") =>
        $$"""{"e":"trade","E":{{time + 1}},"s":"{{symbol}}","t":{{id}},"p":"{{price}}","q":"{{qty}}","T":{{time}},"m":{{(maker ? "true" : "false")}},"M":true}""";

    private static string Envelope(string payload, string stream = "btcusdt@trade") => $$"""{"stream":"{{stream}}","data":{{payload}}}""";

    private static LiveChunk Read(string key, params string[] lines) => Decoder.Read(key, Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));

    [Fact]
    public void Is_registered_for_the_live_folder()
    {
        Assert.Equal(RawSource.Live, Decoder.Source);
        Assert.Single(RawChunkDecoders.All, d => d is LiveChunkDecoder && d.Source == RawSource.Live);
        Assert.Equal("raw/binance-spot/BTCUSDT/live/003735683259-003735683259.ndjson", Key(3735683259, 3735683259));
    }

    [Fact]
    public void Reads_a_raw_stream_payload()
    {
        var chunk = Read(Key(3735683259, 3735683259), FirstTrade);

        Assert.Equal([FirstTradeDecoded], chunk.Trades);
        Assert.Equal((1, 0, 0), (chunk.Messages, chunk.IgnoredMessages, chunk.RepeatsDropped));
    }

    [Fact]
    public void Reads_a_combined_stream_envelope_with_its_fields_in_any_order()
    {
        var reordered = """{"data":{"M":true,"m":true,"T":1723161255342,"q":"0.02000000","p":"61837.63000000","t":3735683259,"s":"BTCUSDT","E":1723161255343,"e":"trade"},"stream":"btcusdt@trade"}""";

        Assert.Equal([FirstTradeDecoded], Decoder.Decode(Key(3735683259, 3735683259), Encoding.UTF8.GetBytes(Envelope(FirstTrade))));
        Assert.Equal([FirstTradeDecoded], Decoder.Decode(Key(3735683259, 3735683259), Encoding.UTF8.GetBytes(reordered)));
    }

    [Fact]
    public void Tolerates_the_order_ids_Binance_sent_until_2024_and_unknown_fields()
    {
        // The pre-2024-06-18 payload carried buyer (b) and seller (a) order ids.
        var old = """{"stream":"ethusdt@trade","data":{"e":"trade","E":1639351062243,"s":"ETHUSDT","t":703577478,"p":"4036.76000000","q":"0.00800000","b":7038593583,"a":7038593613,"T":1639351062243,"m":true,"M":true}}""";
        var future = """{"e":"trade","E":1,"s":"ETHUSDT","t":703577479,"p":"4036.77000000","q":"1.00000000","T":1639351062244,"m":false,"M":false,"X":"MARKET","new":{"nested":[1,2,{"p":3}]},"list":[null]}""";

        var trades = Decoder.Decode(Key(703577478, 703577479, "ETHUSDT"), Encoding.UTF8.GetBytes(old + "\n" + future));

        Assert.Equal(
            [
                new Trade(703577478, 4036.76m, 0.008m, 32.29408m, 1639351062243_000, true, true),
                new Trade(703577479, 4036.77m, 1m, 4036.77m, 1639351062244_000, false, false),
            ],
            trades);
    }

    [Fact]
    public void Times_in_milliseconds_and_microseconds_both_become_microseconds()
    {
        var ms = Payload(1, time: 1723161255342);
        var us = Payload(2, time: 1741046401271497);

        var trades = Decoder.Decode(Key(1, 2), Encoding.UTF8.GetBytes(ms + "\n" + us));

        Assert.Equal([1723161255342_000L, 1741046401271497L], trades.Select(t => t.TimeMicros));
    }

    [Fact]
    public void Messages_that_carry_no_trade_of_the_chunk_symbol_are_skipped()
    {
        string[] lines =
        [
            """{"result":null,"id":1}""",
            Envelope("""{"e":"depthUpdate","E":1723161255208,"s":"BTCUSDT","U":50093239189,"u":50093239202,"b":[["61737.63000000","0.00000000"]],"a":[["61837.64000000","1.54698000"]]}""", "btcusdt@depth@100ms"),
            Envelope("""{"u":50093239212,"s":"BTCUSDT","b":"61837.63000000","B":"3.78826000","a":"61837.64000000","A":"1.54698000"}""", "btcusdt@bookTicker"),
            Payload(10),
            """{"e":"aggTrade","E":1672515782136,"s":"BTCUSDT","a":12345,"p":"0.001","q":"100","f":100,"l":105,"T":1672515782136,"m":true,"M":true}""",
            Envelope(Payload(11, symbol: "ETHUSDT"), "ethusdt@trade"),
            """{"e":"blockTrade","E":1,"s":"BTCUSDT","t":5,"p":"1.0","q":"1.0","T":1,"m":true}""",
            """{"e":"serverShutdown","E":1746000000000}""",
            """{"lastUpdateId":50093239218,"bids":[["61837.63000000","3.78826000"]],"asks":[]}""",
            """{"stream":"btcusdt@trade","data":null}""",
            Envelope(Payload(11)),
        ];

        var chunk = Read(Key(10, 11), lines);

        Assert.Equal([10L, 11L], chunk.Trades.Select(t => t.Id));
        Assert.Equal((11, 9), (chunk.Messages, chunk.IgnoredMessages));
    }

    [Fact]
    public void The_real_capture_with_every_stream_left_in_yields_exactly_its_trades()
    {
        var messages = RealCaptures.StreamCaptureMessages(RealCaptures.BtcusdtStream).Take(3000).ToList();
        var expected = messages
            .Select(m => JsonDocument.Parse(m).RootElement)
            .Where(r => r.TryGetProperty("stream", out var s) && s.GetString() == "btcusdt@trade")
            .Select(r => r.GetProperty("data").GetProperty("t").GetInt64())
            .ToList();

        var chunk = Read(Key(expected[0], expected[^1]), [.. messages]);

        Assert.Equal(expected, chunk.Trades.Select(t => t.Id));
        Assert.Equal(messages.Count - expected.Count, chunk.IgnoredMessages);
        Assert.True(chunk.IgnoredMessages > 1000);
    }

    [Fact]
    public void QuoteQty_is_price_times_qty_truncated_as_REST_serves_it()
    {
        // The genuine ETHBTC REST page gives quoteQty; the same trades as stream payloads must decode to equal trades.
        var body = File.ReadAllBytes(RepositoryPaths.Fixture("binance/ethbtc_2023-03-20_trades.rest.json"));
        var rest = TradePageParser.Parse(body).Trades;
        using var document = JsonDocument.Parse(body);
        var lines = document.RootElement.EnumerateArray().Select(t =>
            $$"""{"e":"trade","E":{{t.GetProperty("time").GetInt64()}},"s":"ETHBTC","t":{{t.GetProperty("id").GetInt64()}},"p":"{{t.GetProperty("price").GetString()}}","q":"{{t.GetProperty("qty").GetString()}}","T":{{t.GetProperty("time").GetInt64()}},"m":{{(t.GetProperty("isBuyerMaker").GetBoolean() ? "true" : "false")}},"M":{{(t.GetProperty("isBestMatch").GetBoolean() ? "true" : "false")}}}""");

        var live = Decoder.Decode(Key(rest[0].Id, rest[^1].Id, "ETHBTC"), Encoding.UTF8.GetBytes(string.Join("\n", lines)));

        Assert.Equal(rest, live);
        // Truncated, not rounded: on this page 472 products have a 9th+ decimal that rounding would carry up.
        var roundedDiffers = rest.Count(t => Math.Round(t.Price * t.Qty, 8, MidpointRounding.AwayFromZero) != t.QuoteQty);
        Assert.Equal(472, roundedDiffers);
        Assert.Equal(0.01001559m, LiveChunkDecoder.QuoteQty(0.06440900m, 0.15550000m)); // exactly 0.0100155995
    }

    [Fact]
    public void Crlf_blank_lines_a_missing_final_newline_and_a_bom_are_fine()
    {
        var text = "\uFEFF" + Payload(1) + "\r\n\r\n   \n" + Payload(2) + "\r\n" + Payload(3);

        var chunk = Decoder.Read(Key(1, 3), Encoding.UTF8.GetBytes(text));

        Assert.Equal([1L, 2L, 3L], chunk.Trades.Select(t => t.Id));
        Assert.Equal(3, chunk.Messages);
    }

    [Fact]
    public void A_message_sent_twice_is_returned_once()
    {
        var chunk = Read(Key(1, 3), Payload(1), Payload(1), Payload(2), Payload(2), Payload(3), Payload(3));

        Assert.Equal([1L, 2L, 3L], chunk.Trades.Select(t => t.Id));
        Assert.Equal(3, chunk.RepeatsDropped);
    }

    [Fact]
    public void Overlapping_connections_interleaved_are_sorted_and_deduplicated()
    {
        // Two connections during a rollover, raw and combined, their messages interleaved as they arrived.
        var chunk = Read(Key(1, 5), Payload(1), Payload(2), Envelope(Payload(2)), Payload(3), Envelope(Payload(3)), Envelope(Payload(4)), Payload(4), Envelope(Payload(5)));
        var shuffled = Read(Key(1, 5), Payload(3), Payload(1), Payload(5), Payload(2), Payload(4), Payload(1));

        Assert.Equal([1L, 2L, 3L, 4L, 5L], chunk.Trades.Select(t => t.Id));
        Assert.Equal(3, chunk.RepeatsDropped);
        Assert.Equal([1L, 2L, 3L, 4L, 5L], shuffled.Trades.Select(t => t.Id));
        Assert.Equal(1, shuffled.RepeatsDropped);
    }

    [Fact]
    public void Two_different_trades_under_one_id_are_damage()
    {
        var key = Key(1, 2);

        var error = Assert.Throws<InvalidDataException>(() => Read(key, Payload(1), Payload(2), Payload(1, price: "61837.64000000")));

        Assert.Contains(key, error.Message);
        Assert.Contains("line 3", error.Message);
        Assert.Contains("line 1", error.Message);
    }

    public static TheoryData<string, string> DamagedLines => new()
    {
        { """{"e":"trade","E":1,"s":"BTCUSDT","t":3,"p":"1.0""", "truncated" },
        { "not json at all", "not JSON" },
        { """[{"e":"trade"}]""", "an array, not an object" },
        { """{"e":"trade","s":"BTCUSDT"} {"e":"trade"}""", "two messages on one line" },
        { """{"e":"trade","E":1,"s":"BTCUSDT","t":3,"p":"1.0","q":"1.0","T":1,"m":true}""", "M missing" },
        { """{"e":"trade","E":1,"s":"BTCUSDT","p":"1.0","q":"1.0","T":1,"m":true,"M":true}""", "t missing" },
        { """{"e":"trade","E":1,"t":3,"p":"1.0","q":"1.0","T":1,"m":true,"M":true}""", "s missing" },
        { """{"e":"trade","E":1,"s":"BTCUSDT","t":3,"p":1.0,"q":"1.0","T":1,"m":true,"M":true}""", "price as a number" },
        { """{"e":"trade","E":1,"s":"BTCUSDT","t":"3","p":"1.0","q":"1.0","T":1,"m":true,"M":true}""", "id as a string" },
        { """{"e":"trade","E":1,"s":"BTCUSDT","t":3,"p":"1.0","q":"abc","T":1,"m":true,"M":true}""", "qty not a decimal" },
        { """{"e":"trade","E":1,"s":"BTCUSDT","t":3,"p":"1.0","q":"1.0","T":1.5,"m":true,"M":true}""", "time not an integer" },
        { """{"e":"trade","E":1,"s":"BTCUSDT","t":3,"p":"1.0","q":"1.0","T":1,"m":"true","M":true}""", "maker as a string" },
        { """{"stream":"btcusdt@trade","data":{"e":"trade","E":1,"s":"BTCUSDT","t":3,"p":"1.0","q":"1.0","T":1,"m":true}}""", "M missing in an envelope" },
    };

    [Theory]
    [MemberData(nameof(DamagedLines))]
    public void A_damaged_line_is_named_with_the_key_and_its_number(string line, string why)
    {
        var key = Key(1, 3);

        var error = Assert.Throws<InvalidDataException>(() => Read(key, Payload(1), Payload(2), line));

        Assert.Contains(key, error.Message);
        Assert.Contains("line 3", error.Message);
        Assert.NotNull(why);
    }

    [Fact]
    public void A_chunk_whose_name_is_not_its_id_range_is_refused()
    {
        Assert.Contains("misnamed", Assert.Throws<InvalidDataException>(() => Read(Key(1, 4), Payload(1), Payload(2), Payload(3))).Message);
        Assert.Contains("misnamed", Assert.Throws<InvalidDataException>(() => Read(Key(2, 3), Payload(1), Payload(2), Payload(3))).Message);
        Assert.Contains("misnamed", Assert.Throws<InvalidDataException>(() => Read(Key(1, 1), """{"result":null,"id":1}""")).Message);
        // Gaps inside the range are allowed: the collector repairs them from REST, into REST chunks.
        Assert.Equal([1L, 3L], Read(Key(1, 3), Payload(1), Payload(3)).Trades.Select(t => t.Id));
    }

    [Theory]
    [InlineData("raw/binance-spot/BTCUSDT/rest/000000000001-000000000001.json")]
    [InlineData("raw/binance-spot/BTCUSDT/live/trades.ndjson")]
    [InlineData("elsewhere/BTCUSDT/live/000000000001-000000000001.ndjson")]
    public void A_key_outside_the_live_folder_is_refused(string key)
    {
        Assert.Throws<ArgumentException>(() => Decoder.Decode(key, Encoding.UTF8.GetBytes(Payload(1))));
    }
}
