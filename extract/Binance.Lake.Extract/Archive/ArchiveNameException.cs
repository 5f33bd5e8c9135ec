namespace Binance.Lake.Extract.Archive;

/// <summary>A local file given for import whose name does not say which archive file it is.</summary>
public sealed class ArchiveNameException(string message) : Exception(message);
