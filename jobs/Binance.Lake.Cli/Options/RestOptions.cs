using System.CommandLine;
using Binance.Lake.Extract.RateLimiting;
using Binance.Lake.Extract.Rest;
using Microsoft.Extensions.Logging;

namespace Binance.Lake.Cli.Options;

/// <summary>How to reach Binance REST.</summary>
internal static class RestOptions
{
    public static readonly Option<Uri> RestUrl = new("--rest-url")
    {
        Description = "Binance spot REST base URL (e.g. a local `binance-lake simulate`). The market-data-only mirror lacks historicalTrades and cannot backfill. Env BINANCE_REST_URL.",
        HelpName = "URL",
        DefaultValueFactory = result => HttpUrl.Parse(EnvironmentDefaults.String("BINANCE_REST_URL", BinanceRestOptions.DefaultBaseUrl.ToString()), "BINANCE_REST_URL", result, BinanceRestOptions.DefaultBaseUrl),
        CustomParser = result => HttpUrl.Parse(result.Tokens.Single().Value, "--rest-url", result, BinanceRestOptions.DefaultBaseUrl),
    };

    public static readonly Option<string?> ApiKey = new("--api-key")
    {
        Description = "Optional Binance API key, sent as X-MBX-APIKEY. Market data needs none. Env BINANCE_API_KEY.",
        HelpName = "KEY",
        DefaultValueFactory = _ => EnvironmentDefaults.String("BINANCE_API_KEY"),
    };

    public static readonly Option<double> WeightShare = new("--weight-share")
    {
        Description = "Fraction of the IP's request-weight budget this process may use, in (0, 1]. Give 1/N when N processes share one IP (e.g. parallel backfills of N symbols), so together they never draw a 429. Env BINANCE_WEIGHT_SHARE.",
        HelpName = "FRACTION",
        DefaultValueFactory = result => Share(EnvironmentDefaults.Double("BINANCE_WEIGHT_SHARE", 1, result), "BINANCE_WEIGHT_SHARE", result),
        CustomParser = result => Share(
            double.TryParse(result.Tokens.Single().Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var share) ? share : double.NaN,
            "--weight-share", result),
    };

    private static double Share(double share, string source, System.CommandLine.Parsing.ArgumentResult result)
    {
        if (share is > 0 and <= 1)
            return share;
        result.AddError($"{source} must be a number more than 0 and at most 1, e.g. 0.5 for two processes on one IP.");
        return 1;
    }

    /// <summary>The REST client as every command uses it: one rate governor for the whole process.</summary>
    public static BinanceRestClient CreateClient(ParseResult parse, ILogger logger) => new(
        new BinanceRestOptions { BaseUrl = parse.GetValue(RestUrl)!, ApiKey = parse.GetValue(ApiKey) },
        new RateGovernor(new ServerClock(TimeProvider.System), parse.GetValue(WeightShare)),
        logger);
}
