using Binance.Lake.Transform.Parquet;
using Parquet.Schema;

namespace Binance.Lake.Transform.Trades;

/// <summary>
/// The curated table's columns. Decimals are (28, 8): Binance sends at most 8 decimals, and 20 integer
/// digits hold any price, quantity or quote quantity it trades (IDR-quoted BTC, 10^10-unit meme coins).
/// Times are microseconds, UTC. Partition columns live in the Delta log, not in the data files.
/// </summary>
public static class TradesTableSchema
{
    public const int DecimalPrecision = 28;
    public const int DecimalScale = 8;

    public static readonly string[] PartitionColumns = ["trade_year", "trade_month", "trade_day", "instrument"];

    public static readonly DataField TradeId = new DataField<long>("trade_id");
    public static readonly DecimalDataField Price = new("price", DecimalPrecision, DecimalScale, isNullable: false);
    public static readonly DecimalDataField Qty = new("qty", DecimalPrecision, DecimalScale, isNullable: false);
    public static readonly DecimalDataField QuoteQty = new("quote_qty", DecimalPrecision, DecimalScale, isNullable: false);
    public static readonly DateTimeDataField TradeTime = new("trade_time", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: false);
    public static readonly DataField IsBuyerMaker = new DataField<bool>("is_buyer_maker");
    public static readonly DataField IsBestMatch = new DataField<bool>("is_best_match");
    public static readonly DataField Source = new DataField<string>("source", nullable: false);

    /// <summary>The data file's columns as Parquet.Net reads them.</summary>
    public static readonly ParquetSchema DataFile = new(TradeId, Price, Qty, QuoteQty, TradeTime, IsBuyerMaker, IsBestMatch, Source);

    /// <summary>The same columns, in the same order, as <see cref="TradeFileWriter"/> writes them.</summary>
    internal static readonly ParquetColumn[] WrittenColumns =
    [
        ParquetColumn.Int64(TradeId.Name),
        ParquetColumn.Decimal(Price.Name, DecimalPrecision, DecimalScale),
        ParquetColumn.Decimal(Qty.Name, DecimalPrecision, DecimalScale),
        ParquetColumn.Decimal(QuoteQty.Name, DecimalPrecision, DecimalScale),
        ParquetColumn.TimestampMicrosUtc(TradeTime.Name),
        ParquetColumn.Boolean(IsBuyerMaker.Name),
        ParquetColumn.Boolean(IsBestMatch.Name),
        ParquetColumn.String(Source.Name),
    ];

    /// <summary>The Delta schemaString: data columns, then the partition columns (Spark puts them in the schema too).</summary>
    public const string SparkSchemaJson = """
        {"type":"struct","fields":[
        {"name":"trade_id","type":"long","nullable":false,"metadata":{}},
        {"name":"price","type":"decimal(28,8)","nullable":false,"metadata":{}},
        {"name":"qty","type":"decimal(28,8)","nullable":false,"metadata":{}},
        {"name":"quote_qty","type":"decimal(28,8)","nullable":false,"metadata":{}},
        {"name":"trade_time","type":"timestamp","nullable":false,"metadata":{}},
        {"name":"is_buyer_maker","type":"boolean","nullable":false,"metadata":{}},
        {"name":"is_best_match","type":"boolean","nullable":false,"metadata":{}},
        {"name":"source","type":"string","nullable":false,"metadata":{}},
        {"name":"trade_year","type":"integer","nullable":false,"metadata":{}},
        {"name":"trade_month","type":"integer","nullable":false,"metadata":{}},
        {"name":"trade_day","type":"integer","nullable":false,"metadata":{}},
        {"name":"instrument","type":"string","nullable":false,"metadata":{}}]}
        """;
}
