using Binance.Lake.Transform.Delta;
using Parquet;
using Parquet.Schema;
using StructField = Binance.Lake.Transform.Delta.StructField;

namespace Binance.Lake.Tests.Delta;

/// <summary>
/// Test tables shaped like the curated trades table: (trade_id long, price decimal(18,8), is_buyer_maker
/// boolean) partitioned by trade_date. Data files hold no partition column, as Spark and delta-rs write them.
/// </summary>
internal static class TradeFiles
{
    public static readonly StructType Schema = new([
        new StructField("trade_id", "long", Nullable: false),
        new StructField("price", "decimal(18,8)", Nullable: false),
        new StructField("is_buyer_maker", "boolean"),
        new StructField("trade_date", "date"),
    ]);

    public static Metadata NewMetadata(IReadOnlyDictionary<string, string>? configuration = null) =>
        Metadata.Create(Schema, ["trade_date"], configuration, name: "trades");

    /// <summary>Writes a data file of trades first..first+count-1 for <paramref name="date"/> and returns its add action.</summary>
    public static async Task<AddFile> WriteAsync(DeltaTable table, string? date, long first, int count, bool dataChange = true)
    {
        var ids = Enumerable.Range(0, count).Select(i => first + i).ToArray();
        var prices = ids.Select(Price).ToArray();
        var makers = ids.Select(id => id % 2 == 0).ToArray();
        var idField = new DataField<long>("trade_id");
        var priceField = new DecimalDataField("price", 18, 8);
        var makerField = new DataField<bool>("is_buyer_maker");
        var buffer = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(idField, priceField, makerField), buffer))
        {
            using var rowGroup = writer.CreateRowGroup();
            await rowGroup.WriteAsync<long>(idField, ids);
            await rowGroup.WriteAsync<decimal>(priceField, prices);
            await rowGroup.WriteAsync<bool>(makerField, makers);
        }
        var relative = PartitionPath.Directory([("trade_date", date)]) + $"/part-{first:D6}-{Guid.NewGuid():N}.snappy.parquet";
        var add = new AddFile(
            PartitionPath.AddPath(relative),
            new Dictionary<string, string?> { ["trade_date"] = date },
            buffer.Length,
            DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            dataChange,
            new FileStats(count).Column("trade_id", ids.Min(), ids.Max(), 0).Column("price", prices.Min(), prices.Max(), 0).ToJson(),
            null);
        await table.Store.PutAsync(table.DataKey(add.Path), buffer.ToArray());
        return add;
    }

    public static decimal Price(long id) => 60000m + id / 1000m;

    /// <summary>The rows of such a file as <see cref="DuckDb.TableRows"/> renders them (trade_id|price|trade_date).</summary>
    public static IEnumerable<string> Rows(string? date, long first, int count) =>
        Enumerable.Range(0, count).Select(i => first + i)
            .Select(id => $"{id}|{Price(id).ToString("0.00000000", System.Globalization.CultureInfo.InvariantCulture)}|{date ?? "NULL"}");
}
