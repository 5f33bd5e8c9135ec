using System.IO.Compression;
using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Trades;

namespace Binance.Lake.Extract.RawFormats;

/// <summary>
/// Archive chunks: <c>raw/binance-spot/&lt;SYMBOL&gt;/archive/&lt;first id&gt;-&lt;last id&gt;.zip</c>, a bulk-archive
/// zip exactly as downloaded (checksum verified on import), holding one CSV of <see cref="ArchiveTradeLine"/>s.
/// Decoded as a stream, a batch at a time: a month of a busy symbol is gigabytes.
/// Ids must ascend; a line repeating the previous id with the same trade is dropped, gaps are allowed (the archive
/// has known holes, which the audit reports and REST repairs).
/// </summary>
public sealed class ArchiveChunkDecoder : IRawChunkDecoder
{
    public const string Extension = "zip";

    // Batches stay under the large-object threshold (85 KB): bigger ones made every few batches a full collection.
    private const int BatchSize = 1_024;
    private const int BufferSize = 1 << 20;

    public RawSource Source => RawSource.Archive;

    public IEnumerable<IReadOnlyList<Trade>> Decode(string key, Stream content)
    {
        using var spool = Seekable(content);
        using var zip = Open(key, spool ?? content);
        var entries = zip.Entries.Where(e => !e.FullName.EndsWith('/')).ToList();
        if (entries.Count != 1)
            throw Damaged(key, $"it holds {entries.Count} files, not one CSV");
        using var csv = entries[0].Open();

        using var blocks = new LineBlocks(csv, BufferSize);
        var lineNumber = 0;
        Trade? previous = null;
        var batch = new List<Trade>(BatchSize);
        foreach (var block in blocks.Read())
        {
            try
            {
                var start = 0;
                while (start < block.Length)
                {
                    var newline = block.Buffer.AsSpan(start, block.Length - start).IndexOf((byte)'\n');
                    var length = newline < 0 ? block.Length - start : newline;
                    var trade = ParseLine(key, block.Buffer.AsSpan(start, length).TrimEnd((byte)'\r'), ++lineNumber, ref previous);
                    start += length + 1;
                    if (trade is null)
                        continue;
                    batch.Add(trade.Value);
                    if (batch.Count == BatchSize)
                    {
                        yield return batch;
                        batch = new List<Trade>(BatchSize);
                    }
                }
            }
            finally
            {
                LineBlocks.Return(block);
            }
        }
        if (blocks.Failure is { } failure)
            throw Damaged(key, failure is LineTooLongException
                ? $"after line {lineNumber}, {failure.Message}"
                : $"its compressed data is corrupt ({failure.Message})");
        if (batch.Count > 0)
            yield return batch;
    }

    // The trade on a line; null for blank lines, a header and exact repeats.
    private static Trade? ParseLine(string key, ReadOnlySpan<byte> line, int lineNumber, ref Trade? previous)
    {
        if (line.IsEmpty || (lineNumber == 1 && ArchiveTradeLine.IsHeader(line)))
            return null;
        var trade = ArchiveTradeLine.Parse(line, out var error) ?? throw Damaged(key, $"line {lineNumber}: {error}");
        if (previous is { } last && trade.Id <= last.Id)
        {
            return trade == last
                ? null
                : throw Damaged(key, $"line {lineNumber}: trade id {trade.Id} does not follow {last.Id}");
        }
        previous = trade;
        return trade;
    }

    // The zip directory sits at the end: a stream that cannot seek (an S3 body) is spooled to a temp file first.
    private static FileStream? Seekable(Stream content)
    {
        if (content.CanSeek)
            return null;
        var spool = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        try
        {
            content.CopyTo(spool);
            spool.Position = 0;
            return spool;
        }
        catch
        {
            spool.Dispose();
            throw;
        }
    }

    private static ZipArchive Open(string key, Stream content)
    {
        try
        {
            return new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw Damaged(key, $"it is not a readable zip ({e.Message})");
        }
    }

    private static InvalidDataException Damaged(string key, string what) =>
        new($"Archive file {key} is damaged: {what}.");
}
