namespace Binance.Lake.Simulator.RateLimiting;

/// <summary>
/// A weight window expressed the way Binance labels it: exchangeInfo's interval/intervalNum and
/// the X-MBX-USED-WEIGHT-(num)(letter) header. The largest unit that divides the length is used,
/// so 60s is "1M" and 90s is "90S", matching what clients parse.
/// </summary>
internal sealed record RateInterval(string Name, int Number, char Letter, long LengthMs)
{
    public string UsedWeightHeader => $"X-MBX-USED-WEIGHT-{Number}{Letter}";

    /// <summary>True for the 1-minute window, which also gets the legacy X-MBX-USED-WEIGHT header.</summary>
    public bool IsOneMinute => LengthMs == 60_000;

    public static RateInterval From(TimeSpan length)
    {
        long seconds = (long)length.TotalSeconds;
        if (seconds % 86_400 == 0) return new("DAY", (int)(seconds / 86_400), 'D', seconds * 1000);
        if (seconds % 3_600 == 0) return new("HOUR", (int)(seconds / 3_600), 'H', seconds * 1000);
        if (seconds % 60 == 0) return new("MINUTE", (int)(seconds / 60), 'M', seconds * 1000);
        return new("SECOND", (int)seconds, 'S', seconds * 1000);
    }
}
