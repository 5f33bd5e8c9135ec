using System.CommandLine;
using Binance.Lake.Extract.Archive;
using Microsoft.Extensions.Logging;

namespace Binance.Lake.Cli.Options;

/// <summary>How to reach the bulk archive.</summary>
internal static class ArchiveOptions
{
    public static readonly Option<Uri> ArchiveUrl = new("--archive-url")
    {
        Description = $"Base URL of the Binance bulk archive (data/spot/... below it), e.g. a local `binance-lake simulate`. Default {ArchiveClient.DefaultBaseUrl}. Env BINANCE_ARCHIVE_URL.",
        HelpName = "URL",
        DefaultValueFactory = result => HttpUrl.Parse(EnvironmentDefaults.String("BINANCE_ARCHIVE_URL", ArchiveClient.DefaultBaseUrl.ToString()), "BINANCE_ARCHIVE_URL", result, ArchiveClient.DefaultBaseUrl),
        CustomParser = result => HttpUrl.Parse(result.Tokens.Single().Value, "--archive-url", result, ArchiveClient.DefaultBaseUrl),
    };

    public static readonly Option<int> Downloads = new("--downloads")
    {
        Description = "Archive files downloaded and verified at once.",
        HelpName = "N",
        DefaultValueFactory = _ => 4,
        CustomParser = result =>
        {
            if (int.TryParse(result.Tokens.Single().Value, out var downloads) && downloads is >= 1 and <= 64)
                return downloads;
            result.AddError($"--downloads: '{result.Tokens.Single().Value}' is not a whole number from 1 to 64.");
            return 1;
        },
    };

    public static ArchiveClient CreateClient(ParseResult parse, ILogger logger) => new(parse.GetValue(ArchiveUrl)!, logger);
}
