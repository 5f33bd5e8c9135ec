using System.IO.Compression;
using Binance.Lake.Simulator.History;

namespace Binance.Lake.Simulator.Archive;

/// <summary>
/// Writes one archive zip: a single CSV entry named like the zip, with the period's trades streamed
/// page by page from the history, so a day of millions of trades never sits in memory.
/// </summary>
internal static class ArchiveZip
{
    private const int PageSize = 10_000;

    public static void Write(Stream output, ArchivePath file, ITradeHistory history, long nowMicros, CancellationToken ct)
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        // Fastest: the simulator serves tests, and a multi-million-trade day should build in seconds, not tens of them.
        var entry = zip.CreateEntry(file.CsvName, CompressionLevel.Fastest);
        // A fixed entry time keeps the bytes, and so the checksum and ETag, identical on every run.
        entry.LastWriteTime = file.EndsAt;
        using var csv = new TradeCsvWriter(entry.Open(), file.TimeUnit);
        long id = history.FirstTradeIdAtOrAfter(UnixMicros.Of(file.StartsAt), nowMicros);
        long end = history.FirstTradeIdAtOrAfter(UnixMicros.Of(file.EndsAt), nowMicros);
        while (id < end)
        {
            ct.ThrowIfCancellationRequested();
            var page = history.GetTrades(id, (int)Math.Min(PageSize, end - id), nowMicros);
            csv.Write(page);
            id = page[^1].Id + 1;
        }
    }
}
