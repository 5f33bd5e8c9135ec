using Binance.Lake.Simulator.History;

namespace Binance.Lake.Simulator.WebSockets;

internal enum StreamFate
{
    Send,

    /// <summary>Never sent on any connection; only REST has it.</summary>
    Skip,

    /// <summary>Sent twice in a row.</summary>
    Repeat,
}

/// <summary>
/// Which trades the websockets leave out or send twice: a hash of (seed, symbol, id), so every
/// connection and every run makes the same choice. A reconnect therefore cannot recover a skipped
/// id; the client has to notice the gap and fetch it from REST, which is what the fault exercises.
/// </summary>
internal sealed class StreamFaults(ulong seed, double skipRate, double repeatRate)
{
    private readonly ulong _key = SplitMix.Mix(seed, 0x5712EA);

    public StreamFate Fate(ulong symbolKey, long id)
    {
        if (skipRate == 0 && repeatRate == 0) return StreamFate.Send;
        ulong h = SplitMix.Mix(_key ^ symbolKey, (ulong)id);
        if (SplitMix.Unit(h) < skipRate) return StreamFate.Skip;
        return SplitMix.Unit(SplitMix.Mix(h)) < repeatRate ? StreamFate.Repeat : StreamFate.Send;
    }
}
