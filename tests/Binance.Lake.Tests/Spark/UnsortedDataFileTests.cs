using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Storage;
using Binance.Lake.Core.Trades;
using Binance.Lake.Extract.RawFormats;
using Binance.Lake.Extract.Rest;
using Binance.Lake.Tests.Support;
using Binance.Lake.Transform.Audit;
using Binance.Lake.Transform.Compaction;
using Binance.Lake.Transform.Delta;
using Binance.Lake.Transform.Trades;
using Xunit.Abstractions;

namespace Binance.Lake.Tests.Spark;

/// <summary>
/// The Spark job's MERGE writes data files whose rows are not in trade_id order (Delta's writer repartitions them);
/// compact must still see every id such a file holds, or it would add the same trades again.
/// </summary>
public class UnsortedDataFileTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Compact_adds_no_id_that_an_unsorted_file_of_another_writer_already_holds()
    {
        using var lake = new TempFolder();
        var store = new LocalObjectStore(lake.Path);
        var body = await File.ReadAllBytesAsync(RepositoryPaths.Fixture("binance/ethbtc_2023-03-20_trades.rest.json"));
        var trades = TradePageParser.Parse(body).Trades;
        // Every other trade of the page, as the job would have merged them from the archive, in no particular order.
        var merged = trades.Where((_, i) => i % 2 == 0).Select(t => new TradeRow(t, RawSource.Archive)).ToList();
        await CommitAsSparkWouldAsync(store, [.. merged.OrderByDescending(r => r.Trade.Id % 7).ThenBy(r => r.Trade.Id)], merged);
        await store.PutAsync(RawZone.ChunkKey("ETHBTC", RawSource.Rest, new IdRange(trades[0].Id, trades[^1].Id), "json"), body);

        var summary = await new Compactor(store, RawChunkDecoders.All, new TestOutputLogger(output)).RunAsync(CancellationToken.None);
        var audit = await new TableAuditor(store).AuditAsync("ETHBTC", null, null, CancellationToken.None);

        Assert.Equal(trades.Count - merged.Count, summary.TradesAdded);
        Assert.Equal(merged.Count, summary.DuplicatesDropped);
        Assert.True(audit.Clean);
        Assert.Equal(trades.Count, audit.Trades);
    }

    private static async Task CommitAsSparkWouldAsync(IObjectStore store, List<TradeRow> fileOrder, List<TradeRow> sorted)
    {
        var table = TradesTable.Open(store);
        var partition = TradePartition.Of("ETHBTC", fileOrder[0].Trade.TimeMicros);
        var path = partition.NewFilePath();
        var content = TradeFileWriter.Write(fileOrder);
        await store.PutAsync(table.DataKey(path), content);
        var transaction = table.StartTransaction(null);
        transaction.SetProtocol(Protocol.Default);
        transaction.SetMetadata(TradesTable.NewMetadata());
        transaction.Add(new AddFile(path, partition.Values, content.Length, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            DataChange: true, TradeFileStats.Of(sorted), Tags: null));
        await transaction.CommitAsync("MERGE");
    }
}
