namespace Binance.Lake.Core.Storage;

/// <summary>Turns the one "lake" string every command takes into a store, so no caller branches on where the lake lives.</summary>
public static class ObjectStores
{
    /// <summary>
    /// Opens the lake at <paramref name="lake"/>: <c>s3://bucket/prefix</c> gives an <see cref="S3ObjectStore"/>,
    /// anything else is a local folder (created if missing).
    /// </summary>
    /// <param name="s3Endpoint">Optional S3-compatible endpoint (the CLI's --s3-endpoint); otherwise the AWS environment decides.</param>
    public static IObjectStore Open(string lake, string? s3Endpoint = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(lake);
        if (S3Location.IsS3Uri(lake))
            return new S3ObjectStore(S3Location.Parse(lake), S3ClientFactory.Create(s3Endpoint), ownsClient: true);
        // Catch typos like "s3:/bucket" or other schemes before they silently become a local folder named "s3:".
        // (A one-letter scheme is a Windows drive, "C:/lake".)
        var colonSlash = lake.IndexOf(":/", StringComparison.Ordinal);
        if (colonSlash > 1 && lake[..colonSlash].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
            throw new ArgumentException($"Lake '{lake}' looks like a URI, but only s3:// URIs and local folder paths are supported.", nameof(lake));
        return new LocalObjectStore(lake);
    }
}
