using System.Collections.Concurrent;
using Binance.Lake.Simulator.History;

namespace Binance.Lake.Simulator.Archive;

/// <summary>A built zip on disk with everything its two responses need.</summary>
internal sealed record ArchiveFile(string LocalPath, long Length, string ETag, byte[] Checksum);

/// <summary>
/// Builds each archive zip once, into a temporary folder owned by the simulator. Files rather than memory
/// because a busy day is over a hundred megabytes zipped and its CHECKSUM (often requested before the
/// zip) needs the whole zip: building to disk keeps memory bounded and serves both from one build.
/// Concurrent requests for the same file wait for the same build. Content never changes once built:
/// only whole past periods are served, and faults are fixed for the simulator's lifetime.
/// </summary>
internal sealed class ArchiveCache(ArchiveFaults faults) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<ArchivePath, Lazy<Task<ArchiveFile>>> _builds = new();
    private readonly CancellationTokenSource _disposing = new();

    /// <summary>Created by the first build, deleted on dispose.</summary>
    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"binance-lake-archive-{Guid.NewGuid():N}");

    /// <param name="requestAborted">Stops only this caller's wait; the build goes on for the others.</param>
    public Task<ArchiveFile> GetAsync(ArchivePath file, ITradeHistory history, long nowMicros, CancellationToken requestAborted)
    {
        var build = _builds.GetOrAdd(file, f => new(() => Task.Run(() => Build(f, history, nowMicros), _disposing.Token)));
        var task = build.Value;
        // A failed build (disk full, say) is not cached: the next request tries again.
        if (task.IsFaulted) _builds.TryRemove(KeyValuePair.Create(file, build));
        return task.WaitAsync(requestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _disposing.CancelAsync();
        var running = _builds.Values.Where(b => b.IsValueCreated).Select(Task (b) => b.Value);
        // Only waiting for writers to let go of their files; their outcome no longer matters.
        await Task.WhenAll(running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
        _disposing.Dispose();
    }

    private ArchiveFile Build(ArchivePath file, ITradeHistory history, long nowMicros)
    {
        Directory.CreateDirectory(Root);
        string local = Path.Combine(Root, $"{file.Folder}-{file.ZipName}");
        using var zip = new FileStream(local, FileMode.Create, FileAccess.ReadWrite, FileShare.Read);
        ArchiveZip.Write(zip, file, history, nowMicros, _disposing.Token);
        // Half a zip loses the central directory at its end: unreadable, whatever the cut point.
        if (faults.IsTruncated(file)) zip.SetLength(zip.Length / 2);
        zip.Position = 0;
        var (sha256, md5) = ArchiveChecksum.Hash(zip);
        return new ArchiveFile(local, zip.Length, ArchiveChecksum.ETag(md5),
            ArchiveChecksum.FileContent(sha256, file.ZipName, faults.HasBadChecksum(file)));
    }
}
