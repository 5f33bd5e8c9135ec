using Binance.Lake.Core.Trades;
using Binance.Lake.Transform.Delta;
using Binance.Lake.Transform.Parquet;

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
        DecimalRange price = new(), qty = new(), quote = new();
        foreach (var (trade, _) in rows)
        {
            price.Add(trade.Price);
            qty.Add(trade.Qty);
            quote.Add(trade.QuoteQty);
        }
        return stats
            .Column("trade_id", first.Id, last.Id, 0)
            .Column("price", price.Min, price.Max, 0)
            .Column("qty", qty.Min, qty.Max, 0)
            .Column("quote_qty", quote.Min, quote.Max, 0)
            .Column("trade_time", first.Time, last.Time, 0)
            .NullCount("is_buyer_maker", 0)
            .NullCount("is_best_match", 0)
            .NullCount("source", 0)
            .ToJson();
    }

    /// <summary>
    /// The least and greatest of a column's values, compared as unscaled longs (which every real value is) since
    /// comparing decimals took most of a busy day's statistics. The values themselves are kept, so the log shows
    /// them as the trades had them.
    /// </summary>
    private struct DecimalRange()
    {
        private long _minKey, _maxKey;
        private bool _any, _wide;

        public decimal Min { get; private set; }
        public decimal Max { get; private set; }

        public void Add(decimal value)
        {
            if (!_any)
            {
                _any = true;
                (Min, Max) = (value, value);
                _wide = !DecimalEncoding.TryUnscaledSmall(value, TradesTableSchema.DecimalPrecision, TradesTableSchema.DecimalScale, out _minKey);
                _maxKey = _minKey;
                return;
            }
            if (_wide || !DecimalEncoding.TryUnscaledSmall(value, TradesTableSchema.DecimalPrecision, TradesTableSchema.DecimalScale, out var key))
            {
                // Past a long once scaled (or with digits past the scale, zeros or not): decimals from here on.
                _wide = true;
                Min = Math.Min(Min, value);
                Max = Math.Max(Max, value);
                return;
            }
            if (key < _minKey)
                (_minKey, Min) = (key, value);
            if (key > _maxKey)
                (_maxKey, Max) = (key, value);
        }
    }
}
