using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Storage;
using Binance.Lake.Core.Trades;
using Binance.Lake.Extract.Backfill;
using Binance.Lake.Extract.RateLimiting;
using Binance.Lake.Extract.Rest;
using Binance.Lake.Simulator;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Binance.Lake.Tests.Support;

/// <summary>
/// A simulator on a real port, a lake in a temp folder, and clients wired as the CLI wires them:
/// what a backfill test needs to run the real code over real HTTP.
/// </summary>
public sealed class BackfillHarness : IAsyncDisposable
{
    private readonly TempFolder _folder = new();

    private BackfillHarness(ExchangeSimulator simulator, ITestOutputHelper output)
    {
        Simulator = simulator;
        Logger = new TestOutputLogger(output);
        Store = new LocalObjectStore(LakePath);
    }

    public ExchangeSimulator Simulator { get; }

    public ILogger Logger { get; }

    public IObjectStore Store { get; private set; }

    public string LakePath => _folder.Path;

    public static async Task<BackfillHarness> StartAsync(ITestOutputHelper output, SimulatorOptions options) =>
        new(await ExchangeSimulator.StartAsync(options), output);

    public void UseStore(IObjectStore store) => Store = store;

    public BinanceRestClient NewClient(double weightShare = 1.0) => new(
        new BinanceRestOptions { BaseUrl = Simulator.BaseUrl },
        new RateGovernor(new ServerClock(TimeProvider.System), weightShare),
        Logger);

    public async Task<(BackfillSummary Summary, BinanceRestClient Client)> RunAsync(
        BackfillRequest request, double weightShare = 1.0, CancellationToken cancellationToken = default)
    {
        var client = NewClient(weightShare);
        var runner = new BackfillRunner(client, Store, Logger, TimeProvider.System);
        return (await runner.RunAsync(request, cancellationToken), client);
    }

    /// <summary>Every REST raw chunk of the symbol, parsed, in id order.</summary>
    public async Task<IReadOnlyList<(string Key, TradePage Page)>> RawChunksAsync(string symbol)
    {
        var chunks = new List<(string, TradePage)>();
        await foreach (var item in Store.ListAsync(RawZone.SourcePrefix(symbol, RawSource.Rest)))
            chunks.Add((item.Key, TradePageParser.Parse((await Store.GetAsync(item.Key))!)));
        return chunks.OrderBy(c => c.Item2.Ids.First).ToArray();
    }

    /// <summary>One trade straight from the exchange, for checking boundaries independently of the backfill.</summary>
    public async Task<Trade> TradeAsync(string symbol, long id)
    {
        using var client = NewClient();
        var page = await client.GetHistoricalTradesAsync(symbol, id, 1, CancellationToken.None);
        return Assert.Single(page.Trades);
    }

    public async ValueTask DisposeAsync()
    {
        await Simulator.DisposeAsync();
        _folder.Dispose();
    }
}
