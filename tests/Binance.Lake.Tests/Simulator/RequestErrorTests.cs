using System.Text.Json;
using Binance.Lake.Simulator;

namespace Binance.Lake.Tests.Simulator;

public sealed class RequestErrorTests : IAsyncLifetime
{
    private ExchangeSimulator _sim = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _sim = await SimulatorTestKit.StartAsync(new SimulatorOptions { WeightLimit = 1_000_000 });
        _client = SimulatorTestKit.Client(_sim);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _sim.DisposeAsync();
    }

    [Theory]
    [InlineData("api/v3/trades?symbol=DOGEUSDT")]
    [InlineData("api/v3/trades?symbol=btcusdt")]
    [InlineData("api/v3/historicalTrades?symbol=NOPE&fromId=1")]
    [InlineData("api/v3/aggTrades?symbol=NOPE")]
    [InlineData("api/v3/exchangeInfo?symbol=NOPE")]
    public async Task Unknown_symbol_is_1121(string url)
    {
        var (status, _, body, _) = await _client.GetRawAsync(url);
        Assert.Equal(400, status);
        Assert.Equal("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}", body);
    }

    [Theory]
    [InlineData("api/v3/trades")]
    [InlineData("api/v3/historicalTrades?symbol=")]
    [InlineData("api/v3/aggTrades?limit=5")]
    public async Task Missing_symbol_is_1102(string url)
    {
        var (status, _, body, _) = await _client.GetRawAsync(url);
        Assert.Equal(400, status);
        Assert.Equal("{\"code\":-1102,\"msg\":\"Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.\"}", body);
    }

    [Theory]
    [InlineData("api/v3/trades?symbol=BTCUSDT&limit=abc", "limit")]
    [InlineData("api/v3/trades?symbol=BTCUSDT&limit=-5", "limit")]
    [InlineData("api/v3/historicalTrades?symbol=BTCUSDT&fromId=-1", "fromId")]
    [InlineData("api/v3/historicalTrades?symbol=BTCUSDT&fromId=99999999999999999999999", "fromId")]
    [InlineData("api/v3/aggTrades?symbol=BTCUSDT&startTime=1.5", "startTime")]
    [InlineData("api/v3/aggTrades?symbol=BTCUSDT&endTime=x", "endTime")]
    public async Task Malformed_numbers_are_1100(string url, string parameter)
    {
        var (status, _, body, _) = await _client.GetRawAsync(url);
        Assert.Equal(400, status);
        Assert.Equal($"{{\"code\":-1100,\"msg\":\"Illegal characters found in parameter '{parameter}'; legal range is '^[0-9]{{1,20}}$'.\"}}", body);
    }

    [Fact]
    public async Task Limit_zero_is_1130_and_above_1000_is_capped()
    {
        var (status, code, _, _) = await _client.GetRawAsync("api/v3/trades?symbol=BTCUSDT&limit=0");
        Assert.Equal(400, status);
        Assert.Equal(-1130, code);
        Assert.Equal(1000, (await _client.TradesAsync("api/v3/trades?symbol=BTCUSDT&limit=5000")).Count);
        Assert.Equal(500, (await _client.TradesAsync("api/v3/historicalTrades?symbol=BTCUSDT&fromId=10")).Count);
    }

    [Fact]
    public async Task Unknown_path_is_404()
    {
        var (status, _, _, headers) = await _client.GetRawAsync("api/v3/depth?symbol=BTCUSDT");
        Assert.Equal(404, status);
        Assert.True(headers.Contains("X-MBX-USED-WEIGHT-1M"));
        Assert.Equal(404, (await _client.GetRawAsync("api/v1/trades?symbol=BTCUSDT")).Status);
        Assert.Equal(2, _sim.Stats.Status404);
    }

    [Fact]
    public async Task Exchange_info_lists_symbols_with_filters()
    {
        using var doc = JsonDocument.Parse(await _client.GetStringAsync("api/v3/exchangeInfo"));
        var root = doc.RootElement;
        Assert.Equal("UTC", root.GetProperty("timezone").GetString());
        Assert.Equal(SimulatorTestKit.UnixMs(SimulatorTestKit.FixedNow), root.GetProperty("serverTime").GetInt64());
        Assert.Equal(0, root.GetProperty("exchangeFilters").GetArrayLength());
        var symbols = root.GetProperty("symbols").EnumerateArray().ToList();
        Assert.Equal(["BTCUSDT", "ETHUSDT"], symbols.Select(s => s.GetProperty("symbol").GetString()));
        var btc = symbols[0];
        Assert.Equal("TRADING", btc.GetProperty("status").GetString());
        Assert.Equal("BTC", btc.GetProperty("baseAsset").GetString());
        Assert.Equal("USDT", btc.GetProperty("quoteAsset").GetString());
        var filters = btc.GetProperty("filters").EnumerateArray().ToDictionary(f => f.GetProperty("filterType").GetString()!);
        Assert.Equal("0.01000000", filters["PRICE_FILTER"].GetProperty("tickSize").GetString());
        Assert.Equal("0.00001000", filters["LOT_SIZE"].GetProperty("stepSize").GetString());

        using var one = JsonDocument.Parse(await _client.GetStringAsync("api/v3/exchangeInfo?symbol=ETHUSDT"));
        Assert.Equal("ETHUSDT", one.RootElement.GetProperty("symbols").EnumerateArray().Single().GetProperty("symbol").GetString());
        using var many = JsonDocument.Parse(await _client.GetStringAsync("api/v3/exchangeInfo?symbols=%5B%22ETHUSDT%22,%22BTCUSDT%22%5D"));
        Assert.Equal(2, many.RootElement.GetProperty("symbols").GetArrayLength());
    }

    [Fact]
    public async Task Ping_is_an_empty_object()
    {
        Assert.Equal("{}", await _client.GetStringAsync("api/v3/ping"));
    }

    [Fact]
    public async Task Invalid_options_are_rejected_at_start()
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => ExchangeSimulator.StartAsync(new SimulatorOptions { HistoryDays = 10, Fault5xx = 2 }));
        Assert.Contains("30 days", e.Message);
        Assert.Contains("0..1", e.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => ExchangeSimulator.StartAsync(new SimulatorOptions { Symbols = ["btc"] }));
    }
}
