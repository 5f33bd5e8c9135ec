using Binance.Lake.Core.Storage;
using Binance.Lake.Tests.Storage;
using Binance.Lake.Tests.Support;
using Binance.Lake.Transform.Delta;
using Xunit.Abstractions;

namespace Binance.Lake.Tests.Delta;

/// <summary>
/// Ten writers append at the same moment from the same snapshot. Put-if-absent lets exactly one of them have
/// each version, the losers find that the winners were blind appends and move up: no commit is lost, none
/// overwritten, and the versions are contiguous. Run on both stores, since each implements put-if-absent its
/// own way (link(2) locally, If-None-Match on S3).
/// </summary>
public abstract class ConcurrentCommitContract(ITestOutputHelper output)
{
    private const int Writers = 10;

    protected abstract IObjectStore OpenStore();

    [Fact]
    public async Task Ten_concurrent_blind_appends_all_land_at_contiguous_versions()
    {
        var store = OpenStore();
        try
        {
            var table = new DeltaTable(store, "curated/trades", new TestOutputLogger(output));
            var create = table.StartTransaction(null);
            create.SetMetadata(TradeFiles.NewMetadata());
            await create.CommitAsync("CREATE TABLE");
            var snapshot = await table.LoadAsync();
            var adds = new List<AddFile>();
            for (var i = 0; i < Writers; i++)
                adds.Add(await TradeFiles.WriteAsync(table, "2024-08-08", i * 10, 1));

            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var writers = adds.Select(add => Task.Run(async () =>
            {
                // Each writer has its own DeltaTable over the same store, like separate processes would.
                var own = new DeltaTable(store, "curated/trades");
                var transaction = own.StartTransaction(await own.LoadAsync(snapshot.Version));
                transaction.Add(add);
                await start.Task;
                return await transaction.CommitAsync("WRITE");
            })).ToList();
            start.SetResult();
            var versions = await Task.WhenAll(writers);

            Assert.Equal(Enumerable.Range(1, Writers).Select(v => (long)v), versions.Order());
            var latest = await table.LoadAsync();
            Assert.Equal(Writers, latest.Version);
            Assert.Equal(adds.Select(a => a.Path).Order(), latest.Files.Select(f => f.Path).Order());
            var history = await table.HistoryAsync();
            Assert.Equal(Enumerable.Range(0, Writers + 1).Reverse().Select(v => (long)v), history.Select(h => h.Version));
            Assert.All(history.Take(Writers), h => Assert.True(h.Info?.IsBlindAppend));
        }
        finally
        {
            (store as IDisposable)?.Dispose();
        }
    }
}

public sealed class LocalConcurrentCommitTests(ITestOutputHelper output) : ConcurrentCommitContract(output), IDisposable
{
    private readonly TempFolder _temp = new();

    protected override IObjectStore OpenStore() => new LocalObjectStore(_temp.Path);

    public void Dispose() => _temp.Dispose();
}

[Collection(S3ServerCollection.Name)]
public sealed class S3ConcurrentCommitTests(S3ServerFixture server, ITestOutputHelper output) : ConcurrentCommitContract(output)
{
    protected override IObjectStore OpenStore() => ObjectStores.Open(server.LakeUri);
}
