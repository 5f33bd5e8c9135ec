using System.Buffers;
using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Trades;

namespace Binance.Lake.Extract.RawFormats;

/// <summary>A decoder for chunks small enough to decode in one piece: one REST page, one live batch.</summary>
public abstract class WholeChunkDecoder : IRawChunkDecoder
{
    public abstract RawSource Source { get; }

    /// <summary>The chunk's trades in id order; <see cref="InvalidDataException"/> naming the key when the bytes are damaged.</summary>
    public abstract IReadOnlyList<Trade> Decode(string key, ReadOnlyMemory<byte> content);

    public IEnumerable<IReadOnlyList<Trade>> Decode(string key, Stream content)
    {
        yield return DecodeAll(key, content);
    }

    // A REST page is ~140 KB: a fresh array per chunk would land on the large-object heap and make every few
    // hundred chunks a full garbage collection, which stops the threads decoding in parallel.
    private IReadOnlyList<Trade> DecodeAll(string key, Stream content)
    {
        if (content is MemoryStream memory && memory.TryGetBuffer(out var buffer))
            return Decode(key, buffer.AsMemory((int)memory.Position));
        if (!content.CanSeek)
        {
            using var copy = new MemoryStream();
            content.CopyTo(copy);
            return Decode(key, copy.GetBuffer().AsMemory(0, (int)copy.Length));
        }
        var length = checked((int)(content.Length - content.Position));
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            content.ReadExactly(rented, 0, length);
            return Decode(key, rented.AsMemory(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
