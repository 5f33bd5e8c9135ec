using System.Globalization;

namespace Binance.Lake.Simulator.Cli;

/// <summary>
/// Parses "500ms", "10s", "1m", "2h", "1d": a positive whole number and a unit; "0" where zero is allowed.
/// Milliseconds exist so tests can scale connection timings (ping, lifetime, faults) down from hours to a
/// fraction of a second.
/// </summary>
public static class DurationParser
{
    public static bool TryParse(string? text, out TimeSpan duration, out string error, bool allowZero = false)
    {
        duration = default;
        error = "";
        string s = (text ?? "").Trim();
        if (allowZero && s == "0") return true;
        bool millis = s.EndsWith("ms", StringComparison.OrdinalIgnoreCase);
        int digits = s.Length - (millis ? 2 : 1);
        TimeSpan? unit = millis ? TimeSpan.FromMilliseconds(1) : char.ToLowerInvariant(s.Length > 0 ? s[^1] : ' ') switch
        {
            's' => TimeSpan.FromSeconds(1),
            'm' => TimeSpan.FromMinutes(1),
            'h' => TimeSpan.FromHours(1),
            'd' => TimeSpan.FromDays(1),
            _ => null,
        };
        if (digits < 1 || unit is null
            || !long.TryParse(s.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out long n)
            || n < (allowZero ? 0 : 1)
            || n > TimeSpan.MaxValue.Ticks / unit.Value.Ticks)
        {
            error = $"'{text}' is not a duration; use {(allowZero ? "0 or " : "")}a positive whole number with ms, s, m, h or d, e.g. 10s, 1m, 2h, 500ms.";
            return false;
        }
        duration = unit.Value * n;
        return true;
    }
}
