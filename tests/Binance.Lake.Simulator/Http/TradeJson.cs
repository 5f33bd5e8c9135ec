using System.Text.Json;
using Binance.Lake.Simulator.History;

namespace Binance.Lake.Simulator.Http;

/// <summary>
/// Trade and aggTrade arrays and the trade stream's event, in Binance's field order. Decimals are
/// written straight from the fixed-point values into a stack buffer, which keeps a 1000-trade page
/// well under a millisecond. REST and websockets share these writers, so the same trade id always
/// carries the same strings on both.
/// </summary>
internal static class TradeJson
{
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText Price = JsonEncodedText.Encode("price");
    private static readonly JsonEncodedText Qty = JsonEncodedText.Encode("qty");
    private static readonly JsonEncodedText QuoteQty = JsonEncodedText.Encode("quoteQty");
    private static readonly JsonEncodedText Time = JsonEncodedText.Encode("time");
    private static readonly JsonEncodedText IsBuyerMaker = JsonEncodedText.Encode("isBuyerMaker");
    private static readonly JsonEncodedText IsBestMatch = JsonEncodedText.Encode("isBestMatch");

    private static readonly JsonEncodedText A = JsonEncodedText.Encode("a");
    private static readonly JsonEncodedText P = JsonEncodedText.Encode("p");
    private static readonly JsonEncodedText Q = JsonEncodedText.Encode("q");
    private static readonly JsonEncodedText F = JsonEncodedText.Encode("f");
    private static readonly JsonEncodedText L = JsonEncodedText.Encode("l");
    private static readonly JsonEncodedText T = JsonEncodedText.Encode("T");
    private static readonly JsonEncodedText M = JsonEncodedText.Encode("m");
    private static readonly JsonEncodedText BestMatch = JsonEncodedText.Encode("M");

    private static readonly JsonEncodedText EventType = JsonEncodedText.Encode("e");
    private static readonly JsonEncodedText EventTime = JsonEncodedText.Encode("E");
    private static readonly JsonEncodedText Symbol = JsonEncodedText.Encode("s");
    private static readonly JsonEncodedText TradeId = JsonEncodedText.Encode("t");
    private static readonly JsonEncodedText TradeEvent = JsonEncodedText.Encode("trade");

    public static byte[] Trades(IReadOnlyList<Trade> trades, TimeUnit unit) => JsonBody.Write(w =>
    {
        w.WriteStartArray();
        foreach (var t in trades)
        {
            w.WriteStartObject();
            w.WriteNumber(Id, t.Id);
            WriteDecimal8(w, Price, t.PriceE8);
            WriteDecimal8(w, Qty, t.QtyE8);
            WriteDecimal8(w, QuoteQty, t.QuoteQtyE8);
            w.WriteNumber(Time, TimeUnits.FromMicros(t.TimeMicros, unit));
            w.WriteBoolean(IsBuyerMaker, t.IsBuyerMaker);
            w.WriteBoolean(IsBestMatch, t.IsBestMatch);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }, 64 + trades.Count * 150);

    public static byte[] AggTrades(IReadOnlyList<AggTrade> aggs, TimeUnit unit) => JsonBody.Write(w =>
    {
        w.WriteStartArray();
        foreach (var a in aggs)
        {
            w.WriteStartObject();
            w.WriteNumber(A, a.AggId);
            WriteDecimal8(w, P, a.PriceE8);
            WriteDecimal8(w, Q, a.QtyE8);
            w.WriteNumber(F, a.FirstTradeId);
            w.WriteNumber(L, a.LastTradeId);
            w.WriteNumber(T, TimeUnits.FromMicros(a.TimeMicros, unit));
            w.WriteBoolean(M, a.IsBuyerMaker);
            w.WriteBoolean(BestMatch, a.IsBestMatch);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }, 64 + aggs.Count * 120);

    /// <summary>
    /// The &lt;symbol&gt;@trade event object {e,E,s,t,p,q,T,m,M}. <paramref name="symbol"/> is the
    /// uppercase symbol, encoded once per subscription rather than per message.
    /// </summary>
    public static void WriteTradeEvent(Utf8JsonWriter w, in Trade t, JsonEncodedText symbol, long eventMicros, TimeUnit unit)
    {
        w.WriteStartObject();
        w.WriteString(EventType, TradeEvent);
        w.WriteNumber(EventTime, TimeUnits.FromMicros(eventMicros, unit));
        w.WriteString(Symbol, symbol);
        w.WriteNumber(TradeId, t.Id);
        WriteDecimal8(w, P, t.PriceE8);
        WriteDecimal8(w, Q, t.QtyE8);
        w.WriteNumber(T, TimeUnits.FromMicros(t.TimeMicros, unit));
        w.WriteBoolean(M, t.IsBuyerMaker);
        w.WriteBoolean(BestMatch, t.IsBestMatch);
        w.WriteEndObject();
    }

    private static void WriteDecimal8(Utf8JsonWriter w, JsonEncodedText name, long e8)
    {
        Span<byte> buf = stackalloc byte[32];
        w.WriteString(name, buf[..Decimal8.Format(e8, buf)]);
    }
}
