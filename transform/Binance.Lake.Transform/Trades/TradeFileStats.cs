using Binance.Lake.Transform.Delta;

namespace Binance.Lake.Transform.Trades;

/// <summary>Per-file min/max/null counts for the log, so engines (Athena, Spark) can skip files by id or time.</summary>
internal static class TradeFileStats
{
    public static string Of(IReadOnlyList<TradeRow> rows)
    {
        var stats = new FileStats(rows.Count);
        if (rows.Count == 0)
            return stats.ToJson();
        // Rows are sorted by id, and time never decreases with id.
        var (first, last) = (rows[0].Trade, rows[^1].Trade);
        decimal minPrice = first.Price, maxPrice = first.Price, minQty = first.Qty, maxQty = first.Qty, minQuote = first.QuoteQty, maxQuote = first.QuoteQty;
        foreach (var (trade, _) in rows)
        {
            minPrice = Math.Min(minPrice, trade.Price);
            maxPrice = Math.Max(maxPrice, trade.Price);
            minQty = Math.Min(minQty, trade.Qty);
            maxQty = Math.Max(maxQty, trade.Qty);
            minQuote = Math.Min(minQuote, trade.QuoteQty);
            maxQuote = Math.Max(maxQuote, trade.QuoteQty);
        }
        return stats
            .Column("trade_id", first.Id, last.Id, 0)
            .Column("price", minPrice, maxPrice, 0)
            .Column("qty", minQty, maxQty, 0)
            .Column("quote_qty", minQuote, maxQuote, 0)
            .Column("trade_time", first.Time, last.Time, 0)
            .NullCount("is_buyer_maker", 0)
            .NullCount("is_best_match", 0)
            .NullCount("source", 0)
            .ToJson();
    }
}
