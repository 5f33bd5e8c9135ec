using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Storage;
using Binance.Lake.Core.Trades;
using Binance.Lake.Extract.Live;
using Binance.Lake.Extract.Live.Sinks;
using Binance.Lake.Extract.RawFormats;
using Binance.Lake.Extract.Rest;
using Binance.Lake.Simulator;
using Xunit.Abstractions;

namespace Binance.Lake.Tests.Support;

/// <summary>
/// A simulator serving REST and websockets on a real port, a lake in a temp folder, and the collector wired as the CLI
/// wires it, with timings scaled down so a test sees drops, rollovers and stalls within seconds.
/// </summary>
public sealed class LiveHarness : IAsyncDisposable
{
    private readonly BackfillHarness _backfill;

    private LiveHarness(BackfillHarness backfill) => _backfill = backfill;

    public ExchangeSimulator Simulator => _backfill.Simulator;

    public IObjectStore Store => _backfill.Store;

    public string LakePath => _backfill.LakePath;

    public Uri WebSocketUrl => new($"ws://{Simulator.BaseUrl.Authority}/");

    /// <summary>Collector timings for tests: batches of half a second, reconnects within tens of milliseconds.</summary>
    public LiveOptions Options => new()
    {
        WebSocketUrl = WebSocketUrl,
        BatchMaxAge = TimeSpan.FromMilliseconds(500),
        ReconnectMinDelay = TimeSpan.FromMilliseconds(20),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(500),
        StallTimeout = TimeSpan.FromSeconds(5),
    };

    public static async Task<LiveHarness> StartAsync(ITestOutputHelper output, SimulatorOptions options) =>
        new(await BackfillHarness.StartAsync(output, options));

    /// <summary>
    /// Runs a collector into the lake until <paramref name="done"/> holds (checked every 50 ms; at most 30 s, so a loaded
    /// machine slows a test down rather than failing it) and returns its stats once it has drained.
    /// </summary>
    public async Task<LiveStats> CollectAsync(Func<LiveStats, bool> done, LiveOptions? options = null, ILiveSink? sink = null, params string[] symbols)
    {
        using var client = _backfill.NewClient();
        var collector = new LiveCollector(client, Store, sink ?? new LakeSink(Store), options ?? Options, _backfill.Logger);
        await RunUntilAsync(stop => collector.RunAsync(symbols.Length == 0 ? ["BTCUSDT"] : symbols, stop), () => done(collector.Stats));
        return collector.Stats;
    }

    /// <summary>Runs a live process until <paramref name="done"/> holds or <paramref name="atMost"/> (30 s) passes, then stops it and waits for its drain.</summary>
    public static async Task RunUntilAsync(Func<CancellationToken, Task> start, Func<bool> done, TimeSpan? atMost = null)
    {
        using var stop = new CancellationTokenSource(atMost ?? TimeSpan.FromSeconds(30));
        var run = start(stop.Token);
        while (!run.IsCompleted && !done())
            await Task.WhenAny(run, Task.Delay(50));
        await stop.CancelAsync();
        await run;
    }

    /// <summary>Collects until the symbols have taken <paramref name="trades"/> trades from the stream between them.</summary>
    public static Func<LiveStats, bool> Trades(long trades) => stats => stats.Symbols.Values.Sum(s => s.Trades) >= trades;

    /// <summary>Every trade the raw zone holds for the symbol from live and REST chunks, by id; a repeated id must carry the same trade.</summary>
    public async Task<SortedDictionary<long, Trade>> TradesAsync(string symbol)
    {
        var trades = new SortedDictionary<long, Trade>();
        var live = new LiveChunkDecoder();
        foreach (var source in new[] { RawSource.Live, RawSource.Rest })
        {
            await foreach (var item in Store.ListAsync(RawZone.SourcePrefix(symbol, source)))
            {
                var content = (await Store.GetAsync(item.Key))!;
                var held = source == RawSource.Live ? live.Decode(item.Key, content) : TradePageParser.Parse(content).Trades;
                Assert.Equal(RawZone.ParseChunkRange(item.Key), new IdRange(held[0].Id, held[^1].Id));
                foreach (var trade in held)
                {
                    if (trades.TryGetValue(trade.Id, out var seen))
                        Assert.Equal(seen, trade);
                    trades[trade.Id] = trade;
                }
            }
        }
        return trades;
    }

    /// <summary>
    /// The lake holds every id from the first collected to the newest, each trade as REST serves it. Returns the range.
    /// </summary>
    public async Task<IdRange> AssertContiguousAsync(string symbol = "BTCUSDT")
    {
        var trades = await TradesAsync(symbol);
        Assert.NotEmpty(trades);
        var range = new IdRange(trades.Keys.First(), trades.Keys.Last());
        var missing = range.Count - trades.Count;
        Assert.True(missing == 0, $"{symbol}: {missing} ids of {range} are missing from the lake");
        using var client = _backfill.NewClient();
        await foreach (var step in client.ReadRangeAsync(symbol, range, CancellationToken.None))
            foreach (var rest in step.Page!.Trades)
                Assert.Equal(rest, trades[rest.Id]);
        return range;
    }

    public async ValueTask DisposeAsync() => await _backfill.DisposeAsync();
}
