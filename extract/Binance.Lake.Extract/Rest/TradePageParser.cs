using System.Text.Json;
using Binance.Lake.Core.Trades;

namespace Binance.Lake.Extract.Rest;

/// <summary>
/// Parses <c>/trades</c> and <c>/historicalTrades</c> bodies. Every field must be present; ids must be
/// contiguous and ascending, since spot trade ids always are: anything else is a damaged response.
/// </summary>
public static class TradePageParser
{
    public static TradePage Parse(ReadOnlyMemory<byte> body) =>
        JsonFields.Guard(() => new TradePage(body, ReadTrades(body.Span)));

    private static List<Trade> ReadTrades(ReadOnlySpan<byte> body)
    {
        var reader = JsonFields.Open(body);
        JsonFields.Expect(ref reader, JsonTokenType.StartArray, "an array of trades");
        var trades = new List<Trade>();
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            var trade = ReadTrade(ref reader);
            if (trades.Count > 0 && trade.Id != trades[^1].Id + 1)
                throw new MalformedResponseException($"trade ids are not contiguous: {trades[^1].Id} is followed by {trade.Id}");
            trades.Add(trade);
        }
        if (reader.TokenType != JsonTokenType.EndArray)
            throw new MalformedResponseException("the array of trades is not closed");
        if (reader.Read())
            throw new MalformedResponseException("data after the array of trades");
        return trades;
    }

    private static Trade ReadTrade(ref Utf8JsonReader reader)
    {
        long? id = null, time = null;
        decimal? price = null, qty = null, quoteQty = null;
        bool? isBuyerMaker = null, isBestMatch = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8)) id = JsonFields.ReadInt64(ref reader, "id");
            else if (reader.ValueTextEquals("price"u8)) price = JsonFields.ReadDecimalString(ref reader, "price");
            else if (reader.ValueTextEquals("qty"u8)) qty = JsonFields.ReadDecimalString(ref reader, "qty");
            else if (reader.ValueTextEquals("quoteQty"u8)) quoteQty = JsonFields.ReadDecimalString(ref reader, "quoteQty");
            else if (reader.ValueTextEquals("time"u8)) time = JsonFields.ReadInt64(ref reader, "time");
            else if (reader.ValueTextEquals("isBuyerMaker"u8)) isBuyerMaker = JsonFields.ReadBoolean(ref reader, "isBuyerMaker");
            else if (reader.ValueTextEquals("isBestMatch"u8)) isBestMatch = JsonFields.ReadBoolean(ref reader, "isBestMatch");
            else
            {
                // Binance adds fields over time; an unknown one is not damage.
                reader.Read();
                reader.Skip();
            }
        }
        if (reader.TokenType != JsonTokenType.EndObject)
            throw new MalformedResponseException("a trade object is not closed");
        if (id is null || price is null || qty is null || quoteQty is null || time is null || isBuyerMaker is null || isBestMatch is null)
            throw new MalformedResponseException($"trade {id?.ToString() ?? "?"} lacks a field (id, price, qty, quoteQty, time, isBuyerMaker, isBestMatch)");
        return new Trade(id.Value, price.Value, qty.Value, quoteQty.Value, TimeUnits.ToMicros(time.Value), isBuyerMaker.Value, isBestMatch.Value);
    }
}
