using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Trades;
using Binance.Lake.Extract.Rest;

namespace Binance.Lake.Extract.RawFormats;

/// <summary>REST chunks are <c>historicalTrades</c> bodies: the same parser that checked them on arrival reads them back.</summary>
public sealed class RestChunkDecoder : WholeChunkDecoder
{
    /// <summary>The file extension of REST chunks.</summary>
    public const string Extension = "json";

    public override RawSource Source => RawSource.Rest;

    public override IReadOnlyList<Trade> Decode(string key, ReadOnlyMemory<byte> content)
    {
        try
        {
            return TradePageParser.Parse(content).Trades;
        }
        catch (MalformedResponseException e)
        {
            throw new InvalidDataException($"Raw chunk {key} is damaged: {e.Message}. Delete it and run the backfill again to refetch it.", e);
        }
    }
}
