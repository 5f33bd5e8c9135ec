using System.Text.RegularExpressions;

namespace Binance.Lake.Core.Storage;

/// <summary>
/// Where a lake lives on S3: a bucket and a key prefix (without leading or trailing '/', possibly empty),
/// so several lakes (or test runs) can share one bucket.
/// </summary>
public sealed partial record S3Location
{
    public const string Scheme = "s3://";

    public S3Location(string bucket, string prefix)
    {
        if (!BucketName().IsMatch(bucket ?? ""))
            throw new ArgumentException(
                $"'{bucket}' is not a valid S3 bucket name: 3-63 characters of lowercase letters, digits, '.' and '-', starting and ending with a letter or digit.",
                nameof(bucket));
        prefix = (prefix ?? "").Trim('/');
        if (prefix.Length > 0)
            ObjectKey.ValidatePrefix(prefix, nameof(prefix));
        Bucket = bucket!;
        Prefix = prefix;
    }

    public string Bucket { get; }

    /// <summary>Key prefix of the lake root inside the bucket; empty when the lake is the whole bucket.</summary>
    public string Prefix { get; }

    /// <summary>True when <paramref name="lake"/> is meant as an S3 location (starts with s3://), valid or not.</summary>
    public static bool IsS3Uri(string lake) => lake.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses <c>s3://bucket</c> or <c>s3://bucket/some/prefix</c>.</summary>
    public static S3Location Parse(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        // Parsed by hand, not with System.Uri: Uri would unescape or re-escape '%' and spaces in the prefix,
        // and the prefix must reach S3 byte for byte as the user wrote it.
        if (!IsS3Uri(uri))
            throw new ArgumentException($"'{uri}' is not an S3 URI: expected s3://bucket or s3://bucket/prefix.", nameof(uri));
        var rest = uri[Scheme.Length..];
        var slash = rest.IndexOf('/');
        var bucket = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? "" : rest[(slash + 1)..];
        if (bucket.Length == 0)
            throw new ArgumentException($"'{uri}' has no bucket: expected s3://bucket or s3://bucket/prefix.", nameof(uri));
        if (uri.IndexOfAny(['?', '#']) >= 0)
            throw new ArgumentException($"'{uri}' must not contain a query or fragment: expected s3://bucket or s3://bucket/prefix.", nameof(uri));
        try
        {
            return new S3Location(bucket, prefix.TrimEnd('/'));
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"'{uri}' is not a valid lake location: {e.Message}", nameof(uri), e);
        }
    }

    /// <summary>The S3 key of a lake key.</summary>
    public string ObjectKeyOf(string key) => Prefix.Length == 0 ? key : Prefix + "/" + key;

    /// <summary>The lake key of an S3 key listed under this location.</summary>
    public string LakeKeyOf(string objectKey) => Prefix.Length == 0 ? objectKey : objectKey[(Prefix.Length + 1)..];

    /// <summary>The S3 prefix to list for a lake key prefix; never matches a sibling prefix like "lake2/".</summary>
    public string ListPrefixOf(string prefix) => Prefix.Length == 0 ? prefix : Prefix + "/" + prefix;

    public override string ToString() => Prefix.Length == 0 ? Scheme + Bucket : Scheme + Bucket + "/" + Prefix;

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketName();
}
