using System.Buffers;
using System.Text;

namespace Binance.Lake.Transform.Parquet;

/// <summary>
/// The Thrift compact protocol, write side only, as far as Parquet's page headers and footer need it:
/// structs with short-form field headers, zigzag varints, binary, booleans, lists of i32, string and struct.
/// Field ids must ascend within a struct, which is how every Parquet struct is laid out anyway.
/// </summary>
internal sealed class ThriftCompactWriter(IBufferWriter<byte> output)
{
    private const byte Stop = 0, BoolTrue = 1, BoolFalse = 2, I32 = 5, I64 = 6, Binary = 8, List = 9, Struct = 12;

    private readonly Stack<short> _outer = new();
    private short _lastField;

    public void BeginStruct()
    {
        _outer.Push(_lastField);
        _lastField = 0;
    }

    public void EndStruct()
    {
        WriteByte(Stop);
        _lastField = _outer.Pop();
    }

    public void FieldStruct(short id) => FieldHeader(id, Struct);

    public void Field(short id, int value)
    {
        FieldHeader(id, I32);
        WriteVarint(ZigZag(value));
    }

    public void Field(short id, long value)
    {
        FieldHeader(id, I64);
        WriteVarint(ZigZag(value));
    }

    public void Field(short id, bool value) => FieldHeader(id, value ? BoolTrue : BoolFalse);

    public void Field(short id, string value) => Field(id, Encoding.UTF8.GetBytes(value));

    public void Field(short id, ReadOnlySpan<byte> value)
    {
        FieldHeader(id, Binary);
        WriteBinary(value);
    }

    public void FieldList(short id, ReadOnlySpan<int> values)
    {
        FieldHeader(id, List);
        ListHeader(values.Length, I32);
        foreach (var value in values)
            WriteVarint(ZigZag(value));
    }

    public void FieldList(short id, IReadOnlyList<string> values)
    {
        FieldHeader(id, List);
        ListHeader(values.Count, Binary);
        foreach (var value in values)
            WriteBinary(Encoding.UTF8.GetBytes(value));
    }

    /// <summary>A list of structs: each element is written by <paramref name="writeElement"/> between Begin/EndStruct.</summary>
    public void FieldList<T>(short id, IReadOnlyList<T> elements, Action<ThriftCompactWriter, T> writeElement)
    {
        FieldHeader(id, List);
        ListHeader(elements.Count, Struct);
        foreach (var element in elements)
        {
            BeginStruct();
            writeElement(this, element);
            EndStruct();
        }
    }

    private void FieldHeader(short id, byte type)
    {
        var delta = id - _lastField;
        if (delta is > 0 and <= 15)
            WriteByte((byte)((delta << 4) | type));
        else
        {
            WriteByte(type);
            WriteVarint(ZigZag(id));
        }
        _lastField = id;
    }

    private void ListHeader(int count, byte elementType)
    {
        if (count < 15)
            WriteByte((byte)((count << 4) | elementType));
        else
        {
            WriteByte((byte)(0xF0 | elementType));
            WriteVarint((ulong)count);
        }
    }

    private void WriteBinary(ReadOnlySpan<byte> value)
    {
        WriteVarint((ulong)value.Length);
        value.CopyTo(output.GetSpan(value.Length));
        output.Advance(value.Length);
    }

    private void WriteVarint(ulong value)
    {
        var span = output.GetSpan(10);
        var n = 0;
        while (value >= 0x80)
        {
            span[n++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[n++] = (byte)value;
        output.Advance(n);
    }

    private void WriteByte(byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));
}
