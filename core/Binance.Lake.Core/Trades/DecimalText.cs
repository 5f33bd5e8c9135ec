using System.Buffers.Text;

namespace Binance.Lake.Core.Trades;

/// <summary>
/// Parses the decimal text Binance sends ("87123.45000000": digits, at most one point, no sign or exponent)
/// straight into a <see cref="decimal"/>. Every price and quantity of every trade passes through here, and
/// accumulating the digits in a 64-bit integer is several times faster than the general parsers.
/// </summary>
public static class DecimalText
{
    // 19 digits always fit in an unsigned 64-bit accumulator (10^19 - 1 < 2^64).
    private const int FastDigits = 19;

    // decimal holds every number of up to 28 digits exactly; past that it rounds.
    private const int MaxDigits = 28;

    public static bool TryParse(ReadOnlySpan<byte> text, out decimal value)
    {
        ulong digits = 0;
        int count = 0, scale = 0;
        var point = false;
        foreach (var c in text)
        {
            if (c == (byte)'.' && !point)
            {
                point = true;
                continue;
            }
            var digit = (uint)(c - '0');
            if (digit > 9)
                return Fail(out value);
            // Leading zeros carry no digit; ones after the point still set the scale.
            if (digits != 0 || digit != 0)
                count++;
            if (count > FastDigits)
                return TryParseLong(text, out value);
            digits = digits * 10 + digit;
            if (point)
                scale++;
        }
        if (count == 0 && (text.Length == 0 || text.Length == 1 && point))
            return Fail(out value);
        if (scale > 28)
            return TryParseLong(text, out value);
        value = new decimal((int)digits, (int)(digits >> 32), 0, false, (byte)scale);
        return true;
    }

    // Rare long values, through the framework parser: which rounds past 28 digits, so those are refused here
    // rather than stored as a number Binance did not send.
    private static bool TryParseLong(ReadOnlySpan<byte> text, out decimal value)
    {
        var point = text.IndexOf((byte)'.');
        var decimals = point < 0 ? 0 : text.Length - point - 1;
        var digits = text.TrimStart((byte)'0');
        var mantissaDigits = digits.Length - (digits.Contains((byte)'.') ? 1 : 0);
        if (mantissaDigits > MaxDigits || decimals > MaxDigits)
            return Fail(out value);
        return Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length && text[0] != (byte)'-' && text[0] != (byte)'+'
            || Fail(out value);
    }

    private static bool Fail(out decimal value)
    {
        value = 0;
        return false;
    }
}
