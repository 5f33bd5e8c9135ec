using System.Globalization;
using Binance.Lake.Simulator.History;
using Microsoft.AspNetCore.Http;

namespace Binance.Lake.Simulator.Http;

/// <summary>Parameter parsing with Binance's validation errors.</summary>
internal static class QueryParams
{
    public const int DefaultLimit = 500;
    public const int MaxLimit = 1000;

    public static ITradeHistory Symbol(RequestContext c)
    {
        string? symbol = Single(c.Query, "symbol");
        if (string.IsNullOrEmpty(symbol)) throw BinanceErrors.Mandatory("symbol");
        return c.Catalog.TryGet(symbol, out var history) ? history : throw BinanceErrors.InvalidSymbol();
    }

    /// <summary>
    /// Spot silently caps limit at 1000 (observed: ccxt/ccxt#19247 requested 99999999 and got 1000 rows);
    /// 0 is rejected with -1130 like Binance's "Data sent for parameter 'limit' is not valid."
    /// </summary>
    public static int Limit(IQueryCollection query)
    {
        long? limit = OptionalNumber(query, "limit");
        if (limit is null) return DefaultLimit;
        if (limit < 1) throw BinanceErrors.InvalidData("limit");
        return (int)Math.Min(limit.Value, MaxLimit);
    }

    /// <summary>A non-negative integer parameter, or null when absent; signs and decimals are illegal characters.</summary>
    public static long? OptionalNumber(IQueryCollection query, string name)
    {
        string? raw = Single(query, name);
        if (raw is null) return null;
        if (raw.Length == 0) throw BinanceErrors.Empty(name);
        if (raw.Length > 20 || !raw.All(char.IsAsciiDigit)
            || !long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out long value))
            throw BinanceErrors.IllegalChars(name, BinanceErrors.DigitsRange);
        return value;
    }

    public static string? Single(IQueryCollection query, string name)
    {
        if (!query.TryGetValue(name, out var values)) return null;
        if (values.Count > 1) throw BinanceErrors.Duplicate(name);
        return values[0] ?? "";
    }
}
