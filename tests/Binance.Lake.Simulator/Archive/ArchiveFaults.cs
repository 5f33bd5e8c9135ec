namespace Binance.Lake.Simulator.Archive;

/// <summary>
/// Archive defects chosen per day, as Binance's archive had them (binance-public-data issues in the
/// fact sheet, section 5.4). A defect of day D hits D's daily file and the monthly file of D's month,
/// so a client falling back from one to the other meets it either way.
/// </summary>
internal sealed class ArchiveFaults(SimulatorOptions options)
{
    public TimeSpan LateBy => options.ArchiveLateBy;

    /// <summary>Never published: 404 for the zip and its CHECKSUM.</summary>
    public bool IsMissing(ArchivePath file) => options.ArchiveMissingDays.Any(file.Contains);

    /// <summary>
    /// Zip cut to half its length, CHECKSUM computed over the cut bytes as in binance-public-data#39,
    /// so the checksum verifies and only opening the zip reveals the damage.
    /// </summary>
    public bool IsTruncated(ArchivePath file) => options.ArchiveTruncateDays.Any(file.Contains);

    /// <summary>Zip intact, CHECKSUM names a different hash.</summary>
    public bool HasBadChecksum(ArchivePath file) => options.ArchiveBadChecksumDays.Any(file.Contains);

    /// <summary>Published <see cref="LateBy"/> after its usual time.</summary>
    public bool IsLate(ArchivePath file) => options.ArchiveLateDays.Any(file.Contains);
}
