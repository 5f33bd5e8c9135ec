using System.CommandLine;

namespace Binance.Lake.Cli.Options;

/// <summary>Options several commands share, defined once so they read and behave the same everywhere.</summary>
internal static class CommonOptions
{
    /// <summary>A spot pair, any case on the command line, upper case from there on.</summary>
    public static Option<string?> Symbol(string description, bool required = false) => new("--symbol", "-s")
    {
        Description = description,
        Required = required,
        CustomParser = result => result.Tokens.Single().Value.Trim().ToUpperInvariant(),
    };

    public static Option<bool> Json(string what = "summary") => new("--json") { Description = $"Print the {what} as JSON on stdout." };
}
