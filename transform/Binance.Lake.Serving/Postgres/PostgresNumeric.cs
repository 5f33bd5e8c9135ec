using System.Buffers.Binary;

namespace Binance.Lake.Serving.Postgres;

/// <summary>
/// A decimal(28,8) as PostgreSQL's binary numeric, made straight from the unscaled integer the lake stores:
/// int16 digit count, int16 weight, int16 sign, int16 display scale, then base-10000 digits, most significant first,
/// grouped from the decimal point. Scale 8 is two whole fraction digits, so no digit ever straddles the point and
/// no decimal or big integer is needed.
/// </summary>
internal static class PostgresNumeric
{
    /// <summary>The most bytes <see cref="Write"/> writes: the header and seven digits (20 integer and 8 fraction digits).</summary>
    public const int MaxBytes = 8 + 2 * Groups;

    private const int Groups = 7, UnitsGroup = 4;
    private const short Positive = 0x0000, Negative = 0x4000, DisplayScale = 8;
    private const ulong E4 = 10_000, E8 = 100_000_000, E12 = 1_000_000_000_000, E16 = 10_000_000_000_000_000;

    /// <summary>
    /// Writes the value whose unscaled integer at scale 8 is <paramref name="unscaled"/> (12 bytes, big-endian two's
    /// complement, as Parquet stores a decimal(28,8)) and returns the bytes written.
    /// </summary>
    public static int Write(ReadOnlySpan<byte> unscaled, Span<byte> destination)
    {
        var high = BinaryPrimitives.ReadInt32BigEndian(unscaled);
        var low = BinaryPrimitives.ReadUInt64BigEndian(unscaled[4..]);
        var negative = high < 0;
        // Split the magnitude at 10^16: the top part (< 10^12) holds three digits, the rest four. Below 2^64, which is
        // every real price and quantity, that is 64-bit arithmetic; above, one 128-bit division.
        ulong top, rest;
        if (high == 0 || (high == -1 && low >= 1UL << 63))
        {
            var magnitude = negative ? (ulong)-(long)low : low;
            (top, rest) = Math.DivRem(magnitude, E16);
        }
        else
        {
            var value = ((Int128)high << 64) | low;
            var (q, r) = UInt128.DivRem((UInt128)(negative ? -value : value), E16);
            (top, rest) = ((ulong)q, (ulong)r);
        }

        // The top part's three digits only when it has any: below 10^8 (every real price and quantity) it has none.
        Span<short> digits = stackalloc short[Groups];
        var first = 3;
        if (top != 0)
        {
            digits[0] = (short)(top / E8);
            digits[1] = (short)(top / E4 % E4);
            digits[2] = (short)(top % E4);
            first = 0;
        }
        digits[3] = (short)(rest / E12);
        digits[4] = (short)(rest / E8 % E4);
        digits[5] = (short)(rest / E4 % E4);
        digits[6] = (short)(rest % E4);
        // PostgreSQL keeps no leading or trailing zero digits; zero is no digits at all.
        while (first < Groups && digits[first] == 0)
            first++;
        var last = Groups - 1;
        while (last >= first && digits[last] == 0)
            last--;
        var count = last - first + 1;

        BinaryPrimitives.WriteInt16BigEndian(destination, (short)count);
        BinaryPrimitives.WriteInt16BigEndian(destination[2..], (short)(count == 0 ? 0 : UnitsGroup - first));
        BinaryPrimitives.WriteInt16BigEndian(destination[4..], negative ? Negative : Positive);
        BinaryPrimitives.WriteInt16BigEndian(destination[6..], DisplayScale);
        var body = destination.Slice(8, 2 * count);
        for (var i = 0; i < count; i++)
            BinaryPrimitives.WriteInt16BigEndian(body[(2 * i)..], digits[first + i]);
        return 8 + 2 * count;
    }
}
