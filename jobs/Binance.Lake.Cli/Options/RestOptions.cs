using System.CommandLine;
using Binance.Lake.Extract.Rest;

namespace Binance.Lake.Cli.Options;

/// <summary>How to reach Binance REST.</summary>
internal static class RestOptions
{
    public static readonly Option<Uri> RestUrl = new("--rest-url")
    {
        Description = "Binance spot REST base URL (e.g. a local `binance-lake simulate`). The market-data-only mirror lacks historicalTrades and cannot backfill. Env BINANCE_REST_URL.",
        HelpName = "URL",
        DefaultValueFactory = _ => new Uri(EnvironmentDefaults.String("BINANCE_REST_URL", BinanceRestOptions.DefaultBaseUrl.ToString())),
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
                return uri;
            result.AddError($"--rest-url: '{text}' is not an http(s) URL.");
            return null!;
        },
    };

    public static readonly Option<string?> ApiKey = new("--api-key")
    {
        Description = "Optional Binance API key, sent as X-MBX-APIKEY. Market data needs none. Env BINANCE_API_KEY.",
        HelpName = "KEY",
        DefaultValueFactory = _ => EnvironmentDefaults.String("BINANCE_API_KEY"),
    };

    public static BinanceRestOptions Read(ParseResult parse) => new()
    {
        BaseUrl = parse.GetValue(RestUrl)!,
        ApiKey = parse.GetValue(ApiKey),
    };
}
