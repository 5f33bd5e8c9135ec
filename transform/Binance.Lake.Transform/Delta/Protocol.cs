namespace Binance.Lake.Transform.Delta;

/// <summary>
/// The <c>protocol</c> action: the oldest reader and writer able to handle the table. This code implements
/// reader 1 and writer 2 without table features, and refuses anything newer rather than corrupt it.
/// </summary>
public sealed record Protocol(int MinReaderVersion, int MinWriterVersion)
{
    /// <summary>What every table created here gets, and what every engine (Spark, delta-rs, Athena) reads.</summary>
    public static Protocol Default { get; } = new(1, 2);

    /// <summary>Reader table features (only meaningful from reader version 3); null when absent.</summary>
    public IReadOnlyList<string>? ReaderFeatures { get; init; }

    /// <summary>Writer table features (only meaningful from writer version 7); null when absent.</summary>
    public IReadOnlyList<string>? WriterFeatures { get; init; }

    public override string ToString() =>
        $"(minReaderVersion {MinReaderVersion}, minWriterVersion {MinWriterVersion}"
        + (ReaderFeatures is { Count: > 0 } r ? $", readerFeatures [{string.Join(", ", r)}]" : "")
        + (WriterFeatures is { Count: > 0 } w ? $", writerFeatures [{string.Join(", ", w)}]" : "")
        + ")";
}
