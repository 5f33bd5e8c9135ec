namespace Binance.Lake.Core.Storage;

/// <summary>
/// The lake's storage: a flat namespace of immutable-ish objects addressed by '/'-separated keys,
/// relative to the lake root. Local folders and S3 behave the same through it.
/// </summary>
public interface IObjectStore
{
    /// <summary>Where the lake lives, for people: a folder path or an s3:// URI.</summary>
    string Root { get; }

    /// <summary>Full location of a key or a key prefix (a "folder"), for people: logs, summaries.</summary>
    string Describe(string key);

    /// <summary>Writes the whole object atomically: readers see the old object or the new one, never a part.</summary>
    Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates the object only if no object has that key (put-if-absent), atomically with respect to
    /// concurrent creators. Returns false, writing nothing, when the key already exists.
    /// </summary>
    Task<bool> PutIfAbsentAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>The object's bytes, or null when there is no such key.</summary>
    Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Every object whose key starts with the prefix, in ordinal key order.</summary>
    IAsyncEnumerable<StoredObject> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Deletes the object; deleting a missing key is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken = default);
}

/// <summary>One listed object.</summary>
public sealed record StoredObject(string Key, long Size, DateTimeOffset LastModified);
