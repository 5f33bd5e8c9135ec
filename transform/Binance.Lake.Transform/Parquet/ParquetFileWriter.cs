using System.Buffers;
using System.Buffers.Binary;
using Snappier;

namespace Binance.Lake.Transform.Parquet;

/// <summary>
/// Writes a Parquet file of required, flat columns: row groups of one Snappy-compressed PLAIN data page per
/// column, then the footer. Callers hand each column's PLAIN-encoded values (see <see cref="PlainEncoder"/>)
/// in schema order. This is all the curated table needs, and it runs at memory speed: the general-purpose
/// library converted every exact decimal through a big integer, which made it the slowest step of compact.
/// </summary>
internal sealed class ParquetFileWriter
{
    private static readonly byte[] Magic = "PAR1"u8.ToArray();

    // Format enum values used below (parquet.thrift).
    private const int CodecSnappy = 1, EncodingPlain = 0, EncodingRle = 3, PageTypeData = 0, RepetitionRequired = 0;
    private const int ConvertedUtf8 = 0, ConvertedDecimal = 5, ConvertedTimestampMicros = 10;

    private readonly Stream _output;
    private readonly IReadOnlyList<ParquetColumn> _columns;
    private readonly string _createdBy;
    private readonly List<RowGroup> _rowGroups = [];
    private readonly ArrayBufferWriter<byte> _header = new(64);
    private RowGroup? _open;
    private long _position;

    public ParquetFileWriter(Stream output, IReadOnlyList<ParquetColumn> columns, string createdBy)
    {
        _output = output;
        _columns = columns;
        _createdBy = createdBy;
        Write(Magic);
    }

    public void BeginRowGroup(int rows)
    {
        if (_open is not null) throw new InvalidOperationException("The previous row group is not finished.");
        _open = new RowGroup(rows, []);
    }

    /// <summary>
    /// Writes the next column of the open row group. <paramref name="min"/> and <paramref name="max"/> are the
    /// PLAIN bytes of the bounds (null when the type has none worth keeping).
    /// </summary>
    public void WriteColumn(ReadOnlySpan<byte> plainValues, byte[]? min = null, byte[]? max = null)
    {
        var group = _open ?? throw new InvalidOperationException("No row group is open.");
        if (group.Chunks.Count == _columns.Count) throw new InvalidOperationException("Every column of this row group is written.");

        var compressed = ArrayPool<byte>.Shared.Rent(Snappy.GetMaxCompressedLength(plainValues.Length));
        try
        {
            var compressedLength = Snappy.Compress(plainValues, compressed);
            _header.ResetWrittenCount();
            WritePageHeader(new ThriftCompactWriter(_header), group.Rows, plainValues.Length, compressedLength);
            var offset = _position;
            Write(_header.WrittenSpan);
            Write(compressed.AsSpan(0, compressedLength));
            group.Chunks.Add(new ColumnChunk(offset, _header.WrittenCount + plainValues.Length, _header.WrittenCount + compressedLength, min, max));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(compressed);
        }
    }

    public void EndRowGroup()
    {
        var group = _open ?? throw new InvalidOperationException("No row group is open.");
        if (group.Chunks.Count != _columns.Count)
            throw new InvalidOperationException($"Only {group.Chunks.Count} of {_columns.Count} columns were written.");
        _rowGroups.Add(group);
        _open = null;
    }

