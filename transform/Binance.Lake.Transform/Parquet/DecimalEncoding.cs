using System.Buffers.Binary;

namespace Binance.Lake.Transform.Parquet;

/// <summary>
/// Decimals as Parquet stores them in a fixed-length byte array: the unscaled integer, two's complement,
/// big-endian. Done with 128-bit integer arithmetic straight from <see cref="decimal"/>'s own 96-bit
/// mantissa, which is what makes writing exact decimals as cheap as writing longs.
/// </summary>
internal static class DecimalEncoding
{
    private const int MaxPrecision = 38;

    private static readonly UInt128[] PowersOf10 = BuildPowers();

    /// <summary>The fewest bytes whose signed range holds every value of <paramref name="precision"/> digits.</summary>
    public static int BytesFor(int precision)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(precision, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(precision, MaxPrecision);
        var largest = PowersOf10[precision] - 1;
        var bytes = 1;
        while (bytes < 16 && largest >> (8 * bytes - 1) != UInt128.Zero)
            bytes++;
        return bytes;
    }

    /// <summary>Writes <paramref name="value"/> at <paramref name="scale"/> into <paramref name="destination"/> (its length is the type length).</summary>
    /// <exception cref="InvalidDataException">The value has more decimals than the scale, or more digits than the precision.</exception>
    public static void Write(decimal value, int precision, int scale, Span<byte> destination)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var valueScale = (bits[3] >> 16) & 0xFF;
        if (valueScale > scale)
        {
            // Trailing zeros beyond the scale are harmless; real digits beyond it would be lost.
            var rounded = decimal.Round(value, scale);
            if (rounded != value)
                throw new InvalidDataException($"Value {value} has more than {scale} decimals.");
            Write(rounded, precision, scale, destination);
            return;
        }
        var mantissa = ((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0];
        var factor = PowersOf10[scale - valueScale];
        // A 96-bit mantissa times at most 10^9 stays within 128 bits; only a larger factor needs the (slow) check.
        // A product past 128 bits has more digits than any precision allows.
        if ((scale - valueScale > 9 && mantissa > UInt128.MaxValue / factor) || mantissa * factor >= PowersOf10[precision])
            throw new InvalidDataException($"Value {value} has more than {precision - scale} integer digits.");
        var unscaled = (Int128)(mantissa * factor);
        var signed = bits[3] < 0 ? -unscaled : unscaled;
        Span<byte> full = stackalloc byte[16];
        BinaryPrimitives.WriteInt128BigEndian(full, signed);
        full[(16 - destination.Length)..].CopyTo(destination);
    }

    private static UInt128[] BuildPowers()
    {
        var powers = new UInt128[MaxPrecision + 1];
        powers[0] = 1;
        for (var i = 1; i < powers.Length; i++)
            powers[i] = powers[i - 1] * 10;
        return powers;
    }
}
