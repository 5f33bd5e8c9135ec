using Parquet;

namespace Binance.Lake.Transform.Trades;

/// <summary>Writes trades (already sorted by id) as one Snappy Parquet data file of the curated table.</summary>
public static class TradeFileWriter
{
    // Row groups of a million rows keep a reader's column buffers modest on the largest files.
    private const int RowGroupSize = 1_000_000;

    public static async Task<byte[]> WriteAsync(IReadOnlyList<TradeRow> rows, CancellationToken cancellationToken = default)
    {
        using var output = new MemoryStream();
        // Snappy, the lake's codec, is spelled out although it is Parquet.Net's default.
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.Snappy };
        await using (var writer = await ParquetWriter.CreateAsync(TradesTableSchema.DataFile, output, options,
                         cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            for (var start = 0; start < rows.Count; start += RowGroupSize)
                await WriteRowGroupAsync(writer, rows, start, Math.Min(RowGroupSize, rows.Count - start), cancellationToken).ConfigureAwait(false);
        }
        return output.ToArray();
    }

    private static async Task WriteRowGroupAsync(ParquetWriter writer, IReadOnlyList<TradeRow> rows, int start, int count, CancellationToken cancellationToken)
    {
        using var group = writer.CreateRowGroup();
        await TradeColumns.From(rows, start, count).WriteAsync(group, cancellationToken).ConfigureAwait(false);
    }
}
