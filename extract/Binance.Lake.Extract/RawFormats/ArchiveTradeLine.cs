using System.Buffers.Text;
using Binance.Lake.Core.Trades;
using Binance.Lake.Extract.Rest;

namespace Binance.Lake.Extract.RawFormats;

/// <summary>
/// One line of a bulk-archive spot trades CSV: <c>id,price,qty,quoteQty,time,isBuyerMaker,isBestMatch</c>, no
/// quoting. Booleans come as <c>True</c>/<c>False</c> (older tools wrote <c>true</c>/<c>false</c>); time is in
/// milliseconds until 2024-12-31 and microseconds from 2025-01-01, told apart by magnitude.
/// </summary>
internal static class ArchiveTradeLine
{
    private const int Fields = 7;

    /// <summary>
    /// Whether a first line is a header: spot files have none, but some tools add one. Only a named first field
    /// (letters and underscores, like <c>id</c>) counts: a damaged first row must fail, not vanish as a "header".
    /// </summary>
    public static bool IsHeader(ReadOnlySpan<byte> line)
    {
        var comma = line.IndexOf((byte)',');
        var first = comma < 0 ? line : line[..comma];
        foreach (var c in first)
        {
            if (c is not ((>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (byte)'_'))
                return false;
        }
        return !first.IsEmpty;
    }

    /// <summary>The trade on the line, or null with <paramref name="error"/> saying what is wrong with it.</summary>
    public static Trade? Parse(ReadOnlySpan<byte> line, out string? error)
    {
        Span<Range> fields = stackalloc Range[Fields];
        if (!TrySplit(line, fields))
            return Fail($"expected {Fields} comma-separated fields", out error);
        if (!TryLong(line[fields[0]], out var id))
            return Fail("the trade id is not an integer", out error);
        if (!DecimalText.TryParse(line[fields[1]], out var price) || !DecimalText.TryParse(line[fields[2]], out var qty)
            || !DecimalText.TryParse(line[fields[3]], out var quoteQty))
            return Fail("price, qty or quoteQty is not a decimal", out error);
        if (!TryLong(line[fields[4]], out var time))
            return Fail("the time is not an integer", out error);
        if (!TryBool(line[fields[5]], out var isBuyerMaker) || !TryBool(line[fields[6]], out var isBestMatch))
            return Fail("isBuyerMaker or isBestMatch is not True/False", out error);
        error = null;
        return new Trade(id, price, qty, quoteQty, TimeUnits.ToMicros(time), isBuyerMaker, isBestMatch);
    }

    private static bool TrySplit(ReadOnlySpan<byte> line, Span<Range> fields)
    {
        var start = 0;
        for (var i = 0; i < fields.Length - 1; i++)
        {
            var comma = line[start..].IndexOf((byte)',');
            if (comma < 0)
                return false;
            fields[i] = new Range(start, start + comma);
            start += comma + 1;
        }
        fields[^1] = new Range(start, line.Length);
        return line[start..].IndexOf((byte)',') < 0;
    }

    private static bool TryLong(ReadOnlySpan<byte> text, out long value) =>
        Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length && value >= 0;

    private static bool TryBool(ReadOnlySpan<byte> text, out bool value)
    {
        value = text.SequenceEqual("True"u8) || text.SequenceEqual("true"u8);
        return value || text.SequenceEqual("False"u8) || text.SequenceEqual("false"u8);
    }

    private static Trade? Fail(string message, out string? error)
    {
        error = message;
        return null;
    }
}
