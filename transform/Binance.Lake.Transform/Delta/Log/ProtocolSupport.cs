namespace Binance.Lake.Transform.Delta.Log;

/// <summary>
/// The versions this code implements: reader 1 (plain log replay) and writer 2 (append-only tables and column
/// invariants). Anything newer may change what a file or a row means, so it is refused, not guessed at.
/// </summary>
internal static class ProtocolSupport
{
    public const int MaxReaderVersion = 1;
    public const int MaxWriterVersion = 2;

    /// <summary>Throws unless the table at <paramref name="version"/> can be read and written by this code.</summary>
    public static void EnsureSupported(Protocol protocol, string table, long version)
    {
        if (protocol.MinReaderVersion > MaxReaderVersion
            || protocol.MinWriterVersion > MaxWriterVersion
            || protocol.ReaderFeatures is { Count: > 0 }
            || protocol.WriterFeatures is { Count: > 0 })
        {
            throw new DeltaException(
                $"Delta table {table} at version {version} requires protocol {protocol}; this reader supports "
                + $"minReaderVersion {MaxReaderVersion} and minWriterVersion {MaxWriterVersion} without table features.");
        }
    }
}
