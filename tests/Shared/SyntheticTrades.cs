using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Storage;
using Binance.Lake.Core.Trades;
using Binance.Lake.Transform.Delta;
using Binance.Lake.Transform.Trades;

namespace Binance.Lake.Testing;

/// <summary>
/// Made-up trades written straight into a lake's curated table, one data file per partition per commit as compact
/// writes them, for tests and benchmarks that need a table of a known shape fast. The values reach for the edges
/// a serving copy could get wrong: all 8 decimals, the 20 integer digits of decimal(28,8), odd microseconds, every
/// source.
/// </summary>
public static class SyntheticTrades
{
    private const decimal LargestPrice = 99_999_999_999_999_999_999.99999999m;

    /// <summary><paramref name="count"/> trades of the partition from <paramref name="firstId"/> on, spread over its day.</summary>
    public static TradeRow[] Of(TradePartition partition, long firstId, int count)
    {
        var rows = new TradeRow[count];
        var sources = Enum.GetValues<RawSource>();
        for (var i = 0; i < count; i++)
        {
            var id = firstId + i;
            var price = id % 97 == 0 ? LargestPrice : 60_000m + id % 1_000_003 * 0.00000001m;
            var qty = (id % 1_000 + 1) * 0.00000001m + id % 5;
            var quote = decimal.Round(id % 97 == 0 ? qty : price * qty, 8, MidpointRounding.ToZero);
            var micros = partition.StartMicros + (long)((double)i / count * TradePartition.MicrosPerDay) + id % 997;
            rows[i] = new TradeRow(new Trade(id, price, qty, quote, Math.Min(micros, partition.StartMicros + TradePartition.MicrosPerDay - 1),
                id % 2 == 0, id % 3 != 0), sources[id % sources.Length]);
        }
        return rows;
    }

    /// <summary>Commits one data file per entry (creating the table on first use) and returns the new version.</summary>
    public static Task<long> AppendAsync(IObjectStore lake, params (TradePartition Partition, TradeRow[] Rows)[] files) =>
        AppendAsync(lake, rows => Task.FromResult(TradeFileWriter.Write(rows)), files);

    /// <summary>The same with each file's bytes from <paramref name="write"/>: files as another writer lays them out.</summary>
    public static async Task<long> AppendAsync(IObjectStore lake, Func<TradeRow[], Task<ReadOnlyMemory<byte>>> write, params (TradePartition Partition, TradeRow[] Rows)[] files)
    {
        var table = TradesTable.Open(lake);
        var snapshot = await table.ExistsAsync() ? await table.LoadAsync() : null;
        var transaction = table.StartTransaction(snapshot);
        if (snapshot is null)
        {
            transaction.SetProtocol(Protocol.Default);
            transaction.SetMetadata(TradesTable.NewMetadata());
        }
        foreach (var (partition, rows) in files)
        {
            var path = partition.NewFilePath();
            var content = await write(rows);
            await lake.PutAsync(table.DataKey(path), content);
            transaction.Add(new AddFile(path, partition.Values, content.Length, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), true, null, null));
        }
        return await transaction.CommitAsync("WRITE");
    }
}
