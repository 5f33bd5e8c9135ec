using System.Runtime.CompilerServices;
using Binance.Lake.Core.Storage;

namespace Binance.Lake.Tests.Maintenance;

/// <summary>
/// A store that runs a test's code at an exact point of an operation (before a put, before a listing), to make a
/// race happen every time instead of now and then.
/// </summary>
internal sealed class HookedStore(IObjectStore inner) : IObjectStore
{
    /// <summary>Runs before each put of a key; return quickly, or block the writer as long as the race needs.</summary>
    public Func<string, Task>? BeforePut { get; set; }

    /// <summary>Runs when a listing of the prefix starts, before its first item.</summary>
    public Func<string, Task>? BeforeList { get; set; }

    public string Root => inner.Root;

    public string Describe(string key) => inner.Describe(key);

    public async Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        if (BeforePut is { } hook)
            await hook(key);
        await inner.PutAsync(key, content, cancellationToken);
    }

    public Task<bool> PutIfAbsentAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        inner.PutIfAbsentAsync(key, content, cancellationToken);

    public Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default) => inner.GetAsync(key, cancellationToken);

    public async IAsyncEnumerable<StoredObject> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (BeforeList is { } hook)
            await hook(prefix);
        await foreach (var item in inner.ListAsync(prefix, cancellationToken))
            yield return item;
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, cancellationToken);
}
