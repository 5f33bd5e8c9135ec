namespace Binance.Lake.Extract.Archive;

/// <summary>An archive file that cannot be used: checksum mismatch, corrupt zip, damaged rows. Nothing of it enters the lake.</summary>
public sealed class ArchiveDamagedException(ArchiveFile file, string reason, Exception? inner = null)
    : Exception($"{file.Name}: {reason}", inner)
{
    public ArchiveFile File { get; } = file;

    public string Reason { get; } = reason;
}
