using System.Buffers.Binary;
using Snappier;

namespace Binance.Lake.Transform.Parquet;

/// <summary>
/// Reads back exactly the layout <see cref="ParquetFileWriter"/> writes (the given columns, required and flat, one
/// Snappy PLAIN data page per column chunk, no dictionary) as each column's PLAIN bytes. That takes no more than a
/// decompression, where a general reader converts every exact decimal through a big integer. Any other file,
/// however valid, is not opened: callers read those with a general-purpose library.
/// </summary>
internal sealed class ParquetFileReader
{
    private const int CodecSnappy = 1, EncodingPlain = 0, PageTypeData = 0, RepetitionRequired = 0;
    private const int ConvertedUtf8 = 0, ConvertedDecimal = 5, ConvertedTimestampMicros = 10;
    private const int FooterTail = 8;

    private readonly ReadOnlyMemory<byte> _file;
    private readonly List<(int Rows, Page[] Pages)> _rowGroups;

    private ParquetFileReader(ReadOnlyMemory<byte> file, List<(int Rows, Page[] Pages)> rowGroups)
    {
        _file = file;
        _rowGroups = rowGroups;
    }

    public int RowGroupCount => _rowGroups.Count;

    public int RowsOf(int rowGroup) => _rowGroups[rowGroup].Rows;

    /// <summary>
    /// The file, if <paramref name="createdBy"/> wrote it with exactly <paramref name="columns"/> in the writer's
    /// layout; null for any other file.
    /// </summary>
    /// <exception cref="InvalidDataException">The file claims to be of that layout but is damaged.</exception>
    public static ParquetFileReader? TryOpen(ReadOnlyMemory<byte> file, IReadOnlyList<ParquetColumn> columns, string createdBy)
    {
        var bytes = file.Span;
        if (bytes.Length < 4 + FooterTail || !bytes[..4].SequenceEqual("PAR1"u8) || !bytes[^4..].SequenceEqual("PAR1"u8))
            return null;
        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(bytes[^FooterTail..]);
        if (footerLength <= 0 || footerLength > bytes.Length - 4 - FooterTail)
            return null;
        var footer = Footer.Read(bytes.Slice(bytes.Length - FooterTail - footerLength, footerLength));
        if (footer.CreatedBy != createdBy || !footer.Describes(columns))
            return null;
        var rowGroups = new List<(int, Page[])>(footer.RowGroups.Count);
        foreach (var group in footer.RowGroups)
        {
            if (group.Chunks.Count != columns.Count)
                return null;
            var pages = new Page[columns.Count];
            for (var c = 0; c < pages.Length; c++)
            {
                if (Page.Locate(bytes, group.Chunks[c], group.Rows) is not { } page)
                    return null;
                pages[c] = page;
            }
            rowGroups.Add((group.Rows, pages));
        }
        return new ParquetFileReader(file, rowGroups);
    }

    /// <summary>The length of one column's PLAIN bytes in one row group.</summary>
    public int ColumnLength(int rowGroup, int column) => _rowGroups[rowGroup].Pages[column].UncompressedLength;

    /// <summary>Decompresses one column of one row group into <paramref name="destination"/>, <see cref="ColumnLength"/> bytes long.</summary>
    public void ReadColumn(int rowGroup, int column, Span<byte> destination)
    {
        var page = _rowGroups[rowGroup].Pages[column];
        if (Snappy.Decompress(_file.Span.Slice(page.Offset, page.CompressedLength), destination) != page.UncompressedLength)
            throw new InvalidDataException("A Parquet page decompresses to another length than its header says.");
    }

    /// <summary>Where a column chunk's single data page body lies, and how large it is once decompressed.</summary>
    private readonly record struct Page(int Offset, int CompressedLength, int UncompressedLength)
    {
        public static Page? Locate(ReadOnlySpan<byte> file, Chunk chunk, int rows)
        {
            if (chunk.Codec != CodecSnappy || chunk.Values != rows || chunk.HasDictionary || chunk.Offset < 4
                || chunk.CompressedSize <= 0 || chunk.Offset + chunk.CompressedSize > file.Length)
                return null;
            var region = file.Slice((int)chunk.Offset, (int)chunk.CompressedSize);
            var header = new ThriftCompactReader(region);
            var (type, uncompressed, compressed, values, encoding) = (-1, -1, -1, -1, -1);
            header.ReadStruct((ref ThriftCompactReader r, short id, byte t) =>
            {
                switch (id)
                {
                    case 1: type = r.ReadI32(); break;
                    case 2: uncompressed = r.ReadI32(); break;
                    case 3: compressed = r.ReadI32(); break;
                    case 5:
                        r.ReadStruct((ref ThriftCompactReader d, short field, byte dt) =>
                        {
                            switch (field)
                            {
                                case 1: values = d.ReadI32(); break;
                                case 2: encoding = d.ReadI32(); break;
                                default: d.Skip(dt); break;
                            }
                        });
                        break;
                    default: r.Skip(t); break;
                }
            });
            // One page that fills the whole chunk: the header and its body, nothing after.
            if (type != PageTypeData || encoding != EncodingPlain || values != rows || uncompressed < 0
                || header.Position + compressed != region.Length)
                return null;
            return new Page((int)chunk.Offset + header.Position, compressed, uncompressed);
        }
    }

