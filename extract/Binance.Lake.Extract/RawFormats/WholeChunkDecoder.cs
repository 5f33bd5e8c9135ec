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
        yield return Decode(key, ReadAll(content));
    }

    private static ReadOnlyMemory<byte> ReadAll(Stream content)
    {
        if (content is MemoryStream memory && memory.TryGetBuffer(out var buffer))
            return buffer.AsMemory((int)memory.Position);
        if (content.CanSeek)
        {
            var bytes = new byte[content.Length - content.Position];
            content.ReadExactly(bytes);
            return bytes;
        }
        using var copy = new MemoryStream();
        content.CopyTo(copy);
        return copy.GetBuffer().AsMemory(0, (int)copy.Length);
    }
}
