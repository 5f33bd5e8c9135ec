using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Binance.Lake.Transform.Parquet;
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
    /// The file's rows one row group at a time as PLAIN column bytes, for a reader that streams them on (a serving
    /// load) and never holds a large file's rows all at once. Files of this project's own writer are only
    /// decompressed; any other (Spark, delta-rs) is read through Parquet.Net and rewritten in that layout in
    /// memory, so one encoding serves both.
    /// </summary>
    public static async IAsyncEnumerable<TradeRowGroup> ReadRowGroupsAsync(ReadOnlyMemory<byte> file, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (OpenOwn(file) is { } own)
        {
            foreach (var group in RowGroups(own, cancellationToken))
                yield return group;
            yield break;
        }
        using var input = Open(file);
        await using var reader = await ParquetReader.CreateAsync(input, cancellationToken: cancellationToken).ConfigureAwait(false);
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var rows = new TradeRow[group.RowCount];
            (await TradeColumns.ReadAsync(group, cancellationToken).ConfigureAwait(false)).CopyTo(rows);
            var rewritten = OpenOwn(TradeFileWriter.Write(rows, cancellationToken))
                ?? throw new InvalidOperationException("The writer's own file is not in the writer's layout.");
            foreach (var plain in RowGroups(rewritten, cancellationToken))
                yield return plain;
        }
    }

    private static IEnumerable<TradeRowGroup> RowGroups(ParquetFileReader file, CancellationToken cancellationToken)
    {
        for (var g = 0; g < file.RowGroupCount; g++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return TradeRowGroup.Read(file, g);
        }
    }

    /// <summary>The file if this project's writer wrote it, read without Parquet.Net; null otherwise.</summary>
    internal static ParquetFileReader? OpenOwn(ReadOnlyMemory<byte> file) =>
        ParquetFileReader.TryOpen(file, TradesTableSchema.WrittenColumns, TradeFileWriter.CreatedBy);

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
