using System.Text.Json;

namespace Binance.Lake.Extract.Rest;

/// <summary>Parses <c>/aggTrades</c> bodies: <c>[{"a":..,"p":"..","q":"..","f":..,"l":..,"T":..,"m":..,"M":..}]</c>.</summary>
public static class AggTradeParser
{
    public static IReadOnlyList<AggTrade> Parse(ReadOnlyMemory<byte> body) =>
        JsonFields.Guard(() => JsonFields.ReadArrayOfObjects(body.Span, "aggregate trades", ReadAggTrade));

    private static AggTrade ReadAggTrade(ref Utf8JsonReader reader)
    {
        long? a = null, f = null, l = null, t = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("a"u8)) a = JsonFields.ReadInt64(ref reader, "a");
            else if (reader.ValueTextEquals("f"u8)) f = JsonFields.ReadInt64(ref reader, "f");
            else if (reader.ValueTextEquals("l"u8)) l = JsonFields.ReadInt64(ref reader, "l");
            else if (reader.ValueTextEquals("T"u8)) t = JsonFields.ReadInt64(ref reader, "T");
            else JsonFields.SkipValue(ref reader);
        }
        if (a is null || f is null || l is null || t is null)
            throw new MalformedResponseException("an aggregate trade lacks a field (a, f, l, T)");
        return new AggTrade(a.Value, f.Value, l.Value, TimeUnits.ToMicros(t.Value));
    }
}
