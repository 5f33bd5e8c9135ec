using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Parquet;

namespace Binance.Lake.Transform.Trades;

/// <summary>Reads the curated table's data files: the trade ids alone (dedupe, audit) or whole rows (optimize).</summary>
public static class TradeFileReader
{
    /// <summary>Every trade id in the file, in file order.</summary>
    public static Task<long[]> ReadIdsAsync(ReadOnlyMemory<byte> file, CancellationToken cancellationToken = default) =>
        ReadAsync<long>(file, async (group, target) =>
            await group.ReadAsync(TradesTableSchema.TradeId, target, cancellationToken: cancellationToken).ConfigureAwait(false),
            cancellationToken);

    /// <summary>
    /// Every row of the file, in file order, exactly as <see cref="TradeFileWriter"/> wrote it: the source comes
    /// from the file's own column, so a rewrite keeps where each trade came from.
    /// </summary>
    public static Task<TradeRow[]> ReadRowsAsync(ReadOnlyMemory<byte> file, CancellationToken cancellationToken = default) =>
        ReadAsync<TradeRow>(file, async (group, target) =>
            (await TradeColumns.ReadAsync(group, cancellationToken).ConfigureAwait(false)).CopyTo(target.Span),
            cancellationToken);

    /// <summary>
    /// The same rows one row group at a time, so a reader that streams them on (a serving load) never holds a
    /// large file's rows all at once.
    /// </summary>
    public static async IAsyncEnumerable<TradeRow[]> ReadRowGroupsAsync(ReadOnlyMemory<byte> file, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var input = Open(file);
        await using var reader = await ParquetReader.CreateAsync(input, cancellationToken: cancellationToken).ConfigureAwait(false);
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var rows = new TradeRow[group.RowCount];
            (await TradeColumns.ReadAsync(group, cancellationToken).ConfigureAwait(false)).CopyTo(rows);
            yield return rows;
        }
    }

    // One array for the whole file, filled row group by row group.
    private static async Task<T[]> ReadAsync<T>(ReadOnlyMemory<byte> file, Func<ParquetRowGroupReader, Memory<T>, Task> readGroup, CancellationToken cancellationToken)
    {
        using var input = Open(file);
        await using var reader = await ParquetReader.CreateAsync(input, cancellationToken: cancellationToken).ConfigureAwait(false);
        var values = new T[reader.Metadata?.NumRows ?? 0];
        var offset = 0;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var count = (int)group.RowCount;
            await readGroup(group, values.AsMemory(offset, count)).ConfigureAwait(false);
            offset += count;
        }
        return values;
    }

    private static MemoryStream Open(ReadOnlyMemory<byte> file) =>
        MemoryMarshal.TryGetArray(file, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(file.ToArray(), writable: false);
}
