using System.CommandLine;
using Binance.Lake.Core.Storage;

namespace Binance.Lake.Cli.Options;

/// <summary>Where the lake lives; every command that reads or writes it takes these.</summary>
internal static class LakeOptions
{
    public static readonly Option<string> Lake = new("--lake")
    {
        Description = "The lake: a local folder, or s3://bucket/prefix (credentials and region from the standard AWS chain). Env BINANCE_LAKE.",
        HelpName = "PATH|s3://BUCKET/PREFIX",
        DefaultValueFactory = _ => EnvironmentDefaults.String("BINANCE_LAKE", "./lake"),
        Recursive = true,
    };

    public static readonly Option<string?> S3Endpoint = new("--s3-endpoint")
    {
        Description = "An S3-compatible endpoint URL (MinIO, s3rver, ...) instead of AWS. Also read from AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL.",
        HelpName = "URL",
        Recursive = true,
    };

    public static IObjectStore Open(ParseResult parse) => Open(parse.GetValue(Lake)!, parse);

    /// <summary>Opens a lake or table location, turning a malformed one into an input error (exit 2).</summary>
    public static IObjectStore Open(string location, ParseResult parse)
    {
        try
        {
            return ObjectStores.Open(location, parse.GetValue(S3Endpoint));
        }
        catch (ArgumentException e)
        {
            throw new Commands.CommandInputException(e.Message, e);
        }
    }
}
