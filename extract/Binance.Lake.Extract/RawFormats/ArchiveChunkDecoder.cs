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

    private const int BatchSize = 65_536;
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

        var buffer = new byte[BufferSize];
        int filled = 0, lineNumber = 0;
        Trade? previous = null;
        var batch = new List<Trade>(BatchSize);
        var endOfFile = false;
        while (!endOfFile)
        {
            if (filled == buffer.Length)
                throw Damaged(key, $"line {lineNumber + 1} is longer than {BufferSize} bytes");
            var read = Read(key, csv, buffer.AsSpan(filled));
            filled += read;
            endOfFile = read == 0;
            var start = 0;
            while (start < filled)
            {
                var newline = buffer.AsSpan(start, filled - start).IndexOf((byte)'\n');
                // The last line may lack its newline: it is complete only once the file has ended.
                if (newline < 0 && !endOfFile)
                    break;
                var length = newline < 0 ? filled - start : newline;
                var trade = ParseLine(key, buffer.AsSpan(start, length).TrimEnd((byte)'\r'), ++lineNumber, ref previous);
                start += newline < 0 ? length : length + 1;
                if (trade is null)
                    continue;
                batch.Add(trade.Value);
                if (batch.Count == BatchSize)
                {
                    yield return batch;
                    batch = new List<Trade>(BatchSize);
                }
            }
            buffer.AsSpan(start, filled - start).CopyTo(buffer);
            filled -= start;
        }
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
        content.CopyTo(spool);
        spool.Position = 0;
        return spool;
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

    private static int Read(string key, Stream csv, Span<byte> into)
    {
        try
        {
            return csv.Read(into);
        }
        catch (InvalidDataException e)
        {
            throw Damaged(key, $"its compressed data is corrupt ({e.Message})");
        }
    }

    private static InvalidDataException Damaged(string key, string what) =>
        new($"Archive file {key} is damaged: {what}.");
}
