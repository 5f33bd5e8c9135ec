using System.Text;

namespace Binance.Lake.Transform.Parquet;

/// <summary>
/// The Thrift compact protocol, read side, as far as a Parquet footer and page headers need it: walk a struct's
/// fields, read the scalars and lists the caller knows, skip everything else. Malformed input throws
/// <see cref="InvalidDataException"/>, never reads past the buffer.
/// </summary>
internal ref struct ThriftCompactReader(ReadOnlySpan<byte> input)
{
    public const byte BoolTrue = 1, BoolFalse = 2, Byte = 3, I16 = 4, I32 = 5, I64 = 6, Double = 7, Binary = 8, List = 9, Set = 10, Map = 11, Struct = 12;
    private const byte Stop = 0;

    // Thrift's own readers stop at this depth too; only a hostile file nests deeper.
    private const int MaxDepth = 64;

    private readonly ReadOnlySpan<byte> _input = input;
    private short _lastField;

    /// <summary>Bytes read so far: a page header's length.</summary>
    public int Position { get; private set; }

    /// <summary>The next field of the current struct, or false at its end. A bool field's value is its type.</summary>
    public bool NextField(out short id, out byte type)
    {
        var header = ReadByte();
        type = (byte)(header & 0x0F);
        if (type == Stop)
        {
            id = 0;
            return false;
        }
        var delta = header >> 4;
        id = delta == 0 ? checked((short)ReadZigZag()) : (short)(_lastField + delta);
        _lastField = id;
        return true;
    }

    /// <summary>Reads a struct-typed value: <paramref name="readField"/> is called for each of its fields.</summary>
    public void ReadStruct(FieldReader readField) => ReadStruct(readField, 0);

    public delegate void FieldReader(ref ThriftCompactReader reader, short id, byte type);

    public int ReadI32() => checked((int)ReadZigZag());

    public long ReadI64() => ReadZigZag();

    public string ReadString() => Encoding.UTF8.GetString(ReadBinary());

    public ReadOnlySpan<byte> ReadBinary()
    {
        var length = checked((int)ReadVarint());
        if (length > _input.Length - Position) throw Truncated();
        var value = _input.Slice(Position, length);
        Position += length;
        return value;
    }

    /// <summary>A list's element count; the elements follow, each read by its type.</summary>
    public int ReadListHeader(out byte elementType)
    {
        var header = ReadByte();
        elementType = (byte)(header & 0x0F);
        var count = header >> 4;
        return count == 15 ? checked((int)ReadVarint()) : count;
    }

    /// <summary>Skips a value of <paramref name="type"/> (for a bool field, nothing: the type was the value).</summary>
    public void Skip(byte type) => Skip(type, 0);

    private void Skip(byte type, int depth)
    {
        if (depth > MaxDepth) throw new InvalidDataException("The Thrift data nests too deep.");
        switch (type)
        {
            case BoolTrue or BoolFalse:
                break;
            case Byte:
                ReadByte();
                break;
            case I16 or I32 or I64:
                ReadVarint();
                break;
            case Double:
                Advance(8);
                break;
            case Binary:
                ReadBinary();
                break;
            case List or Set:
                var count = ReadListHeader(out var elementType);
                for (var i = 0; i < count; i++)
                    SkipElement(elementType, depth + 1);
                break;
            case Map:
                var entries = checked((int)ReadVarint());
                if (entries == 0)
                    break;
                var types = ReadByte();
                for (var i = 0; i < entries; i++)
                {
                    SkipElement((byte)(types >> 4), depth + 1);
                    SkipElement((byte)(types & 0x0F), depth + 1);
                }
                break;
            case Struct:
                ReadStruct(static (ref ThriftCompactReader r, short _, byte t) => r.Skip(t), depth + 1);
                break;
            default:
                throw new InvalidDataException($"Unknown Thrift type {type}.");
        }
    }

    // In a list a bool is a byte of its own, unlike a bool field.
    private void SkipElement(byte type, int depth)
    {
        if (type is BoolTrue or BoolFalse)
            ReadByte();
        else
            Skip(type, depth);
    }

    private void ReadStruct(FieldReader readField, int depth)
    {
        if (depth > MaxDepth) throw new InvalidDataException("The Thrift data nests too deep.");
        var outer = _lastField;
        _lastField = 0;
        while (NextField(out var id, out var type))
            readField(ref this, id, type);
        _lastField = outer;
    }

    private long ReadZigZag()
    {
        var value = ReadVarint();
        return (long)(value >> 1) ^ -(long)(value & 1);
    }

    private ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = ReadByte();
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
                return value;
        }
        throw new InvalidDataException("A Thrift varint is longer than 64 bits.");
    }

    private byte ReadByte()
    {
        if (Position >= _input.Length) throw Truncated();
        return _input[Position++];
    }

    private void Advance(int bytes)
    {
        if (bytes > _input.Length - Position) throw Truncated();
        Position += bytes;
    }

    private static InvalidDataException Truncated() => new("The Thrift data ends early.");
}
