namespace Binance.Lake.Core.Storage;

/// <summary>
/// The rules every store enforces on keys, so a key that works on a laptop folder also works on S3
/// and cannot escape the lake root.
/// </summary>
public static class ObjectKey
{
    /// <summary>
    /// Files whose names start with this are a local store's half-written objects. Keys may not use it,
    /// otherwise such an object would be invisible to listings.
    /// </summary>
    public const string TempPrefix = ".tmp-";

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="key"/> names one object.</summary>
    public static void Validate(string key, string paramName = "key")
    {
        ArgumentNullException.ThrowIfNull(key, paramName);
        if (key.Length == 0)
            throw new ArgumentException("An object key must not be empty.", paramName);
        if (key.EndsWith('/'))
            throw new ArgumentException($"Object key '{key}' must not end with '/': it would name a folder, not an object.", paramName);
        ValidateSegments(key, paramName, "Object key");
        if (LastSegment(key).StartsWith(TempPrefix, StringComparison.Ordinal))
            throw new ArgumentException($"Object key '{key}': names starting with '{TempPrefix}' are reserved for temporary files.", paramName);
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> unless <paramref name="prefix"/> is a valid listing prefix:
    /// empty (everything), or the start of a key, possibly ending mid-name or with '/'.
    /// </summary>
    public static void ValidatePrefix(string prefix, string paramName = "prefix")
    {
        ArgumentNullException.ThrowIfNull(prefix, paramName);
        if (prefix.Length == 0)
            return;
        // A trailing '/' is fine in a prefix; drop it so the segment check does not see an empty last segment.
        ValidateSegments(prefix.EndsWith('/') ? prefix[..^1] : prefix, paramName, "Key prefix");
    }

    private static void ValidateSegments(string value, string paramName, string what)
    {
        if (value.StartsWith('/'))
            throw new ArgumentException($"{what} '{value}' must not start with '/': keys are relative to the lake root.", paramName);
        if (value.Contains('\\'))
            throw new ArgumentException($"{what} '{value}' must not contain '\\': keys are '/'-separated on every platform.", paramName);
        if (value.Contains('\0'))
            throw new ArgumentException($"{what} '{value}' must not contain NUL characters.", paramName);
        foreach (var segment in value.Split('/'))
        {
            if (segment.Length == 0)
                throw new ArgumentException($"{what} '{value}' must not contain empty segments ('//').", paramName);
            if (segment is "." or "..")
                throw new ArgumentException($"{what} '{value}' must not contain '.' or '..' segments: keys cannot leave the lake root.", paramName);
        }
    }

    private static string LastSegment(string key) => key[(key.LastIndexOf('/') + 1)..];
}
