namespace Binance.Lake.Cli.Options;

/// <summary>Base URLs given on the command line or in the environment: http(s), always ending in '/'.</summary>
internal static class HttpUrl
{
    public static Uri Parse(string text, string source, System.CommandLine.Parsing.ArgumentResult result, Uri fallback)
    {
        if (Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            return uri;
        result.AddError($"{source}: '{text}' is not an http(s) URL.");
        return fallback;
    }
}
