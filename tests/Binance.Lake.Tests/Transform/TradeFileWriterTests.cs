using System.Globalization;
using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Trades;
using Binance.Lake.Tests.Delta;
using Binance.Lake.Tests.Support;
using Binance.Lake.Transform.Trades;
using FsCheck;
using FsCheck.Fluent;
using Parquet;
using Xunit;

namespace Binance.Lake.Tests.Transform;

/// <summary>
/// The data files come from the project's own Parquet writer, so two independent readers (Parquet.Net and
/// DuckDB) must both see exactly the rows that went in, with the table's types.
/// </summary>
public sealed class TradeFileWriterTests
{
    private static readonly Gen<TradeRow[]> Files = TradeGenerators.OrderedFiles;

    [FsCheck.Xunit.Property(MaxTest = 60)]
    public Property Every_row_reads_back_exactly_through_Parquet_Net() =>
        Prop.ForAll(Arb.From(Files), rows =>
        {
            var read = TradeFileReader.ReadRowsAsync(TradeFileWriter.Write(rows)).GetAwaiter().GetResult();
            return read.SequenceEqual(rows);
        });

    [FsCheck.Xunit.Property(MaxTest = 60)]
    public Property Decimal_statistics_are_the_least_and_greatest_value_of_each_column() =>
        Prop.ForAll(Arb.From(Files), rows => StatisticsMatchAsync(rows).GetAwaiter().GetResult());

    [Fact]
    public async Task Decimal_statistics_hold_when_every_value_of_a_column_is_past_64_bits_or_none_is()
    {
        // Once scaled: prices all past a long and negative, quantities all past it and positive (what a CI run
        // found), quote quantities mixed.
        TradeRow[] rows =
        [
            Row(1, -1_666_881_791_630_328_897m, 8_335_608_145_057_109.8m, 0.0000277m, RawSource.Rest),
            Row(2, -675_679_306_932_963_115.1m, 675_679_306_932_963_115.1m, -368_478_750_026_252.6m, RawSource.Live),
        ];
        Assert.True(await StatisticsMatchAsync(rows));
    }

    private static async Task<bool> StatisticsMatchAsync(TradeRow[] rows)
    {
        using var input = new MemoryStream(TradeFileWriter.Write(rows).ToArray());
        await using var reader = await ParquetReader.CreateAsync(input);
        var chunks = reader.Metadata!.RowGroups.Single().Columns;
        static decimal Read(byte[] bytes) => (decimal)new System.Numerics.BigInteger(bytes, isUnsigned: false, isBigEndian: true) / 100_000_000m;
        bool Matches(int column, Func<TradeRow, decimal> select) =>
            Read(chunks[column].MetaData!.Statistics!.MinValue!) == rows.Min(select) && Read(chunks[column].MetaData!.Statistics!.MaxValue!) == rows.Max(select);
        return Matches(1, r => r.Trade.Price) && Matches(2, r => r.Trade.Qty) && Matches(3, r => r.Trade.QuoteQty);
    }

    [Fact]
    public async Task DuckDB_reads_the_same_values_with_the_table_types()
    {
        TradeRow[] rows =
        [
            Row(1, 0.00000001m, TradeGenerators.Largest, 1.000000000m, RawSource.Rest),
            Row(2, 87_123.45678901m, 0.1m, -TradeGenerators.Largest, RawSource.Archive),
            Row(3, 0m, 10_000_000_000m, 12.5m, RawSource.Live),
        ];
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "part.parquet");
        await File.WriteAllBytesAsync(path, TradeFileWriter.Write(rows));

        using var duck = new DuckDb();
        var types = duck.Query($"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('{path}'))");
        Assert.Equal(
            ["trade_id BIGINT", "price DECIMAL(28,8)", "qty DECIMAL(28,8)", "quote_qty DECIMAL(28,8)", "trade_time TIMESTAMP WITH TIME ZONE",
             "is_buyer_maker BOOLEAN", "is_best_match BOOLEAN", "source VARCHAR"],
            types.Select(t => $"{t[0]} {t[1]}"));
        var read = duck.Query($"SELECT trade_id, price::VARCHAR, qty::VARCHAR, quote_qty::VARCHAR, epoch_us(trade_time), is_buyer_maker, is_best_match, source FROM read_parquet('{path}') ORDER BY trade_id");
        Assert.Equal(rows.Select(Expected), read.Select(r => string.Join(' ', r)));
    }

    [Fact]
    public async Task Large_files_are_split_into_row_groups_that_carry_id_statistics()
    {
        var rows = Enumerable.Range(0, TradeFileWriter.RowGroupSize + 10)
            .Select(i => Row(5_000_000_000L + i, 1.5m, 2m, 3m, RawSource.Rest)).ToArray();
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "big.parquet");
        await File.WriteAllBytesAsync(path, TradeFileWriter.Write(rows));

        using var duck = new DuckDb();
        var groups = duck.Query($"SELECT row_group_id, row_group_num_rows, stats_min_value, stats_max_value FROM parquet_metadata('{path}') WHERE path_in_schema = 'trade_id' ORDER BY row_group_id");
        Assert.Equal(
            [["0", $"{TradeFileWriter.RowGroupSize}", "5000000000", $"{5_000_000_000L + TradeFileWriter.RowGroupSize - 1}"],
             ["1", "10", $"{5_000_000_000L + TradeFileWriter.RowGroupSize}", $"{5_000_000_000L + TradeFileWriter.RowGroupSize + 9}"]],
            groups);
        Assert.Equal(rows.Length, (await TradeFileReader.ReadIdsAsync(await File.ReadAllBytesAsync(path))).Length);
    }

    [Fact]
    public async Task The_written_schema_is_the_one_the_reader_expects()
    {
        using var input = new MemoryStream(TradeFileWriter.Write([Row(1, 1m, 1m, 1m, RawSource.Rest)]).ToArray());
        await using var reader = await ParquetReader.CreateAsync(input);
        Assert.Equal(TradesTableSchema.DataFile, reader.Schema);
    }

    [Theory]
    [InlineData("0.000000001", "more than 8 decimals")]
    [InlineData("123456789012345678901", "more than 20 integer digits")]
    public void Values_the_table_type_cannot_hold_are_refused_not_rounded(string value, string message)
    {
        var row = Row(1, decimal.Parse(value, CultureInfo.InvariantCulture), 1m, 1m, RawSource.Rest);
        var error = Assert.Throws<InvalidDataException>(() => TradeFileWriter.Write([row]));
        Assert.Contains(message, error.Message);
    }

    private static TradeRow Row(long id, decimal price, decimal qty, decimal quote, RawSource source) =>
        new(new Trade(id, price, qty, quote, 1_732_406_400_000_000L + id, id % 2 == 0, true), source);

    private static string Expected(TradeRow row)
    {
        var t = row.Trade;
        return string.Join(' ', t.Id, Eight(t.Price), Eight(t.Qty), Eight(t.QuoteQty), t.TimeMicros,
            t.IsBuyerMaker ? "True" : "False", t.IsBestMatch ? "True" : "False", row.Source.FolderName());
    }

    private static string Eight(decimal value) => value.ToString("0.00000000", CultureInfo.InvariantCulture);
}
