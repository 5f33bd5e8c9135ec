using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Binance.Lake.Transform.Parquet;

/// <summary>Parquet's PLAIN encoding of whole columns into a buffer: the page body before compression.</summary>
internal static class PlainEncoder
{
    public static void Int64(IBufferWriter<byte> output, ReadOnlySpan<long> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            Copy(output, MemoryMarshal.AsBytes(values));
            return;
        }
        foreach (var value in values)
        {
            BinaryPrimitives.WriteInt64LittleEndian(output.GetSpan(8), value);
            output.Advance(8);
        }
    }

    /// <summary>Bit-packed, least significant bit first, padded to a whole byte.</summary>
    public static void Boolean(IBufferWriter<byte> output, ReadOnlySpan<bool> values)
    {
        var length = (values.Length + 7) / 8;
        var span = output.GetSpan(length)[..length];
        span.Clear();
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i])
                span[i >> 3] |= (byte)(1 << (i & 7));
        }
        output.Advance(length);
    }

    /// <summary>Fixed-length unscaled integers (see <see cref="DecimalEncoding"/>); returns the least and greatest of them, for statistics.</summary>
    public static (Int128 Min, Int128 Max) Decimal(IBufferWriter<byte> output, ParquetColumn column, ReadOnlySpan<decimal> values)
    {
        var width = column.TypeLength;
        var span = output.GetSpan(width * values.Length);
        long min = long.MaxValue, max = long.MinValue;
        Int128 wideMin = Int128.MaxValue, wideMax = Int128.MinValue;
        for (var i = 0; i < values.Length; i++)
        {
            var destination = span.Slice(i * width, width);
            if (width >= sizeof(long) && DecimalEncoding.TryUnscaledSmall(values[i], column.Precision, column.Scale, out var small))
            {
                DecimalEncoding.WriteUnscaled(small, destination);
                min = Math.Min(min, small);
                max = Math.Max(max, small);
                continue;
            }
            var unscaled = DecimalEncoding.Unscaled(values[i], column.Precision, column.Scale);
            DecimalEncoding.WriteUnscaled(unscaled, destination);
            wideMin = Int128.Min(wideMin, unscaled);
            wideMax = Int128.Max(wideMax, unscaled);
        }
        output.Advance(width * values.Length);
        // The long bounds count only if a value took the fast path: otherwise they are still their starting values.
        return min <= max ? (Int128.Min(min, wideMin), Int128.Max(max, wideMax)) : (wideMin, wideMax);
    }

    /// <summary>Each value as a 4-byte little-endian length and its bytes.</summary>
    public static void ByteArray(IBufferWriter<byte> output, ReadOnlySpan<byte> value)
    {
        var span = output.GetSpan(4 + value.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span, value.Length);
        value.CopyTo(span[4..]);
        output.Advance(4 + value.Length);
    }

    private static void Copy(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
    }
}
