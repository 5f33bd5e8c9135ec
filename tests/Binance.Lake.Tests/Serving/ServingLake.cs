using Binance.Lake.Core.Storage;
using Binance.Lake.Serving;
using Binance.Lake.Testing;
using Binance.Lake.Tests.Support;
using Binance.Lake.Transform.Trades;
using Xunit.Abstractions;

namespace Binance.Lake.Tests.Serving;

/// <summary>A temp lake whose curated table is built from synthetic trades, and what a load of it must produce.</summary>
internal sealed class ServingLake(ITestOutputHelper output) : IDisposable
{
    public static readonly DateOnly Day1 = new(2024, 8, 8);

    private readonly TempFolder _folder = new();

    public string Path => _folder.Path;

    public IObjectStore Store => field ??= new LocalObjectStore(Path);

    public static TradePartition Btc(DateOnly day) => new("BTCUSDT", day);

    public static TradePartition Eth(DateOnly day) => new("ETHUSDT", day);

    /// <summary>Two instruments over two days, a few hundred trades each; ids continue across days per instrument.</summary>
    public async Task<long> TwoByTwoAsync() => await SyntheticTrades.AppendAsync(Store,
        (Btc(Day1), SyntheticTrades.Of(Btc(Day1), 1_000, 300)),
        (Btc(Day1.AddDays(1)), SyntheticTrades.Of(Btc(Day1.AddDays(1)), 1_300, 250)),
        (Eth(Day1), SyntheticTrades.Of(Eth(Day1), 50_000, 200)),
        (Eth(Day1.AddDays(1)), SyntheticTrades.Of(Eth(Day1.AddDays(1)), 50_200, 150)));

    public Task<long> AppendAsync(params (TradePartition Partition, TradeRow[] Rows)[] files) => SyntheticTrades.AppendAsync(Store, files);

    /// <summary>Every row of the table's latest snapshot, read from its data files, as a load must serve it.</summary>
    public Task<List<ServedTrade>> TableRowsAsync(Func<TradePartition, bool>? where = null) => TableRowsAsync(Store, where);

    /// <summary>The same for the table of any lake.</summary>
    public static async Task<List<ServedTrade>> TableRowsAsync(IObjectStore lake, Func<TradePartition, bool>? where = null)
    {
        var table = TradesTable.Open(lake);
        var rows = new List<ServedTrade>();
        foreach (var partition in TradesTable.FilesByPartition(await table.LoadAsync()).Where(p => where?.Invoke(p.Key) ?? true))
            foreach (var file in partition)
                rows.AddRange((await TradeFileReader.ReadRowsAsync(await table.ReadDataFileAsync(file))).Select(r => ServedTrade.Of(partition.Key.Instrument, r)));
        return rows.OrderBy(r => r.Instrument, StringComparer.Ordinal).ThenBy(r => r.Id).ToList();
    }

    public Task<LoadSummary> LoadAsync(ServingTestTarget target, LoadSelection? selection = null) =>
        new ServingLoader(Store, new TestOutputLogger(output)).RunAsync(target.Target, selection ?? new LoadSelection(), CancellationToken.None);

    public void Dispose() => _folder.Dispose();
}
