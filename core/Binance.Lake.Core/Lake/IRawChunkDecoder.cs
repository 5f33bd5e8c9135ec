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

    /// <summary>
    /// The chunk's trades in id order, in batches decoded as they are enumerated, so a raw object of any size (a
    /// month of archive trades) passes through bounded memory. Damage is an <see cref="InvalidDataException"/>
    /// naming the key, thrown when the enumeration reaches it.
    /// </summary>
    IEnumerable<IReadOnlyList<Trade>> Decode(string key, Stream content);
}
