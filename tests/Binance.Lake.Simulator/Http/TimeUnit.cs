namespace Binance.Lake.Simulator.Http;

/// <summary>Unit of time fields in responses, chosen by the X-MBX-TIME-UNIT request header.</summary>
internal enum TimeUnit
{
    Millisecond,
    Microsecond,
}

internal static class TimeUnits
{
    public const string HeaderName = "X-MBX-TIME-UNIT";

    /// <summary>Absent means milliseconds; the value is case-insensitive like Binance's.</summary>
    public static bool TryParse(string? header, out TimeUnit unit)
    {
        unit = TimeUnit.Millisecond;
        if (string.IsNullOrEmpty(header) || header.Equals("MILLISECOND", StringComparison.OrdinalIgnoreCase)) return true;
        if (header.Equals("MICROSECOND", StringComparison.OrdinalIgnoreCase))
        {
            unit = TimeUnit.Microsecond;
            return true;
        }
        return false;
    }

    /// <summary>ms mode truncates: a trade at …123.999 ms is reported at …123.</summary>
    public static long FromMicros(long micros, TimeUnit unit) =>
        unit == TimeUnit.Microsecond ? micros : Math.DivRem(micros, 1000, out long rem) - (rem < 0 ? 1 : 0);
}
