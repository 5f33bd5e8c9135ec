using System.Globalization;
using Binance.Lake.Simulator.History;

namespace Binance.Lake.Simulator.Replay;

/// <summary>
/// Reads the flattened stream CSV (header TimestampOfReceive,Stream,EventType,EventTime,
/// TransactionTime,Symbol,TradeId,Price,Quantity,IsBuyerMarketMaker,MUnknownParameter).
/// Columns are found by header name so reordered or extra columns still work.
/// </summary>
internal static class CsvCaptureParser
{
    public static bool LooksLikeHeader(string line) =>
        line.Contains("TradeId", StringComparison.Ordinal) && line.Contains(',');

    public static IEnumerable<CapturedTrade> Parse(TextReader reader)
    {
        string header = reader.ReadLine() ?? throw new InvalidDataException("Empty CSV capture.");
        var columns = header.Split(',').Select(c => c.Trim()).ToList();
        int Col(string name) => columns.IndexOf(name) is var i and >= 0
            ? i
            : throw new InvalidDataException($"CSV capture has no '{name}' column.");
        int time = Col("TransactionTime"), symbol = Col("Symbol"), id = Col("TradeId"),
            price = Col("Price"), qty = Col("Quantity"), maker = Col("IsBuyerMarketMaker");
        int bestMatch = columns.IndexOf("MUnknownParameter");
        int stream = columns.IndexOf("Stream");

        string? line;
        int lineNo = 1;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            if (line.Length == 0) continue;
            var f = line.Split(',');
            if (stream >= 0 && !f[stream].EndsWith("@trade", StringComparison.Ordinal)) continue;
            if (!long.TryParse(f[id], NumberStyles.None, CultureInfo.InvariantCulture, out long tradeId)
                || !long.TryParse(f[time], NumberStyles.None, CultureInfo.InvariantCulture, out long t)
                || !Decimal8.TryParse(f[price], out long priceE8)
                || !Decimal8.TryParse(f[qty], out long qtyE8))
                throw new InvalidDataException($"Line {lineNo}: malformed trade row.");
            yield return new CapturedTrade(
                f[symbol].ToUpperInvariant(), tradeId, TimeMagnitude.ToMicros(t), priceE8, qtyE8,
                ParseBool(f[maker], lineNo), bestMatch < 0 || ParseBool(f[bestMatch], lineNo));
        }
    }

    private static bool ParseBool(string s, int lineNo) => s.Trim() switch
    {
        "1" or "True" or "true" or "TRUE" => true,
        "0" or "False" or "false" or "FALSE" => false,
        _ => throw new InvalidDataException($"Line {lineNo}: '{s}' is not a boolean."),
    };
}
