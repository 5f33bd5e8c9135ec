using System.CommandLine.Parsing;
using System.Globalization;

namespace Binance.Lake.Cli.Options;

/// <summary>
/// Flags fall back to environment variables (the brief's RESERVED_CONCURRENCY, CHUNK_LIMIT, ...), then to
/// built-in defaults. A variable that does not parse is a usage error naming the variable, not a crash.
/// </summary>
internal static class EnvironmentDefaults
{
    public static string String(string variable, string fallback) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : fallback;

    public static string? String(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : null;

    public static int Int(string variable, int fallback, ArgumentResult result) =>
        Parse(variable, fallback, result, "a whole number", text => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null);

    public static double Double(string variable, double fallback, ArgumentResult result) =>
        Parse(variable, fallback, result, "a number", text => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null);

    private static T Parse<T>(string variable, T fallback, ArgumentResult result, string what, Func<string, T?> parse) where T : struct
    {
        var text = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(text))
            return fallback;
        if (parse(text) is { } value)
            return value;
        result.AddError($"Environment variable {variable}='{text}' is not {what}; fix or unset it.");
        return fallback;
    }
}
