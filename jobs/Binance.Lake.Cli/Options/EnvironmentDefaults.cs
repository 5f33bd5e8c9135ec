using System.Globalization;

namespace Binance.Lake.Cli.Options;

/// <summary>Flags fall back to environment variables (the brief's RESERVED_CONCURRENCY, CHUNK_LIMIT, ...), then to built-in defaults.</summary>
internal static class EnvironmentDefaults
{
    public static string String(string variable, string fallback) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : fallback;

    public static string? String(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : null;

    public static int Int(string variable, int fallback)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(value))
            return fallback;
        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw new FormatException($"Environment variable {variable}='{value}' is not a whole number.");
    }
}
