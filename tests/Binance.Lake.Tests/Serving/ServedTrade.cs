using Binance.Lake.Core.Lake;
using Binance.Lake.Transform.Trades;

namespace Binance.Lake.Tests.Serving;

/// <summary>A row as a serving database holds it, every column, time in µs since the epoch: what equality is checked on.</summary>
internal sealed record ServedTrade(string Instrument, long Id, decimal Price, decimal Qty, decimal QuoteQty, long Micros, bool BuyerMaker, bool BestMatch, string Source)
{
    public static ServedTrade Of(string instrument, TradeRow row) => new(instrument, row.Trade.Id, row.Trade.Price, row.Trade.Qty,
        row.Trade.QuoteQty, row.Trade.TimeMicros, row.Trade.IsBuyerMaker, row.Trade.IsBestMatch, row.Source.FolderName());
}
