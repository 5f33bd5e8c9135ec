using Binance.Lake.Core.Storage;

namespace Binance.Lake.Tests.Support;

/// <summary>
/// A store whose disk fills up: after <paramref name="writesAllowed"/> writes under <paramref name="prefix"/>,
/// every further write fails as a full disk does. Stands in for a crash at that exact point, deterministically.
/// </summary>
public sealed class DiskFullStore(IObjectStore inner, string prefix, int writesAllowed) : IObjectStore
{
    private int _writes;

    public string Root => inner.Root;

    public string Describe(string key) => inner.Describe(key);

    public Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        Allow(key) ? inner.PutAsync(key, content, cancellationToken) : throw Full(key);

    public Task<bool> PutIfAbsentAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        Allow(key) ? inner.PutIfAbsentAsync(key, content, cancellationToken) : throw Full(key);

    public Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default) => inner.GetAsync(key, cancellationToken);

    public IAsyncEnumerable<StoredObject> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, cancellationToken);

    private bool Allow(string key) => !key.StartsWith(prefix, StringComparison.Ordinal) || Interlocked.Increment(ref _writes) <= writesAllowed;

    private static IOException Full(string key) => new($"No space left on device (writing {key})");
}