    /// <summary>Writes the footer. The stream then holds a complete file.</summary>
    public void Finish()
    {
        if (_open is not null) throw new InvalidOperationException("A row group is still open.");
        var footer = new ArrayBufferWriter<byte>();
        WriteFileMetaData(new ThriftCompactWriter(footer));
        Write(footer.WrittenSpan);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, footer.WrittenCount);
        Write(length);
        Write(Magic);
    }

    private static void WritePageHeader(ThriftCompactWriter thrift, int rows, int uncompressed, int compressed)
    {
        thrift.BeginStruct();
        thrift.Field(1, PageTypeData);
        thrift.Field(2, uncompressed);
        thrift.Field(3, compressed);
        thrift.FieldStruct(5);
        thrift.BeginStruct();
        thrift.Field(1, rows);
        thrift.Field(2, EncodingPlain);
        // Required columns write no levels, but the header names their encoding all the same.
        thrift.Field(3, EncodingRle);
        thrift.Field(4, EncodingRle);
        thrift.EndStruct();
        thrift.EndStruct();
    }

    private void WriteFileMetaData(ThriftCompactWriter thrift)
    {
        thrift.BeginStruct();
        thrift.Field(1, 1);
        thrift.FieldList(2, SchemaElements(), WriteSchemaElement);
        thrift.Field(3, _rowGroups.Sum(g => (long)g.Rows));
        thrift.FieldList(4, _rowGroups, WriteRowGroup);
        thrift.Field(6, _createdBy);
        // TYPE_ORDER for every column: without it readers ignore the min/max of decimals.
        thrift.FieldList(7, _columns, static (t, _) =>
        {
            t.FieldStruct(1);
            t.BeginStruct();
            t.EndStruct();
        });
        thrift.EndStruct();
    }

    private List<ParquetColumn?> SchemaElements() => [null, .. _columns];

    private void WriteSchemaElement(ThriftCompactWriter thrift, ParquetColumn? column)
    {
        if (column is null)
        {
            thrift.Field(4, "schema");
            thrift.Field(5, _columns.Count);
            return;
        }
        thrift.Field(1, (int)column.Type);
        if (column.Type == PhysicalType.FixedLenByteArray)
            thrift.Field(2, column.TypeLength);
        thrift.Field(3, RepetitionRequired);
        thrift.Field(4, column.Name);
        switch (column.Meaning)
        {
            case ColumnMeaning.String:
                thrift.Field(6, ConvertedUtf8);
                LogicalType(thrift, 1, static _ => { });
                break;
            case ColumnMeaning.Decimal:
                thrift.Field(6, ConvertedDecimal);
                thrift.Field(7, column.Scale);
                thrift.Field(8, column.Precision);
                LogicalType(thrift, 5, t =>
                {
                    t.Field(1, column.Scale);
                    t.Field(2, column.Precision);
                });
                break;
            case ColumnMeaning.TimestampMicrosUtc:
                thrift.Field(6, ConvertedTimestampMicros);
                LogicalType(thrift, 8, static t =>
                {
                    t.Field(1, true);
                    t.FieldStruct(2);
                    t.BeginStruct();
                    t.FieldStruct(2); // MICROS
                    t.BeginStruct();
                    t.EndStruct();
                    t.EndStruct();
                });
                break;
        }
    }

    // LogicalType is a union: one struct-typed field, whose id names the kind.
    private static void LogicalType(ThriftCompactWriter thrift, short kind, Action<ThriftCompactWriter> writeKind)
    {
        thrift.FieldStruct(10);
        thrift.BeginStruct();
        thrift.FieldStruct(kind);
        thrift.BeginStruct();
        writeKind(thrift);
        thrift.EndStruct();
        thrift.EndStruct();
    }

    private void WriteRowGroup(ThriftCompactWriter thrift, RowGroup group)
    {
        var columns = group.Chunks.Select((chunk, i) => (Chunk: chunk, Column: _columns[i], Rows: group.Rows)).ToList();
        thrift.FieldList(1, columns, static (t, c) => WriteColumnChunk(t, c.Column, c.Chunk, c.Rows));
        thrift.Field(2, group.Chunks.Sum(c => c.UncompressedSize));
        thrift.Field(3, (long)group.Rows);
        thrift.Field(5, group.Chunks[0].Offset);
        thrift.Field(6, group.Chunks.Sum(c => c.CompressedSize));
    }

    private static void WriteColumnChunk(ThriftCompactWriter thrift, ParquetColumn column, ColumnChunk chunk, int rows)
    {
        thrift.Field(2, chunk.Offset);
        thrift.FieldStruct(3);
        thrift.BeginStruct();
        thrift.Field(1, (int)column.Type);
        thrift.FieldList(2, [EncodingPlain, EncodingRle]);
        thrift.FieldList(3, [column.Name]);
        thrift.Field(4, CodecSnappy);
        thrift.Field(5, (long)rows);
        thrift.Field(6, chunk.UncompressedSize);
        thrift.Field(7, chunk.CompressedSize);
        thrift.Field(9, chunk.Offset);
        thrift.FieldStruct(12);
        thrift.BeginStruct();
        thrift.Field(3, 0L);
        if (chunk.Max is not null)
            thrift.Field(5, chunk.Max);
        if (chunk.Min is not null)
            thrift.Field(6, chunk.Min);
        thrift.EndStruct();
        thrift.EndStruct();
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        _output.Write(bytes);
        _position += bytes.Length;
    }

    private sealed record RowGroup(int Rows, List<ColumnChunk> Chunks);

    private sealed record ColumnChunk(long Offset, long UncompressedSize, long CompressedSize, byte[]? Min, byte[]? Max);
}
