using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Storage;
using Binance.Lake.Core.Trades;
using Binance.Lake.Tests.Support;
using Binance.Lake.Transform.Audit;
using Binance.Lake.Transform.Delta;
using Binance.Lake.Transform.Trades;

namespace Binance.Lake.Tests.Transform;

/// <summary>The audit on tables built by hand, where the damage is known exactly.</summary>
public class AuditEdgeTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private static readonly DateOnly Day1 = new(2024, 8, 8);

    private async Task<IObjectStore> TableAsync(params (DateOnly Day, long[] Ids)[] partitions)
    {
        var store = new LocalObjectStore(_folder.Path);
        var table = TradesTable.Open(store);
        var transaction = table.StartTransaction(null);
        transaction.SetProtocol(Protocol.Default);
        transaction.SetMetadata(TradesTable.NewMetadata());
        foreach (var (day, ids) in partitions)
        {
            var partition = new TradePartition("BTCUSDT", day);
            var start = (day.ToDateTime(TimeOnly.MinValue) - DateTime.UnixEpoch).Ticks / 10;
            var rows = ids.Select(id => new TradeRow(new Trade(id, 1m, 1m, 1m, start + id, false, true), RawSource.Rest)).ToArray();
            var path = partition.NewFilePath();
            var bytes = TradeFileWriter.Write(rows);
            await store.PutAsync(table.DataKey(path), bytes);
            transaction.Add(new AddFile(path, partition.Values, bytes.Length, 0, true, null, null));
        }
        await transaction.CommitAsync("WRITE");
        return store;
    }

    [Fact]
    public async Task An_id_held_on_both_sides_of_midnight_is_a_duplicate()
    {
        var store = await TableAsync((Day1, [1, 2, 3, 4]), (Day1.AddDays(1), [4, 5, 6]));

        var report = await new TableAuditor(store).AuditAsync(null, null, null, CancellationToken.None);

        Assert.False(report.Clean);
        Assert.Equal([0, 1], report.Days.Select(d => d.Duplicates));
        Assert.All(report.Days, d => Assert.Empty(d.Missing));
    }

    [Fact]
    public async Task Ids_missing_inside_a_day_and_between_days_are_named()
    {
        var store = await TableAsync((Day1, [10, 11, 13]), (Day1.AddDays(1), [17, 18]));

        var report = await new TableAuditor(store).AuditAsync("BTCUSDT", null, null, CancellationToken.None);

        Assert.Equal([new IdRange(12, 12)], report.Days[0].Missing);
        Assert.Equal([new IdRange(14, 16)], report.Days[1].Missing);
        Assert.Equal(0, report.Days.Sum(d => d.Duplicates));
    }

    public void Dispose() => _folder.Dispose();
}
