using System.Text.Json.Serialization;
using Binance.Lake.Core.Trades;

namespace Binance.Lake.Extract.Archive;

/// <summary>What an archive import did, file by file, and what it could not do.</summary>
public sealed record ArchiveImportSummary(
    string Symbol,
    DateOnly From,
    DateOnly To,
    IReadOnlyList<ArchiveImportSummary.ImportedFile> Imported,
    int AlreadyImported,
    IReadOnlyList<string> Missing,
    IReadOnlyList<ArchiveImportSummary.DamagedFile> Damaged,
    long BytesDownloaded,
    double ElapsedSeconds)
{
    public sealed record ImportedFile(string File, long? FirstId, long? LastId, long Trades, IReadOnlyList<IdRange> Gaps, string? RawKey);

    public sealed record DamagedFile(string File, string Reason);

    public long Trades => Imported.Sum(f => f.Trades);

    /// <summary>The files behind <see cref="Missing"/> and <see cref="Damaged"/>, for whoever takes their days from elsewhere.</summary>
    [JsonIgnore]
    public IReadOnlyList<ArchiveFile> Unavailable { get; init; } = [];

    /// <summary>The range's files imported by earlier runs, as their ledger recorded them: what a rerun already holds.</summary>
    [JsonIgnore]
    public IReadOnlyList<ImportedFile> Previously { get; init; } = [];

    /// <summary>Every planned file is in the raw zone.</summary>
    public bool Complete => Missing.Count == 0 && Damaged.Count == 0;
}
