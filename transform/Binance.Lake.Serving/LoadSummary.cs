namespace Binance.Lake.Serving;

/// <summary>What a load did.</summary>
/// <param name="Target">The target's description (no password).</param>
/// <param name="TableVersion">The Delta table version the target now mirrors for the selected partitions.</param>
/// <param name="PartitionsSelected">Partitions of the table inside the filters.</param>
/// <param name="PartitionsAdded">Partitions the target did not hold.</param>
/// <param name="PartitionsReloaded">Partitions whose data files changed since their last load (repair, optimize), replaced.</param>
/// <param name="PartitionsUnchanged">Partitions skipped: the target holds exactly their current files' rows.</param>
/// <param name="Rows">Rows written by this run.</param>
public sealed record LoadSummary(
    string Target,
    long TableVersion,
    int PartitionsSelected,
    int PartitionsAdded,
    int PartitionsReloaded,
    int PartitionsUnchanged,
    long Rows,
    double ElapsedSeconds);
