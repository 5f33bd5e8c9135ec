namespace Binance.Lake.Simulator.Replay;

/// <summary>Binance timestamps are ms or µs depending on the source; 16 digits means µs.</summary>
internal static class TimeMagnitude
{
    public const long MicrosThreshold = 1_000_000_000_000_000;

    public static long ToMicros(long msOrMicros) =>
        msOrMicros >= MicrosThreshold ? msOrMicros : msOrMicros * 1000;
}
