using System.Globalization;

namespace Binance.Lake.Simulator.Cli;

/// <summary>Parses "10s", "1m", "2h", "1d": a positive whole number and one unit letter; "0" where zero is allowed.</summary>
internal static class DurationParser
{
    public static bool TryParse(string? text, out TimeSpan duration, out string error, bool allowZero = false)
    {
        duration = default;
        error = "";
        string s = (text ?? "").Trim();
        if (allowZero && s == "0") return true;
        TimeSpan? unit = s.Length == 0 ? null : char.ToLowerInvariant(s[^1]) switch
        {
            's' => TimeSpan.FromSeconds(1),
            'm' => TimeSpan.FromMinutes(1),
            'h' => TimeSpan.FromHours(1),
            'd' => TimeSpan.FromDays(1),
            _ => null,
        };
        if (s.Length < 2 || unit is null
            || !long.TryParse(s.AsSpan(0, s.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out long n)
            || n < (allowZero ? 0 : 1)
            || n > TimeSpan.MaxValue.Ticks / unit.Value.Ticks)
        {
            error = $"'{text}' is not a duration; use {(allowZero ? "0 or " : "")}a positive whole number with s, m, h or d, e.g. 10s, 1m, 2h.";
            return false;
        }
        duration = unit.Value * n;
        return true;
    }
}
