namespace Binance.Lake.Transform.Delta;

/// <summary>
/// The table cannot be read or written as asked: no table, a missing or non-contiguous version, a protocol or
/// feature this code does not implement, or a malformed log. The message names the table and the versions.
/// </summary>
public class DeltaException : Exception
{
    public DeltaException(string message)
        : base(message)
    {
    }

    public DeltaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Another writer committed first and its commit conflicts with this transaction, so retrying blindly could
/// lose or duplicate data. The caller should reload the table and redo its work against the new snapshot.
/// </summary>
public sealed class DeltaConcurrencyException : DeltaException
{
    public DeltaConcurrencyException(string message, long? winningVersion = null)
        : base(message)
    {
        WinningVersion = winningVersion;
    }

    /// <summary>The version written by the other writer that this transaction conflicts with, when known.</summary>
    public long? WinningVersion { get; }
}

/// <summary>There is no table where one was asked for (no commit, no checkpoint), or not the version asked for.</summary>
public sealed class DeltaTableNotFoundException(string message) : DeltaException(message);