    private sealed record Chunk(long Offset, long CompressedSize, long Values, int Codec, bool HasDictionary);

    private sealed record RowGroup(int Rows, List<Chunk> Chunks);

    private sealed record SchemaElement(int? Type, int? TypeLength, int? Repetition, string? Name, int? Converted, int? Scale, int? Precision)
    {
        public bool Describes(ParquetColumn column) =>
            Name == column.Name && Type == (int)column.Type && Repetition == RepetitionRequired
            && (column.Type != PhysicalType.FixedLenByteArray || TypeLength == column.TypeLength)
            && column.Meaning switch
            {
                ColumnMeaning.String => Converted == ConvertedUtf8,
                ColumnMeaning.Decimal => Converted == ConvertedDecimal && Scale == column.Scale && Precision == column.Precision,
                ColumnMeaning.TimestampMicrosUtc => Converted == ConvertedTimestampMicros,
                _ => Converted is null,
            };
    }

    /// <summary>What the footer says that this reader checks or uses; the rest is skipped.</summary>
    private sealed class Footer
    {
        public string? CreatedBy { get; private set; }
        public List<SchemaElement> Schema { get; } = [];
        public List<RowGroup> RowGroups { get; } = [];

        public bool Describes(IReadOnlyList<ParquetColumn> columns) =>
            Schema.Count == columns.Count + 1 && Schema.Skip(1).Zip(columns).All(p => p.First.Describes(p.Second));

        public static Footer Read(ReadOnlySpan<byte> bytes)
        {
            var footer = new Footer();
            new ThriftCompactReader(bytes).ReadStruct((ref ThriftCompactReader r, short id, byte type) =>
            {
                switch (id)
                {
                    case 2: ReadList(ref r, footer.Schema, ReadSchemaElement); break;
                    case 4: ReadList(ref r, footer.RowGroups, ReadRowGroup); break;
                    case 6: footer.CreatedBy = r.ReadString(); break;
                    default: r.Skip(type); break;
                }
            });
            return footer;
        }

        private delegate T ElementReader<out T>(ref ThriftCompactReader reader);

        private static void ReadList<T>(ref ThriftCompactReader reader, List<T> into, ElementReader<T> readElement)
        {
            var count = reader.ReadListHeader(out var elementType);
            if (elementType != ThriftCompactReader.Struct)
                throw new InvalidDataException("A Parquet footer list holds no structs where it should.");
            for (var i = 0; i < count; i++)
                into.Add(readElement(ref reader));
        }

        private static SchemaElement ReadSchemaElement(ref ThriftCompactReader reader)
        {
            var e = new SchemaElement(null, null, null, null, null, null, null);
            reader.ReadStruct((ref ThriftCompactReader r, short id, byte type) => e = id switch
            {
                1 => e with { Type = r.ReadI32() },
                2 => e with { TypeLength = r.ReadI32() },
                3 => e with { Repetition = r.ReadI32() },
                4 => e with { Name = r.ReadString() },
                6 => e with { Converted = r.ReadI32() },
                7 => e with { Scale = r.ReadI32() },
                8 => e with { Precision = r.ReadI32() },
                _ => SkipField(ref r, type, e),
            });
            return e;
        }

        private static RowGroup ReadRowGroup(ref ThriftCompactReader reader)
        {
            var group = new RowGroup(0, []);
            reader.ReadStruct((ref ThriftCompactReader r, short id, byte type) =>
            {
                switch (id)
                {
                    case 1: ReadList(ref r, group.Chunks, ReadChunk); break;
                    case 3: group = group with { Rows = checked((int)r.ReadI64()) }; break;
                    default: r.Skip(type); break;
                }
            });
            return group;
        }

        private static Chunk ReadChunk(ref ThriftCompactReader reader)
        {
            // A chunk kept in another file (field 1) or without metadata stays at -1 offsets and fails Locate.
            var chunk = new Chunk(-1, -1, -1, -1, false);
            var elsewhere = false;
            reader.ReadStruct((ref ThriftCompactReader r, short id, byte type) =>
            {
                switch (id)
                {
                    case 1: elsewhere = true; r.Skip(type); break;
                    case 3:
                        r.ReadStruct((ref ThriftCompactReader m, short field, byte t) => chunk = field switch
                        {
                            4 => chunk with { Codec = m.ReadI32() },
                            5 => chunk with { Values = m.ReadI64() },
                            7 => chunk with { CompressedSize = m.ReadI64() },
                            9 => chunk with { Offset = m.ReadI64() },
                            11 => chunk with { HasDictionary = SkipField(ref m, t, true) },
                            _ => SkipField(ref m, t, chunk),
                        });
                        break;
                    default: r.Skip(type); break;
                }
            });
            return elsewhere ? chunk with { Offset = -1 } : chunk;
        }

        private static T SkipField<T>(ref ThriftCompactReader reader, byte type, T unchanged)
        {
            reader.Skip(type);
            return unchanged;
        }
    }
}
