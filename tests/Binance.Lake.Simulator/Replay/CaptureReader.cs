using System.IO.Compression;
using Binance.Lake.Simulator.History;

namespace Binance.Lake.Simulator.Replay;

/// <summary>
/// Loads a real capture into a <see cref="ReplayHistory"/>. The format is detected from content
/// (gzip magic, then CSV header vs "&lt;ns&gt; {json}" lines), never from the file name.
/// </summary>
internal static class CaptureReader
{
    public static ReplayHistory Load(string path)
    {
        var trades = ReadAll(path);
        if (trades.Count == 0)
            throw new InvalidDataException($"Replay file '{path}' contains no trades.");
        // A capture may hold several symbols' trade streams; one symbol is served, the first seen.
        string symbol = trades[0].Symbol;
        var own = trades.Where(t => t.Symbol == symbol).OrderBy(t => t.Id).ToList();
        return new ReplayHistory(SymbolSpec.For(symbol), Deduplicate(own));
    }

    private static List<CapturedTrade> ReadAll(string path)
    {
        using var file = File.OpenRead(path);
        Stream stream = IsGzip(file) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream);
        string first = FirstNonEmptyLine(reader);
        using var whole = new PrefixedReader(first, reader);
        if (CsvCaptureParser.LooksLikeHeader(first)) return CsvCaptureParser.Parse(whole).ToList();
        if (first.Contains('{')) return StreamCaptureParser.Parse(whole).ToList();
        throw new InvalidDataException($"Replay file '{path}': unrecognised format (expected a trade-stream capture or CSV).");
    }

    private static bool IsGzip(FileStream file)
    {
        Span<byte> magic = stackalloc byte[2];
        int n = file.Read(magic);
        file.Position = 0;
        return n == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
    }

    private static string FirstNonEmptyLine(TextReader reader)
    {
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Trim().Length > 0) return line;
        }
        return "";
    }

    /// <summary>Re-attaches the already consumed first line so parsers see the whole file.</summary>
    private sealed class PrefixedReader(string firstLine, TextReader rest) : TextReader
    {
        private string? _first = firstLine;

        public override string? ReadLine()
        {
            if (_first is null) return rest.ReadLine();
            var line = _first;
            _first = null;
            return line;
        }
    }

    private static List<CapturedTrade> Deduplicate(List<CapturedTrade> sorted)
    {
        // Reconnecting recorders can write the same trade twice; identical ids are one trade.
        var result = new List<CapturedTrade>(sorted.Count);
        foreach (var t in sorted)
        {
            if (result.Count > 0 && result[^1].Id == t.Id) continue;
            result.Add(t);
        }
        return result;
    }
}
