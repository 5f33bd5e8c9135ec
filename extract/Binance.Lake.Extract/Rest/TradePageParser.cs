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
        var trades = JsonFields.ReadArrayOfObjects(body, "trades", ReadTrade);
        for (var i = 1; i < trades.Count; i++)
            if (trades[i].Id != trades[i - 1].Id + 1)
                throw new MalformedResponseException($"trade ids are not contiguous: {trades[i - 1].Id} is followed by {trades[i].Id}");
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
            else JsonFields.SkipValue(ref reader);
        }
        if (id is null || price is null || qty is null || quoteQty is null || time is null || isBuyerMaker is null || isBestMatch is null)
            throw new MalformedResponseException($"trade {id?.ToString() ?? "?"} lacks a field (id, price, qty, quoteQty, time, isBuyerMaker, isBestMatch)");
        return new Trade(id.Value, price.Value, qty.Value, quoteQty.Value, TimeUnits.ToMicros(time.Value), isBuyerMaker.Value, isBestMatch.Value);
    }
}
