namespace Binance.Lake.Transform.Maintenance;

/// <summary>What vacuum may do with one listed file, given a snapshot and a cutoff.</summary>
internal enum VacuumVerdict
{
    /// <summary>A live add references it.</summary>
    Live,

    /// <summary>Unreferenced, but removed or written after the cutoff: a reader of a recent version, or a writer about to commit, may need it.</summary>
    Retained,

    /// <summary>Removed by a commit before the cutoff.</summary>
    ExpiredTombstone,

    /// <summary>Never committed, or its tombstone is gone from the log, and written before the cutoff.</summary>
    ExpiredOrphan,
}
