using System.CommandLine;
using System.Globalization;

namespace Binance.Lake.Cli.Options;

/// <summary>Dates on the command line: ISO days (YYYY-MM-DD), always UTC, with an error that says so.</summary>
internal static class DateOptions
{
    public static Option<DateOnly?> Create(string name, string description, bool required = false) => new(name)
    {
        Required = required,
        Description = description + " Format YYYY-MM-DD, UTC.",
        HelpName = "YYYY-MM-DD",
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                return date;
            result.AddError($"{name}: '{text}' is not a date; write it as YYYY-MM-DD (UTC), e.g. 2024-08-08.");
            return null;
        },
    };
}
