namespace Binance.Lake.Simulator.History;

/// <summary>Histories count time in µs since the Unix epoch; clock readings and archive dates are converted here.</summary>
internal static class UnixMicros
{
    public static long Of(DateTimeOffset time) => (time - DateTimeOffset.UnixEpoch).Ticks / 10;
}
