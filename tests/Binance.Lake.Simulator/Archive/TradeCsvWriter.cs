using System.Globalization;
using Binance.Lake.Simulator.History;
using Binance.Lake.Simulator.Http;

namespace Binance.Lake.Simulator.Archive;

/// <summary>
/// Archive CSV rows, no header: id,price,qty,quoteQty,time,isBuyerMaker,isBestMatch with Python-style
/// True/False. Decimals and times are formatted exactly as the REST JSON formats them, so a row and
/// the historicalTrades object of the same id carry the same text.
/// </summary>
internal sealed class TradeCsvWriter(Stream output, TimeUnit unit) : IDisposable
{
    // Two 20-digit integers, three 28-byte decimals, "False" twice, commas and the newline fit with room to spare.
    private const int MaxRowBytes = 160;

    private readonly byte[] _buffer = new byte[1 << 16];
    private int _used;

    public void Write(IReadOnlyList<Trade> trades)
    {
        foreach (var trade in trades)
        {
            if (_buffer.Length - _used < MaxRowBytes) Flush();
            _used += FormatRow(trade, _buffer.AsSpan(_used));
        }
    }

    public void Dispose()
    {
        Flush();
        output.Dispose();
    }

    private void Flush()
    {
        output.Write(_buffer, 0, _used);
        _used = 0;
    }

    private int FormatRow(in Trade t, Span<byte> dest)
    {
        int pos = Integer(t.Id, dest);
        dest[pos++] = (byte)',';
        pos += Decimal8.Format(t.PriceE8, dest[pos..]);
        dest[pos++] = (byte)',';
        pos += Decimal8.Format(t.QtyE8, dest[pos..]);
        dest[pos++] = (byte)',';
        pos += Decimal8.Format(t.QuoteQtyE8, dest[pos..]);
        dest[pos++] = (byte)',';
        pos += Integer(TimeUnits.FromMicros(t.TimeMicros, unit), dest[pos..]);
        dest[pos++] = (byte)',';
        pos += Boolean(t.IsBuyerMaker, dest[pos..]);
        dest[pos++] = (byte)',';
        pos += Boolean(t.IsBestMatch, dest[pos..]);
        dest[pos++] = (byte)'\n';
        return pos;
    }

    private static int Integer(long value, Span<byte> dest)
    {
        value.TryFormat(dest, out int written, default, CultureInfo.InvariantCulture);
        return written;
    }

    private static int Boolean(bool value, Span<byte> dest)
    {
        var text = value ? "True"u8 : "False"u8;
        text.CopyTo(dest);
        return text.Length;
    }
}
