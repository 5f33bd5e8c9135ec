using System.Globalization;

namespace Binance.Lake.Simulator.History;

/// <summary>Fixed-point helpers for Binance's 8-decimal strings ("61234.56000000").</summary>
internal static class Decimal8
{
    public const long Scale = 100_000_000;

    /// <summary>Writes "I.FFFFFFFF" as UTF-8; returns the byte count. 28 bytes always suffice.</summary>
    public static int Format(long e8, Span<byte> dest)
    {
        int pos = 0;
        if (e8 < 0)
        {
            dest[pos++] = (byte)'-';
            e8 = -e8;
        }
        long integer = e8 / Scale;
        long fraction = e8 % Scale;
        integer.TryFormat(dest[pos..], out int written, default, CultureInfo.InvariantCulture);
        pos += written;
        dest[pos++] = (byte)'.';
        for (int i = 7; i >= 0; i--)
        {
            dest[pos + i] = (byte)('0' + fraction % 10);
            fraction /= 10;
        }
        return pos + 8;
    }

    public static string ToString(long e8)
    {
        Span<byte> buf = stackalloc byte[32];
        int n = Format(e8, buf);
        return System.Text.Encoding.ASCII.GetString(buf[..n]);
    }

    /// <summary>
    /// Parses a plain decimal string exactly. Fails on more than 8 decimals instead of rounding,
    /// because a replay must serve the captured values unchanged.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> s, out long e8)
    {
        e8 = 0;
        if (s.IsEmpty) return false;
        int dot = s.IndexOf('.');
        var intPart = dot < 0 ? s : s[..dot];
        var fracPart = dot < 0 ? ReadOnlySpan<char>.Empty : s[(dot + 1)..];
        if (intPart.IsEmpty && fracPart.IsEmpty) return false;
        if (!fracPart.IsEmpty)
        {
            var trimmed = fracPart.TrimEnd('0');
            if (trimmed.Length > 8) return false;
            fracPart = trimmed;
        }
        long integer = 0;
        foreach (char c in intPart)
        {
            if (c is < '0' or > '9') return false;
            integer = checked(integer * 10 + (c - '0'));
        }
        long fraction = 0;
        for (int i = 0; i < 8; i++)
        {
            int digit = 0;
            if (i < fracPart.Length)
            {
                char c = fracPart[i];
                if (c is < '0' or > '9') return false;
                digit = c - '0';
            }
            fraction = fraction * 10 + digit;
        }
        e8 = checked(integer * Scale + fraction);
        return true;
    }

    /// <summary>price × qty truncated to 8 decimals, which is what Binance serves as quoteQty.</summary>
    public static long MultiplyTruncated(long priceE8, long qtyE8) =>
        (long)((Int128)priceE8 * qtyE8 / Scale);
}
