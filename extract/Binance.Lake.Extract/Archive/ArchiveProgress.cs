namespace Binance.Lake.Extract.Archive;

/// <summary>Live counters of an import, read by the progress display while workers update them.</summary>
public sealed class ArchiveProgress : IProgress<long>
{
    private long _bytes, _filesDone, _trades;

    public int FilesPlanned { get; internal set; }
    public long FilesDone => Interlocked.Read(ref _filesDone);
    public long BytesDownloaded => Interlocked.Read(ref _bytes);
    public long TradesImported => Interlocked.Read(ref _trades);

    public void Report(long bytes) => Interlocked.Add(ref _bytes, bytes);

    internal void FileDone(long trades)
    {
        Interlocked.Add(ref _trades, trades);
        Interlocked.Increment(ref _filesDone);
    }
}
