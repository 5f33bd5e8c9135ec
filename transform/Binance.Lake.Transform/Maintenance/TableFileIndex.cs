using Binance.Lake.Core.Storage;
using Binance.Lake.Transform.Delta;

namespace Binance.Lake.Transform.Maintenance;

/// <summary>
/// The storage keys one snapshot still cares about: its live files and its tombstones with their deletion times.
/// Keys, not add paths: the log holds URI-encoded paths, storage lists decoded keys.
/// </summary>
internal sealed class TableFileIndex
{
    private readonly HashSet<string> _live;
    private readonly Dictionary<string, long> _removedAt;

    public TableFileIndex(DeltaTable table, Snapshot snapshot)
    {
        Version = snapshot.Version;
        _live = snapshot.Files.Select(f => table.DataKey(f.Path)).ToHashSet(StringComparer.Ordinal);
        _removedAt = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var tombstone in snapshot.Tombstones)
        {
            // A missing deletion time counts as the epoch, as the snapshot's own expiry does.
            var key = table.DataKey(tombstone.Path);
            _removedAt[key] = Math.Max(_removedAt.GetValueOrDefault(key), tombstone.DeletionTimestamp ?? 0);
        }
    }

    public long Version { get; }

    /// <summary>
    /// Spark's rule: a file goes only when no live add references it, it was written before the cutoff, and, if a
    /// commit removed it, that removal is before the cutoff too. Requiring the write time for tombstones as well
    /// costs nothing (a file is always written before it is removed) and protects against a skewed clock.
    /// </summary>
    public VacuumVerdict Judge(StoredObject file, DateTimeOffset cutoff)
    {
        if (_live.Contains(file.Key))
            return VacuumVerdict.Live;
        if (file.LastModified >= cutoff)
            return VacuumVerdict.Retained;
        if (_removedAt.TryGetValue(file.Key, out var removedAt))
            return removedAt < cutoff.ToUnixTimeMilliseconds() ? VacuumVerdict.ExpiredTombstone : VacuumVerdict.Retained;
        return VacuumVerdict.ExpiredOrphan;
    }

    /// <summary>
    /// Names vacuum never touches, as Spark's: any folder or file starting with '_' (the log, _state, change data)
    /// or '.' (temp files, .crc), except a partition folder such as <c>_col=1</c>, which only looks hidden.
    /// </summary>
    public static bool IsHidden(string relativeKey)
    {
        var segments = relativeKey.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var isFolder = i < segments.Length - 1;
            if (segment.StartsWith('.') || (segment.StartsWith('_') && !(isFolder && segment.Contains('=', StringComparison.Ordinal))))
                return true;
        }
        return false;
    }
}
