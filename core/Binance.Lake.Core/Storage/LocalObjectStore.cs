using System.Runtime.CompilerServices;

namespace Binance.Lake.Core.Storage;

/// <summary>
/// The lake in a local folder. Every write goes to a temp file beside the target and is renamed into place,
/// so a crash or a concurrent reader never sees half an object.
/// </summary>
public sealed class LocalObjectStore : IObjectStore
{
    private readonly string _root;

    /// <summary>Opens (and creates, if missing) the lake folder.</summary>
    public LocalObjectStore(string rootFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootFolder);
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(rootFolder));
        Directory.CreateDirectory(_root);
    }

    public string Root => _root;

    public string Describe(string key)
    {
        ObjectKey.ValidatePrefix(key, nameof(key));
        return PathOf(key);
    }

    public Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        PutAsync(key, (stream, ct) => stream.WriteAsync(content, ct).AsTask(), cancellationToken);

    public Task PutAsync(string key, Stream content, CancellationToken cancellationToken = default) =>
        PutAsync(key, content.CopyToAsync, cancellationToken);

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        ObjectKey.Validate(key);
        try
        {
            return Task.FromResult<Stream?>(new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16,
                FileOptions.Asynchronous | FileOptions.SequentialScan));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    private async Task PutAsync(string key, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        ObjectKey.Validate(key);
        var target = PathOf(key);
        var temp = await WriteTempFileAsync(target, write, cancellationToken).ConfigureAwait(false);
        try
        {
            // rename(2) replaces the target in one step: readers see the old file or the new one.
            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public async Task<bool> PutIfAbsentAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        ObjectKey.Validate(key);
        var target = PathOf(key);
        var temp = await WriteTempFileAsync(target, (stream, ct) => stream.WriteAsync(content, ct).AsTask(), cancellationToken).ConfigureAwait(false);
        try
        {
            if (HardLink.TryCreate(temp, target))
                return true;
            // A folder of that name is not an object that exists: say what is in the way instead.
            return Directory.Exists(target)
                ? throw new IOException($"Cannot create object '{key}': a folder of that name is in the way at '{target}'.")
                : false;
        }
        finally
        {
            // The winner's content now also lives under the target name; the temp name goes either way.
            TryDelete(temp);
        }
    }

    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ObjectKey.Validate(key);
        try
        {
            return await File.ReadAllBytesAsync(PathOf(key), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public async IAsyncEnumerable<StoredObject> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectKey.ValidatePrefix(prefix);
        // The prefix may end mid-name ("raw/BTC"): walk the folder named by its complete segments and
        // keep only entries whose name starts with the partial last segment.
        var slash = prefix.LastIndexOf('/');
        var folder = slash < 0 ? _root : PathOf(prefix[..slash]);
        var namePrefix = prefix[(slash + 1)..];

        var found = new List<StoredObject>();
        if (Directory.Exists(folder))
        {
            foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!entry.Name.StartsWith(namePrefix, StringComparison.Ordinal))
                    continue;
                if (entry is DirectoryInfo dir)
                    Collect(dir, found, cancellationToken);
                else if (entry is FileInfo file)
                    Add(file, found);
            }
        }

        // Both stores promise ordinal key order; the file system promises no order at all.
        found.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (var item in found)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return item;
        }
        // The walk is synchronous file-system work; the method is async only to share the interface with S3.
        await Task.CompletedTask.ConfigureAwait(false);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        ObjectKey.Validate(key);
        try
        {
            File.Delete(PathOf(key));
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone, together with its folder.
        }
        // Empty folders are left behind on purpose: removing one could race with a writer creating a file in it.
        return Task.CompletedTask;
    }

    private string PathOf(string key) =>
        Path.Join(_root, Path.DirectorySeparatorChar == '/' ? key : key.Replace('/', Path.DirectorySeparatorChar));

    private string KeyOf(string path)
    {
        var relative = Path.GetRelativePath(_root, path);
        return Path.DirectorySeparatorChar == '/' ? relative : relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    private void Collect(DirectoryInfo dir, List<StoredObject> found, CancellationToken cancellationToken)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false };
        foreach (var file in dir.EnumerateFiles("*", options))
        {
            cancellationToken.ThrowIfCancellationRequested();
            Add(file, found);
        }
    }

    private void Add(FileInfo file, List<StoredObject> found)
    {
        // Half-written objects of in-flight puts; they are renamed into place or deleted, never listed.
        if (file.Name.StartsWith(ObjectKey.TempPrefix, StringComparison.Ordinal))
            return;
        try
        {
            found.Add(new StoredObject(KeyOf(file.FullName), file.Length, new DateTimeOffset(file.LastWriteTimeUtc)));
        }
        catch (FileNotFoundException)
        {
            // Deleted between enumeration and stat: it is not there any more, so it is not listed.
        }
    }

    private static async Task<string> WriteTempFileAsync(string target, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(folder);
        // Same folder as the target, so the final rename never crosses a file system and stays atomic.
        var temp = Path.Join(folder, ObjectKey.TempPrefix + Guid.NewGuid().ToString("N"));
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await write(stream, cancellationToken).ConfigureAwait(false);
                // fsync before the rename: otherwise a power loss can leave the new name pointing at empty data.
                stream.Flush(flushToDisk: true);
            }
            return temp;
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temp file is invisible to listings and harmless.
        }
    }
}
