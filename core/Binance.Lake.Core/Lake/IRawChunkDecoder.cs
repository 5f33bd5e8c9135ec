using Binance.Lake.Core.Trades;

namespace Binance.Lake.Core.Lake;

/// <summary>
/// Turns one raw chunk (bytes exactly as the exchange sent them) back into trades. The formats are the
/// exchange's business (extract/), the shaping of the lake is not (transform/): this is where they meet.
/// </summary>
public interface IRawChunkDecoder
{
    /// <summary>The raw-zone folder whose chunks this decoder reads.</summary>
    RawSource Source { get; }

    /// <summary>The chunk's trades in id order; <see cref="InvalidDataException"/> naming the key when the bytes are damaged.</summary>
    IReadOnlyList<Trade> Decode(string key, ReadOnlyMemory<byte> content);
}
