namespace Binance.Lake.Transform.Maintenance;

/// <summary>What <see cref="Optimizer"/> rewrites, and into files of what size.</summary>
public sealed record OptimizeOptions
{
    /// <summary>Delta's and Spark's default target (spark.databricks.delta.optimize.maxFileSize): big enough for
    /// engines to read efficiently, small enough to split work across readers.</summary>
    public const long DefaultTargetFileBytes = 128L * 1024 * 1024;

    /// <summary>Only this instrument; all when null.</summary>
    public string? Symbol { get; init; }

    /// <summary>First UTC day to optimize; no lower bound when null.</summary>
    public DateOnly? FromDate { get; init; }

    /// <summary>Last UTC day to optimize (inclusive); no upper bound when null.</summary>
    public DateOnly? ToDate { get; init; }

    public long TargetFileBytes { get; init; } = DefaultTargetFileBytes;

    /// <summary>
    /// A file below this share of <see cref="TargetFileBytes"/> is "small" and worth merging. Well below 1, so the
    /// near-target files an earlier run wrote (their size is estimated, never exact) are not rewritten again.
    /// </summary>
    public double SmallFileFraction { get; init; } = 0.75;

    internal long SmallFileBytes => (long)(TargetFileBytes * SmallFileFraction);

    internal void Validate()
    {
        if (TargetFileBytes <= 0)
            throw new ArgumentOutOfRangeException(nameof(TargetFileBytes), TargetFileBytes, "The target file size must be positive.");
        if (SmallFileFraction is <= 0 or > 1 || double.IsNaN(SmallFileFraction))
            throw new ArgumentOutOfRangeException(nameof(SmallFileFraction), SmallFileFraction, "The small-file fraction must be in (0, 1].");
        if (FromDate > ToDate)
            throw new ArgumentException($"The from date {FromDate:yyyy-MM-dd} is after the to date {ToDate:yyyy-MM-dd}.");
    }
}
