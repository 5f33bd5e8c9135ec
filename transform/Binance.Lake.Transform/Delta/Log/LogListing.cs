using Binance.Lake.Core.Storage;

namespace Binance.Lake.Transform.Delta.Log;

/// <summary>
/// What <c>_delta_log/</c> holds: commit files and classic checkpoints by version. The listing is the source
/// of truth for which versions exist; <c>_last_checkpoint</c> is not needed for that, because the store can
/// only list a whole prefix anyway, and that file is known to be stale or wrong in real tables.
/// </summary>
internal sealed class LogListing
{
    private LogListing(SortedDictionary<long, StoredObject> commits, SortedDictionary<long, StoredObject> checkpoints)
    {
        Commits = commits;
        Checkpoints = checkpoints;
    }

    public SortedDictionary<long, StoredObject> Commits { get; }

    public SortedDictionary<long, StoredObject> Checkpoints { get; }

    public bool IsEmpty => Commits.Count == 0 && Checkpoints.Count == 0;

    /// <summary>The newest version the log can reconstruct up to (a checkpoint may outlive its commit file).</summary>
    public long LatestVersion => Math.Max(Commits.Count > 0 ? Commits.Keys.Max() : -1, Checkpoints.Count > 0 ? Checkpoints.Keys.Max() : -1);

    public static async Task<LogListing> ReadAsync(IObjectStore store, string logPrefix, CancellationToken ct)
    {
        var commits = new SortedDictionary<long, StoredObject>();
        var checkpoints = new SortedDictionary<long, StoredObject>();
        await foreach (var item in store.ListAsync(logPrefix, ct).ConfigureAwait(false))
        {
            var name = item.Key[logPrefix.Length..];
            // Only direct children: '.tmp/00…05.json' and the like are in-flight or abandoned writes.
            if (name.Contains('/'))
                continue;
            if (LogFileNames.TryParseCommit(name, out var version))
                commits[version] = item;
            else if (LogFileNames.TryParseCheckpoint(name, out version))
                checkpoints[version] = item;
        }
        return new LogListing(commits, checkpoints);
    }

    /// <summary>Versions in [from, to] that have no commit file.</summary>
    public List<long> MissingCommits(long from, long to)
    {
        var missing = new List<long>();
        for (var v = from; v <= to; v++)
        {
            if (!Commits.ContainsKey(v))
                missing.Add(v);
        }
        return missing;
    }
}
