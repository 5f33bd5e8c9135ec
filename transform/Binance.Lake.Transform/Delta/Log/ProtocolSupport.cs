namespace Binance.Lake.Transform.Delta.Log;

/// <summary>
/// The versions this code implements: reader 1 (plain log replay) and writer 2 (append-only tables and column
/// invariants). Anything newer may change what a file or a row means, so it is refused, not guessed at.
/// </summary>
internal static class ProtocolSupport
{
    public const int MaxReaderVersion = 1;
    public const int MaxWriterVersion = 2;

    /// <summary>Throws unless this code can read the table at <paramref name="version"/>: writer rules do not bind readers.</summary>
    public static void EnsureReadable(Protocol protocol, string table, long version)
    {
        if (protocol.MinReaderVersion > MaxReaderVersion || protocol.ReaderFeatures is { Count: > 0 })
            throw Unsupported(protocol, table, version, "read");
    }

    /// <summary>Throws unless this code can also write the table: a newer writer version may require rules it does not follow.</summary>
    public static void EnsureWritable(Protocol protocol, string table, long version)
    {
        EnsureReadable(protocol, table, version);
        if (protocol.MinWriterVersion > MaxWriterVersion || protocol.WriterFeatures is { Count: > 0 })
            throw Unsupported(protocol, table, version, "write");
    }

    private static DeltaException Unsupported(Protocol protocol, string table, long version, string what) => new(
        $"Delta table {table} at version {version} requires protocol {protocol}; this code can {what} minReaderVersion "
        + $"{MaxReaderVersion} / minWriterVersion {MaxWriterVersion} tables without table features.");
}
