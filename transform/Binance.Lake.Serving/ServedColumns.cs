namespace Binance.Lake.Serving;

/// <summary>
/// The served table's columns, written once for both databases (DuckDB accepts PostgreSQL's type names): the lake's
/// data columns with the instrument, which the lake keeps in its log. Exact numeric(28,8) and µs timestamptz, as in
/// the lake; no trade_date column, since trade_time says it and a query filters on time.
/// </summary>
internal static class ServedColumns
{
    public const string Definitions = """
        instrument text NOT NULL,
        trade_id bigint NOT NULL,
        price numeric(28,8) NOT NULL,
        qty numeric(28,8) NOT NULL,
        quote_qty numeric(28,8) NOT NULL,
        trade_time timestamptz NOT NULL,
        is_buyer_maker boolean NOT NULL,
        is_best_match boolean NOT NULL,
        source text NOT NULL
        """;

    /// <summary>The same columns in the same order: what COPY and INSERT name.</summary>
    public const string Names = "instrument, trade_id, price, qty, quote_qty, trade_time, is_buyer_maker, is_best_match, source";
}
