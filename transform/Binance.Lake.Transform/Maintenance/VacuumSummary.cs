namespace Binance.Lake.Transform.Maintenance;

/// <summary>What a vacuum run deleted (or, in a dry run, would delete) and what it kept.</summary>
/// <param name="Cutoff">Files unreferenced since before this instant were deletable: now minus the retention.</param>
/// <param name="TableVersion">The snapshot the run started from.</param>
/// <param name="FilesListed">Objects under the table root, outside <c>_delta_log/</c> and other <c>_</c>-folders.</param>
/// <param name="FilesLive">Listed files a live <c>add</c> references: never deleted.</param>
/// <param name="FilesRetained">Unreferenced files still within the retention: recent tombstones, in-flight writes.</param>
/// <param name="TombstonesDeleted">Files removed from the table (a <c>remove</c> action) before the cutoff.</param>
/// <param name="OrphansDeleted">Files no commit ever mentioned (or whose tombstone the log has forgotten), older than the cutoff.</param>
/// <param name="FilesSpared">Deletable when listed, but referenced by the log reloaded just before deleting (a commit landed meanwhile).</param>
/// <param name="Deleted">Keys relative to the table root, deleted or (dry run) to delete.</param>
/// <param name="StartVersion">The VACUUM START commit; null when nothing was recorded (see <paramref name="Note"/>).</param>
/// <param name="EndVersion">The VACUUM END commit.</param>
/// <param name="Note">Why the run recorded nothing in the log, when it did not.</param>
public sealed record VacuumSummary(
    bool DryRun,
    double RetentionHours,
    DateTimeOffset Cutoff,
    long TableVersion,
    int FilesListed,
    int FilesLive,
    int FilesRetained,
    int TombstonesDeleted,
    int OrphansDeleted,
    long BytesDeleted,
    int FilesSpared,
    IReadOnlyList<string> Deleted,
    long? StartVersion,
    long? EndVersion,
    string? Note,
    double ElapsedSeconds)
{
    public int FilesDeleted => TombstonesDeleted + OrphansDeleted;
}
