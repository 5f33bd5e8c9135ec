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

    /// <summary>
    /// Writes the whole object atomically from a stream read to its end: for objects too big to hold in memory
    /// (a month of archive trades). The default buffers it; stores that can stream override this.
    /// </summary>
    async Task PutAsync(string key, Stream content, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        await PutAsync(key, buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The object as a stream the caller disposes, or null when there is no such key: for objects too big to
    /// hold in memory. The default reads the whole object; stores that can stream override this.
    /// </summary>
    async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default) =>
        await GetAsync(key, cancellationToken).ConfigureAwait(false) is { } bytes ? new MemoryStream(bytes, writable: false) : null;

    /// <summary>Every object whose key starts with the prefix, in ordinal key order.</summary>
    IAsyncEnumerable<StoredObject> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Deletes the object; deleting a missing key is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken = default);
}

/// <summary>One listed object.</summary>
public sealed record StoredObject(string Key, long Size, DateTimeOffset LastModified);
