namespace Binance.Lake.Transform.Parquet;

/// <summary>Parquet physical types this project writes (values are the format's enum numbers).</summary>
internal enum PhysicalType
{
    Boolean = 0,
    Int64 = 2,
    ByteArray = 6,
    FixedLenByteArray = 7,
}

/// <summary>How readers should interpret a column's physical values.</summary>
internal enum ColumnMeaning
{
    Plain,
    String,
    Decimal,
    TimestampMicrosUtc,
}

/// <summary>
/// One required, top-level column of a data file this project writes. Nothing nested and nothing nullable:
/// the curated table has neither, so pages carry no repetition or definition levels.
/// </summary>
internal sealed record ParquetColumn(string Name, PhysicalType Type, ColumnMeaning Meaning, int Precision = 0, int Scale = 0)
{
    public static ParquetColumn Int64(string name) => new(name, PhysicalType.Int64, ColumnMeaning.Plain);

    public static ParquetColumn Boolean(string name) => new(name, PhysicalType.Boolean, ColumnMeaning.Plain);

    public static ParquetColumn String(string name) => new(name, PhysicalType.ByteArray, ColumnMeaning.String);

    public static ParquetColumn TimestampMicrosUtc(string name) => new(name, PhysicalType.Int64, ColumnMeaning.TimestampMicrosUtc);

    public static ParquetColumn Decimal(string name, int precision, int scale) =>
        new(name, PhysicalType.FixedLenByteArray, ColumnMeaning.Decimal, precision, scale);

    /// <summary>Bytes of a fixed-length decimal: the fewest whose signed range holds every <see cref="Precision"/>-digit value.</summary>
    public int TypeLength => Type == PhysicalType.FixedLenByteArray ? DecimalEncoding.BytesFor(Precision) : 0;
}
