using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace Binance.Lake.Core.Storage;

/// <summary>
/// Builds the S3 client the lake uses. Credentials and region come only from the standard AWS chain
/// (environment, profile, instance role), so no secret ever passes through this project's code or flags.
/// </summary>
public static class S3ClientFactory
{
    /// <summary>The standard per-service endpoint override, read before the global one.</summary>
    public const string S3EndpointVariable = "AWS_ENDPOINT_URL_S3";

    /// <summary>The standard all-services endpoint override.</summary>
    public const string EndpointVariable = "AWS_ENDPOINT_URL";

    /// <summary>The region used when the chain has none: the one every S3-compatible server accepts.</summary>
    public static readonly RegionEndpoint DefaultRegion = RegionEndpoint.USEast1;

    /// <summary>A client for AWS, or for an S3-compatible server when an endpoint is given or configured.</summary>
    /// <param name="endpoint">Explicit endpoint (e.g. the CLI's --s3-endpoint); wins over the environment.</param>
    public static IAmazonS3 Create(string? endpoint = null) => new AmazonS3Client(CreateConfig(endpoint));

    /// <summary>The configuration <see cref="Create"/> uses; separate so it can be inspected.</summary>
    public static AmazonS3Config CreateConfig(string? endpoint = null)
    {
        var config = new AmazonS3Config
        {
            // SDK v4 otherwise adds CRC checksums (and trailing-checksum streaming) to every request, which
            // S3-compatible servers reject; AWS itself only requires them for a few operations.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };

        var overrideUrl = ResolveEndpoint(endpoint);
        if (overrideUrl is null)
        {
            config.RegionEndpoint = FallbackRegionFactory.GetRegionEndpoint() ?? DefaultRegion;
            return config;
        }

        // A custom endpoint is not AWS: the region is only a signing label, so do not probe EC2 instance metadata for it.
        var region = FallbackRegionFactory.GetRegionEndpoint(includeInstanceMetadata: false) ?? DefaultRegion;
        config.ServiceURL = overrideUrl;
        // S3-compatible servers rarely have wildcard DNS for bucket.host, so address buckets in the path.
        config.ForcePathStyle = true;
        config.AuthenticationRegion = region.SystemName;
        return config;
    }

    /// <summary>The endpoint override in force, or null for plain AWS.</summary>
    public static string? ResolveEndpoint(string? endpoint = null)
    {
        var url = FirstNonBlank(endpoint, Environment.GetEnvironmentVariable(S3EndpointVariable), Environment.GetEnvironmentVariable(EndpointVariable));
        if (url is null)
            return null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"S3 endpoint '{url}' is not an http:// or https:// URL.", nameof(endpoint));
        return url;
    }

    private static string? FirstNonBlank(params string?[] values) =>
        values.Select(v => v?.Trim()).FirstOrDefault(v => !string.IsNullOrEmpty(v));
}
