using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Storage;
using Binance.Lake.Core.Trades;
using Binance.Lake.Extract.RawFormats;

namespace Binance.Lake.Tests.Support;

/// <summary>
/// The real websocket captures in <c>../shared/fixtures/binance/</c>, turned into what the live collector
/// will write: NDJSON live raw chunks, one message a line, named by trade id range. Reads the captures with
/// <see cref="JsonDocument"/> and plain string splitting, independently of the decoder under test.
/// </summary>
public static class RealCaptures
{
    /// <summary>BTCUSDT combined-stream capture, lines <c>&lt;local ns&gt; &lt;JSON&gt;</c>, mixed streams, crossing midnight into 2024-08-09.</summary>
    public static string BtcusdtStream => RepositoryPaths.Fixture("binance/btcusdt_20240808.trade-stream.gz");

    /// <summary>TRXUSDT trade messages flattened to CSV, microsecond times.</summary>
    public static string TrxusdtCsv => RepositoryPaths.Fixture("binance/trxusdt_20250304.trade-stream.csv");

    /// <summary>Every message of the stream capture, as received (the JSON after the receive time), in capture order.</summary>
    public static IReadOnlyList<string> StreamCaptureMessages(string path)
    {
        var messages = new List<string>();
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress), Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
                continue;
            var space = line.IndexOf(' ');
            if (space <= 0 || !long.TryParse(line.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out _))
                throw new InvalidDataException($"{path}: a line does not start with a receive time: {line[..Math.Min(80, line.Length)]}");
            messages.Add(line[(space + 1)..]);
        }
        return messages;
    }

    /// <summary>The stream capture's messages of one stream (<c>btcusdt@trade</c>), verbatim, with the trade each carries.</summary>
    public static IReadOnlyList<CapturedTrade> StreamCaptureTrades(string path, string stream = "btcusdt@trade")
    {
        var trades = new List<CapturedTrade>();
        foreach (var json in StreamCaptureMessages(path))
        {
            using var document = JsonDocument.Parse(json);
            if (!document.RootElement.TryGetProperty("stream", out var name) || name.GetString() != stream)
                continue;
            var data = document.RootElement.GetProperty("data");
            trades.Add(new CapturedTrade(
                json,
                data.GetProperty("t").GetInt64(),
                data.GetProperty("p").GetString()!,
                data.GetProperty("q").GetString()!,
                data.GetProperty("T").GetInt64() * 1000, // this capture has millisecond times
                data.GetProperty("m").GetBoolean(),
                data.GetProperty("M").GetBoolean()));
        }
        return trades;
    }

    /// <summary>
    /// The CSV capture's rows as raw-stream payloads (what <c>/ws/trxusdt@trade?timeUnit=MICROSECOND</c> sends), built
    /// from the columns with the price and quantity strings kept exactly as the CSV has them.
    /// </summary>
    public static IReadOnlyList<CapturedTrade> CsvCaptureTrades(string path)
    {
        var lines = File.ReadAllLines(path);
        const string Header = "TimestampOfReceive,Stream,EventType,EventTime,TransactionTime,Symbol,TradeId,Price,Quantity,IsBuyerMarketMaker,MUnknownParameter";
        if (lines.Length == 0 || lines[0] != Header)
            throw new InvalidDataException($"{path}: unexpected header");
        var trades = new List<CapturedTrade>(lines.Length - 1);
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var c = line.Split(',');
            if (c.Length != 11 || c[2] != "trade")
                throw new InvalidDataException($"{path}: unexpected row {line}");
            long id = long.Parse(c[6], CultureInfo.InvariantCulture), eventTime = long.Parse(c[3], CultureInfo.InvariantCulture), time = long.Parse(c[4], CultureInfo.InvariantCulture);
            var maker = c[9] switch { "1" => true, "0" => false, _ => throw new InvalidDataException($"{path}: IsBuyerMarketMaker '{c[9]}'") };
            var bestMatch = bool.Parse(c[10]);
            var json = string.Create(CultureInfo.InvariantCulture,
                $$"""{"e":"trade","E":{{eventTime}},"s":"{{c[5]}}","t":{{id}},"p":"{{c[7]}}","q":"{{c[8]}}","T":{{time}},"m":{{(maker ? "true" : "false")}},"M":{{(bestMatch ? "true" : "false")}}}""");
            trades.Add(new CapturedTrade(json, id, c[7], c[8], time, maker, bestMatch));
        }
        return trades;
    }

    /// <summary>
    /// Writes the messages as live raw chunks of <paramref name="messagesPerChunk"/> messages each, every message
    /// written <paramref name="copies"/> times in a row (as <c>--ws-repeat-rate 1</c> would send it). Returns the keys.
    /// </summary>
    public static async Task<IReadOnlyList<string>> WriteLiveChunksAsync(
        IObjectStore store, string symbol, IReadOnlyList<CapturedTrade> messages, int messagesPerChunk = 1000, int copies = 1)
    {
        var keys = new List<string>();
        foreach (var chunk in messages.Chunk(messagesPerChunk))
        {
            var text = new StringBuilder();
            foreach (var message in chunk)
                for (var i = 0; i < copies; i++)
                    text.Append(message.Json).Append('\n');
            var key = RawZone.ChunkKey(symbol, RawSource.Live, new IdRange(chunk.Min(m => m.Id), chunk.Max(m => m.Id)), LiveChunkDecoder.Extension);
            await store.PutAsync(key, Encoding.UTF8.GetBytes(text.ToString()));
            keys.Add(key);
        }
        return keys;
    }
}

/// <summary>One trade message of a capture: the line written to the lake, and the values it carries (time in µs).</summary>
public sealed record CapturedTrade(string Json, long Id, string Price, string Qty, long TimeMicros, bool IsBuyerMaker, bool IsBestMatch);
