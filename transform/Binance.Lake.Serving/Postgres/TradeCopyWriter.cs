using System.Buffers.Binary;
using System.Text;
using Binance.Lake.Transform.Trades;

namespace Binance.Lake.Serving.Postgres;

/// <summary>
/// A binary COPY of trades (columns in <see cref="ServedColumns.Names"/> order) written straight onto the COPY
/// stream: the header, one row per trade, the trailer. Each field comes from the row group's PLAIN bytes with a few
/// shifts, which is about ten times cheaper than handing every value to Npgsql's importer as a .NET object.
/// </summary>
internal sealed class TradeCopyWriter
{
    // Signature, flags (no OIDs), header extension length: the fixed start of every binary COPY.
    private static readonly byte[] Header = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0];
    private const short Fields = 9, Trailer = -1;
    private const int BufferBytes = 1 << 20;

    // timestamptz counts µs from 2000-01-01 UTC, not from the Unix epoch.
    private const long PostgresEpochMicros = 946_684_800_000_000;

    // Every field but the two texts: the row's field count, eight lengths and the fixed-size values.
    private const int MostFixedBytes = 2 + 9 * 4 + 8 + 3 * PostgresNumeric.MaxBytes + 8 + 1 + 1;

    private readonly Stream _output;
    private readonly byte[] _instrument;
    private byte[] _buffer = new byte[BufferBytes];
    private int _used;

    public TradeCopyWriter(Stream output, string instrument)
    {
        _output = output;
        _instrument = Encoding.UTF8.GetBytes(instrument);
        Header.CopyTo(_buffer, 0);
        _used = Header.Length;
    }

    public long Rows { get; private set; }

    public void Write(TradeRowGroup group, CancellationToken cancellationToken)
    {
        var sources = group.Sources;
        var width = TradeRowGroup.DecimalBytes;
        for (var i = 0; i < group.Rows; i++)
        {
            var sourceLength = BinaryPrimitives.ReadInt32LittleEndian(sources);
            var source = sources.Slice(4, sourceLength);
            sources = sources[(4 + sourceLength)..];

            var row = Reserve(MostFixedBytes + _instrument.Length + sourceLength, cancellationToken);
            BinaryPrimitives.WriteInt16BigEndian(row, Fields);
            var at = 2;
            at += Text(row[at..], _instrument);
            at += Int64(row[at..], BinaryPrimitives.ReadInt64LittleEndian(group.Ids[(8 * i)..]));
            at += Numeric(row[at..], group.Prices.Slice(width * i, width));
            at += Numeric(row[at..], group.Qtys.Slice(width * i, width));
            at += Numeric(row[at..], group.QuoteQtys.Slice(width * i, width));
            at += Int64(row[at..], BinaryPrimitives.ReadInt64LittleEndian(group.TimesMicros[(8 * i)..]) - PostgresEpochMicros);
            at += Boolean(row[at..], group.BuyerMaker, i);
            at += Boolean(row[at..], group.BestMatch, i);
            at += Text(row[at..], source);
            _used += at;
        }
        Rows += group.Rows;
    }

    /// <summary>Writes the trailer and everything still buffered; the caller then ends the COPY.</summary>
    public void Complete()
    {
        BinaryPrimitives.WriteInt16BigEndian(Reserve(2, CancellationToken.None), Trailer);
        _used += 2;
        Flush();
    }

    // Room for a row at the buffer's end, flushing first if it lacks it (and growing it for an outsized row).
    private Span<byte> Reserve(int bytes, CancellationToken cancellationToken)
    {
        if (_used + bytes > _buffer.Length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Flush();
            if (bytes > _buffer.Length)
                _buffer = new byte[bytes];
        }
        return _buffer.AsSpan(_used);
    }

    private void Flush()
    {
        _output.Write(_buffer, 0, _used);
        _used = 0;
    }

    private static int Text(Span<byte> field, ReadOnlySpan<byte> utf8)
    {
        BinaryPrimitives.WriteInt32BigEndian(field, utf8.Length);
        utf8.CopyTo(field[4..]);
        return 4 + utf8.Length;
    }

    private static int Int64(Span<byte> field, long value)
    {
        BinaryPrimitives.WriteInt32BigEndian(field, 8);
        BinaryPrimitives.WriteInt64BigEndian(field[4..], value);
        return 12;
    }

    private static int Numeric(Span<byte> field, ReadOnlySpan<byte> unscaled)
    {
        var length = PostgresNumeric.Write(unscaled, field[4..]);
        BinaryPrimitives.WriteInt32BigEndian(field, length);
        return 4 + length;
    }

    private static int Boolean(Span<byte> field, ReadOnlySpan<byte> bits, int index)
    {
        BinaryPrimitives.WriteInt32BigEndian(field, 1);
        field[4] = (byte)((bits[index >> 3] >> (index & 7)) & 1);
        return 5;
    }
}
