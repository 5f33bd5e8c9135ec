namespace Binance.Lake.Extract.Rest;

/// <summary>Binance times arrive in ms or µs depending on the request; the magnitude tells them apart.</summary>
internal static class TimeUnits
{
    // Milliseconds stay below 10^14 until the year 5138; microseconds passed it in 1973.
    private const long MicrosecondThreshold = 100_000_000_000_000;

    public static long ToMicros(long value) => value >= MicrosecondThreshold ? value : value * 1000;

    public static long ToMicros(DateTimeOffset time) => (time - DateTimeOffset.UnixEpoch).Ticks / 10;
}
