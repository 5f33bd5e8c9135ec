using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Storage;
using Binance.Lake.Core.Trades;
using Binance.Lake.Extract.RawFormats;
using Binance.Lake.Tests.Support;

namespace Binance.Lake.Tests.Spark;

/// <summary>
/// A raw zone with every format and variant the decoders accept, from the real fixtures: REST bodies (ms and µs),
/// archive zips (Binance's headerless True/False CSV, and a header, lower-case, µs, CRLF variant with a repeated line),
/// live NDJSON (the BTCUSDT combined-stream capture with other streams and a repeat, TRXUSDT raw payloads in µs), the
/// same ids from REST and the archive, and a file that is not a chunk.
/// </summary>
internal static class RawZoneSamples
{
    private sealed record FixtureTrade(long Id, string Price, string Qty, string QuoteQty, long Time, bool IsBuyerMaker, bool IsBestMatch);

    public static async Task WriteAsync(IObjectStore store)
    {
        var ethbtc = EthbtcPage();
        var ids = new IdRange(ethbtc[0].Id, ethbtc[^1].Id);
        await store.PutAsync(RestKey("ETHBTC", ids), await File.ReadAllBytesAsync(RepositoryPaths.Fixture("binance/ethbtc_2023-03-20_trades.rest.json")));
        await store.PutAsync(ArchiveKey("ETHBTC", ids), Zip(ethbtc.Select(t => Csv(t, t.Time, "True", "False"))));

        // The same trades as REST serves them with microsecond times, and as an archive file from 2025 on does.
        var micros = ethbtc.Select(t => t with { Time = t.Time * 1000 + t.Id % 1000 }).ToList();
        await store.PutAsync(RestKey("XETHBTC", ids), JsonSerializer.SerializeToUtf8Bytes(micros.Select(t => new
        {
            id = t.Id, price = t.Price, qty = t.Qty, quoteQty = t.QuoteQty, time = t.Time, isBuyerMaker = t.IsBuyerMaker, isBestMatch = t.IsBestMatch,
        })));
        var lines = micros.Select(t => Csv(t, t.Time, "true", "false")).ToList();
        lines.Insert(10, lines[9]);
        await store.PutAsync(ArchiveKey("XETHBTC", ids), Zip(["id,price,qty,quote_qty,time,is_buyer_maker,is_best_match", .. lines], "\r\n"));

        await WriteBtcusdtLiveAsync(store);
        await RealCaptures.WriteLiveChunksAsync(store, "TRXUSDT", RealCaptures.CsvCaptureTrades(RealCaptures.TrxusdtCsv).Take(2500).ToList(), copies: 2);
        await store.PutAsync($"{RawZone.Root}/ETHBTC/rest/README.txt", "not a chunk"u8.ToArray());
    }

    public static string RestKey(string symbol, IdRange ids) => RawZone.ChunkKey(symbol, RawSource.Rest, ids, "json");

    public static string ArchiveKey(string symbol, IdRange ids) => RawZone.ChunkKey(symbol, RawSource.Archive, ids, ArchiveChunkDecoder.Extension);

    public static byte[] Zip(IEnumerable<string> lines, string newline = "\n", int entries = 1)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (var i = 0; i < entries; i++)
            {
                using var writer = new StreamWriter(zip.CreateEntry($"trades-{i}.csv").Open(), new UTF8Encoding(false));
                foreach (var line in lines)
                    writer.Write(line + newline);
            }
        }
        return output.ToArray();
    }

    // The combined-stream capture as received: depth, book ticker and other symbols' trades between BTCUSDT's, and
    // one trade message again at the end, out of order.
    private static async Task WriteBtcusdtLiveAsync(IObjectStore store)
    {
        var messages = RealCaptures.StreamCaptureMessages(RealCaptures.BtcusdtStream).Take(4000).ToList();
        var trades = messages.Where(m => m.StartsWith("{\"stream\":\"btcusdt@trade\"", StringComparison.Ordinal)).ToList();
        var tradeIds = trades.Select(m => JsonDocument.Parse(m).RootElement.GetProperty("data").GetProperty("t").GetInt64()).ToList();
        Assert.True(tradeIds.Count > 100, $"{tradeIds.Count} BTCUSDT trades in the slice");
        var key = RawZone.ChunkKey("BTCUSDT", RawSource.Live, new IdRange(tradeIds.Min(), tradeIds.Max()), LiveChunkDecoder.Extension);
        await store.PutAsync(key, Encoding.UTF8.GetBytes(string.Join("\n", [.. messages, trades[0]]) + "\n"));
    }

    private static string Csv(FixtureTrade t, long time, string yes, string no) => string.Join(',',
        t.Id.ToString(CultureInfo.InvariantCulture), t.Price, t.Qty, t.QuoteQty, time.ToString(CultureInfo.InvariantCulture),
        t.IsBuyerMaker ? yes : no, t.IsBestMatch ? yes : no);

    // The ETHBTC historicalTrades page with its decimal strings exactly as Binance sent them.
    private static List<FixtureTrade> EthbtcPage()
    {
        using var page = JsonDocument.Parse(File.ReadAllBytes(RepositoryPaths.Fixture("binance/ethbtc_2023-03-20_trades.rest.json")));
        return page.RootElement.EnumerateArray().Select(t => new FixtureTrade(
            t.GetProperty("id").GetInt64(), t.GetProperty("price").GetString()!, t.GetProperty("qty").GetString()!,
            t.GetProperty("quoteQty").GetString()!, t.GetProperty("time").GetInt64(),
            t.GetProperty("isBuyerMaker").GetBoolean(), t.GetProperty("isBestMatch").GetBoolean())).ToList();
    }
}
