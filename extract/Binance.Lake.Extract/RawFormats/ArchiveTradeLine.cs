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
        error = null;
        return TryParseWellFormed(line, out var trade) ? trade : ParseBySplitting(line, out error);
    }

    /// <summary>
    /// The usual line, in one pass: plain digits for the integers, the exact words for the booleans, nothing
    /// else. Splitting the line first cost a search per field, on every one of a day's millions of lines.
    /// Anything unusual (a sign, an over-long number, a wrong field count) is left to <see cref="ParseBySplitting"/>,
    /// which accepts or names the problem: this path gives the same trade or gives up.
    /// </summary>
    private static bool TryParseWellFormed(ReadOnlySpan<byte> line, out Trade trade)
    {
        trade = default;
        var at = 0;
        if (!TakeDigits(line, ref at, out var id) || !TakeDecimal(line, ref at, out var price) || !TakeDecimal(line, ref at, out var qty)
            || !TakeDecimal(line, ref at, out var quoteQty) || !TakeDigits(line, ref at, out var time)
            || !TakeBool(line, ref at, out var isBuyerMaker) || !TakeBool(line, ref at, out var isBestMatch) || at != line.Length + 1)
            return false;
        trade = new Trade(id, price, qty, quoteQty, TimeUnits.ToMicros(time), isBuyerMaker, isBestMatch);
        return true;
    }

    // The field at `at`, up to its comma or the end of the line; `at` moves past the comma.
    private static ReadOnlySpan<byte> Take(ReadOnlySpan<byte> line, ref int at)
    {
        // Past the end: the line has fewer fields, and an empty one parses as nothing.
        if (at > line.Length)
            return [];
        var start = at;
        while (at < line.Length && line[at] != (byte)',')
            at++;
        return line[start..at++];
    }

    private static bool TakeDigits(ReadOnlySpan<byte> line, ref int at, out long value)
    {
        var field = Take(line, ref at);
        value = 0;
        // 18 digits cannot overflow a long; longer ones go the general way.
        if (field.IsEmpty || field.Length > 18)
            return false;
        foreach (var c in field)
        {
            var digit = (uint)(c - '0');
            if (digit > 9)
                return false;
            value = value * 10 + digit;
        }
        return true;
    }

    private static bool TakeDecimal(ReadOnlySpan<byte> line, ref int at, out decimal value) => DecimalText.TryParse(Take(line, ref at), out value);

    private static bool TakeBool(ReadOnlySpan<byte> line, ref int at, out bool value) => TryBool(Take(line, ref at), out value);

    /// <summary>The general parse: split into fields, then each checked, with a message for the first that is wrong.</summary>
    internal static Trade? ParseBySplitting(ReadOnlySpan<byte> line, out string? error)
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
