using Binance.Lake.Core.Trades;
using Binance.Lake.Extract.Archive;
using Binance.Lake.Extract.Backfill;

namespace Binance.Lake.Extract.Hybrid;

/// <summary>Every run a hybrid backfill made, and what no source could provide.</summary>
public sealed record HybridSummary(
    string Symbol,
    BackfillSource Source,
    IReadOnlyList<ArchiveImportSummary> Archive,
    IReadOnlyList<BackfillSummary> Rest,
    IReadOnlyList<IdRange> NotServed,
    IReadOnlyList<string> MissingArchiveFiles)
{
    /// <summary>Nothing of the request is missing from the raw zone.</summary>
    public bool Complete => NotServed.Count == 0 && MissingArchiveFiles.Count == 0;
}
