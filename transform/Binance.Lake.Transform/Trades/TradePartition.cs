using System.Globalization;
using Binance.Lake.Transform.Delta;

namespace Binance.Lake.Transform.Trades;

/// <summary>One partition of the curated table: an instrument on a UTC day.</summary>
public readonly record struct TradePartition(string Instrument, DateOnly Day) : IComparable<TradePartition>
{
    public const long MicrosPerDay = 86_400_000_000L;

    public static TradePartition Of(string instrument, long timeMicros) =>
        new(instrument, DateOnly.FromDateTime(DateTime.UnixEpoch.AddTicks(timeMicros * 10)));

    /// <summary>The day's first microsecond since the Unix epoch (UTC midnight).</summary>
    public long StartMicros => (Day.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber) * MicrosPerDay;

    /// <summary>The partition values as the log writes them: ints without padding, the instrument as is.</summary>
    public IReadOnlyDictionary<string, string?> Values => new Dictionary<string, string?>
    {
        ["trade_year"] = Day.Year.ToString(CultureInfo.InvariantCulture),
        ["trade_month"] = Day.Month.ToString(CultureInfo.InvariantCulture),
        ["trade_day"] = Day.Day.ToString(CultureInfo.InvariantCulture),
        ["instrument"] = Instrument,
    };

    /// <summary>The partition of a data file, read from the log (never from its directory name).</summary>
    public static TradePartition? From(AddFile file)
    {
        var values = file.PartitionValues;
        if (values.GetValueOrDefault("instrument") is not { } instrument
            || !int.TryParse(values.GetValueOrDefault("trade_year"), CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(values.GetValueOrDefault("trade_month"), CultureInfo.InvariantCulture, out var month)
            || !int.TryParse(values.GetValueOrDefault("trade_day"), CultureInfo.InvariantCulture, out var day))
            return null;
        return new TradePartition(instrument, new DateOnly(year, month, day));
    }

    /// <summary>A new, unique data file path for this partition, as the log's add.path.</summary>
    public string NewFilePath()
    {
        var values = Values;
        return PartitionPath.AddPath(
            PartitionPath.Directory([.. TradesTableSchema.PartitionColumns.Select(c => (c, values[c]))])
            + $"/part-{Guid.NewGuid():N}.snappy.parquet");
    }

    /// <summary>Whether this partition is in the selection a command was given (null: no limit).</summary>
    public bool IsWithin(string? instrument, DateOnly? from, DateOnly? to) =>
        (instrument is null || Instrument == instrument) && (from is null || Day >= from) && (to is null || Day <= to);

    public int CompareTo(TradePartition other)
    {
        var byInstrument = string.CompareOrdinal(Instrument, other.Instrument);
        return byInstrument != 0 ? byInstrument : Day.CompareTo(other.Day);
    }

    public override string ToString() => $"{Instrument} {Day:yyyy-MM-dd}";
}
