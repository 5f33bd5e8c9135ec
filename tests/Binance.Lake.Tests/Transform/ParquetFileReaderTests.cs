using Binance.Lake.Testing;
using Binance.Lake.Transform.Trades;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Binance.Lake.Tests.Transform;

/// <summary>
/// The load's own Parquet reader takes only files of the project's writer, and reads them as Parquet.Net does;
/// every other file goes through Parquet.Net and comes out the same.
/// </summary>
public sealed class ParquetFileReaderTests
{
    [FsCheck.Xunit.Property(MaxTest = 60)]
    public Property The_writers_files_read_the_same_as_through_Parquet_Net() =>
        Prop.ForAll(Arb.From(TradeGenerators.Files(TradeGenerators.Micros)), rows =>
        {
            var file = TradeFileWriter.Write(rows);
            var own = TradeFileReader.OpenOwn(file);
            var viaParquetNet = TradeFileReader.ReadRowsAsync(file).GetAwaiter().GetResult();
            return own is not null && viaParquetNet.SequenceEqual(rows) && ReadGroupsAsync(file).GetAwaiter().GetResult().SequenceEqual(viaParquetNet);
        });

    [FsCheck.Xunit.Property(MaxTest = 20)]
    public Property Files_of_another_writer_are_left_to_Parquet_Net_and_read_the_same() =>
        Prop.ForAll(Arb.From(TradeGenerators.OrderedFiles), Arb.From(Gen.Choose(1, 120)), (rows, rowGroupSize) =>
        {
            var file = ForeignTradeFile.WriteAsync(rows, rowGroupSize).GetAwaiter().GetResult();
            return TradeFileReader.OpenOwn(file) is null && ReadGroupsAsync(file).GetAwaiter().GetResult().SequenceEqual(rows);
        });

    [Fact]
    public async Task A_file_of_several_row_groups_comes_row_group_by_row_group()
    {
        var rows = SyntheticTrades.Of(new TradePartition("BTCUSDT", new DateOnly(2024, 8, 8)), 0, TradeFileWriter.RowGroupSize + 10);
        var groups = new List<TradeRowGroup>();
        await foreach (var group in TradeFileReader.ReadRowGroupsAsync(TradeFileWriter.Write(rows)))
            groups.Add(group);

        Assert.Equal([TradeFileWriter.RowGroupSize, 10], groups.Select(g => g.Rows));
        Assert.True(rows.SequenceEqual(groups.SelectMany(PlainRows.Of)));
    }

    private static async Task<List<TradeRow>> ReadGroupsAsync(ReadOnlyMemory<byte> file)
    {
        var rows = new List<TradeRow>();
        await foreach (var group in TradeFileReader.ReadRowGroupsAsync(file))
            rows.AddRange(PlainRows.Of(group));
        return rows;
    }
}
