using Binance.Lake.Core.Lake;

namespace Binance.Lake.Extract.RawFormats;

/// <summary>Every raw format Binance chunks arrive in, for whoever reads the raw zone back.</summary>
public static class RawChunkDecoders
{
    public static IReadOnlyList<IRawChunkDecoder> All { get; } = [new RestChunkDecoder(), new ArchiveChunkDecoder(), new LiveChunkDecoder()];
}
