using System.Text.Json;
using Binance.Lake.Simulator.History;

namespace Binance.Lake.Simulator.Http;

/// <summary>
/// Trade and aggTrade arrays in Binance's field order. Decimals are written straight from the
/// fixed-point values into a stack buffer, which keeps a 1000-trade page well under a millisecond.
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

    public static byte[] Trades(IReadOnlyList<Trade> trades, TimeUnit unit) => JsonBody.Write(w =>
    {
        Span<byte> buf = stackalloc byte[32];
        w.WriteStartArray();
        foreach (var t in trades)
        {
            w.WriteStartObject();
            w.WriteNumber(Id, t.Id);
            w.WriteString(Price, buf[..Decimal8.Format(t.PriceE8, buf)]);
            w.WriteString(Qty, buf[..Decimal8.Format(t.QtyE8, buf)]);
            w.WriteString(QuoteQty, buf[..Decimal8.Format(t.QuoteQtyE8, buf)]);
            w.WriteNumber(Time, TimeUnits.FromMicros(t.TimeMicros, unit));
            w.WriteBoolean(IsBuyerMaker, t.IsBuyerMaker);
            w.WriteBoolean(IsBestMatch, t.IsBestMatch);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }, 64 + trades.Count * 150);

    public static byte[] AggTrades(IReadOnlyList<AggTrade> aggs, TimeUnit unit) => JsonBody.Write(w =>
    {
        Span<byte> buf = stackalloc byte[32];
        w.WriteStartArray();
        foreach (var a in aggs)
        {
            w.WriteStartObject();
            w.WriteNumber(A, a.AggId);
            w.WriteString(P, buf[..Decimal8.Format(a.PriceE8, buf)]);
            w.WriteString(Q, buf[..Decimal8.Format(a.QtyE8, buf)]);
            w.WriteNumber(F, a.FirstTradeId);
            w.WriteNumber(L, a.LastTradeId);
            w.WriteNumber(T, TimeUnits.FromMicros(a.TimeMicros, unit));
            w.WriteBoolean(M, a.IsBuyerMaker);
            w.WriteBoolean(BestMatch, a.IsBestMatch);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }, 64 + aggs.Count * 120);
}
