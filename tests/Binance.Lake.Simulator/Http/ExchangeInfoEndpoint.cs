using System.Text.Json;
using Binance.Lake.Simulator.History;

namespace Binance.Lake.Simulator.Http;

/// <summary>
/// The subset of exchangeInfo a market-data client reads: rate limits (so clients can size their
/// budget from the server, as they should on Binance) and per-symbol filters.
/// </summary>
internal sealed class ExchangeInfoEndpoint : IEndpoint
{
    public string Path => "/api/v3/exchangeInfo";
    public int Weight => 20;
    public bool FaultEligible => false;

    public EndpointResponse Handle(RequestContext c)
    {
        var symbols = SelectSymbols(c);
        var interval = c.Limiter.Interval;
        return new(JsonBody.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("timezone", "UTC");
            w.WriteNumber("serverTime", TimeUnits.FromMicros(c.NowMicros, c.Unit));
            w.WriteStartArray("rateLimits");
            WriteLimit(w, "REQUEST_WEIGHT", interval.Name, interval.Number, c.Limiter.AdvertisedLimit);
            // Reported for realism; not enforced, as the weight limit always binds first at these values.
            WriteLimit(w, "RAW_REQUESTS", "MINUTE", 5, 61_000);
            w.WriteEndArray();
            w.WriteStartArray("exchangeFilters");
            w.WriteEndArray();
            w.WriteStartArray("symbols");
            foreach (var h in symbols) WriteSymbol(w, h.Spec);
            w.WriteEndArray();
            w.WriteEndObject();
        }));
    }

    private static List<ITradeHistory> SelectSymbols(RequestContext c)
    {
        string? one = QueryParams.Single(c.Query, "symbol");
        string? many = QueryParams.Single(c.Query, "symbols");
        if (one is not null && many is not null) throw BinanceErrors.BadCombination();
        if (one is not null)
        {
            if (one.Length == 0) throw BinanceErrors.Empty("symbol");
            return [c.Catalog.TryGet(one, out var h) ? h : throw BinanceErrors.InvalidSymbol()];
        }
        if (many is not null)
        {
            string[]? names;
            try
            {
                names = JsonSerializer.Deserialize<string[]>(many);
            }
            catch (JsonException)
            {
                throw BinanceErrors.IllegalChars("symbols", "^\\[(\"[A-Z0-9-_.]{1,20}\"(,\"[A-Z0-9-_.]{1,20}\"){0,}){0,1}\\]$");
            }
            if (names is null || names.Length == 0) throw BinanceErrors.Empty("symbols");
            return names.Select(n => c.Catalog.TryGet(n, out var h) ? h : throw BinanceErrors.InvalidSymbol()).ToList();
        }
        return c.Catalog.All.ToList();
    }

    private static void WriteLimit(Utf8JsonWriter w, string type, string interval, int number, int limit)
    {
        w.WriteStartObject();
        w.WriteString("rateLimitType", type);
        w.WriteString("interval", interval);
        w.WriteNumber("intervalNum", number);
        w.WriteNumber("limit", limit);
        w.WriteEndObject();
    }

    private static void WriteSymbol(Utf8JsonWriter w, SymbolSpec s)
    {
        w.WriteStartObject();
        w.WriteString("symbol", s.Symbol);
        w.WriteString("status", "TRADING");
        w.WriteString("baseAsset", s.BaseAsset);
        w.WriteNumber("baseAssetPrecision", 8);
        w.WriteString("quoteAsset", s.QuoteAsset);
        w.WriteNumber("quotePrecision", 8);
        w.WriteNumber("quoteAssetPrecision", 8);
        w.WriteBoolean("isSpotTradingAllowed", true);
        w.WriteStartArray("filters");
        w.WriteStartObject();
        w.WriteString("filterType", "PRICE_FILTER");
        w.WriteString("minPrice", Decimal8.ToString(s.TickE8));
        w.WriteString("maxPrice", Decimal8.ToString(s.TickE8 * 100_000_000));
        w.WriteString("tickSize", Decimal8.ToString(s.TickE8));
        w.WriteEndObject();
        w.WriteStartObject();
        w.WriteString("filterType", "LOT_SIZE");
        w.WriteString("minQty", Decimal8.ToString(s.StepE8));
        w.WriteString("maxQty", Decimal8.ToString(s.StepE8 * 900_000_000));
        w.WriteString("stepSize", Decimal8.ToString(s.StepE8));
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
