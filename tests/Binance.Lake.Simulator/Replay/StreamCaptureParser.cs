using System.Text.Json;
using Binance.Lake.Simulator.History;

namespace Binance.Lake.Simulator.Replay;

/// <summary>
/// Reads "&lt;local receive ns&gt; &lt;combined-stream JSON&gt;" lines (the hftbacktest capture format).
/// Captures mix depth, bookTicker and trade streams; only &lt;sym&gt;@trade events are kept.
/// </summary>
internal static class StreamCaptureParser
{
    public static IEnumerable<CapturedTrade> Parse(TextReader reader)
    {
        string? line;
        int lineNo = 0;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            // Cheap pre-filter: most lines are depth updates and parsing them would dominate load time.
            if (!line.Contains("\"trade\"", StringComparison.Ordinal)) continue;
            int brace = line.IndexOf('{');
            if (brace < 0) continue;
            CapturedTrade? trade;
            try
            {
                trade = ParseMessage(line.AsSpan(brace));
            }
            catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
            {
                throw new InvalidDataException($"Line {lineNo}: malformed trade message ({e.Message}).", e);
            }
            if (trade is { } t) yield return t;
        }
    }

    private static CapturedTrade? ParseMessage(ReadOnlySpan<char> json)
    {
        using var doc = JsonDocument.Parse(json.ToString());
        var root = doc.RootElement;
        var data = root;
        if (root.TryGetProperty("stream", out var stream))
        {
            if (!(stream.GetString() ?? "").EndsWith("@trade", StringComparison.Ordinal)) return null;
            data = root.GetProperty("data");
        }
        if (!data.TryGetProperty("e", out var e) || e.GetString() != "trade") return null;

        string price = data.GetProperty("p").GetString() ?? "";
        string qty = data.GetProperty("q").GetString() ?? "";
        if (!Decimal8.TryParse(price, out long priceE8) || !Decimal8.TryParse(qty, out long qtyE8))
            throw new FormatException($"price '{price}' or qty '{qty}' is not a decimal with at most 8 places");
        return new CapturedTrade(
            Symbol: data.GetProperty("s").GetString() ?? "",
            Id: data.GetProperty("t").GetInt64(),
            TimeMicros: TimeMagnitude.ToMicros(data.GetProperty("T").GetInt64()),
            PriceE8: priceE8,
            QtyE8: qtyE8,
            IsBuyerMaker: data.GetProperty("m").GetBoolean(),
            IsBestMatch: !data.TryGetProperty("M", out var m) || m.GetBoolean());
    }
}
