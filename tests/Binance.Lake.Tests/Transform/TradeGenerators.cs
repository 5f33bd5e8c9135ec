using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Trades;
using Binance.Lake.Transform.Trades;
using FsCheck;
using FsCheck.Fluent;

namespace Binance.Lake.Tests.Transform;

/// <summary>Random trades for property tests of the data files and what reads them.</summary>
internal static class TradeGenerators
{
    public const decimal Largest = 99_999_999_999_999_999_999.99999999m;

    // Up to 20 digits before the point and 8 after it, signs included: decimal(28,8) values.
    public static readonly Gen<decimal> Decimals =
        from high in Gen.Choose(0, 99_999_999)
        from middle in Gen.Choose(0, int.MaxValue)
        from low in Gen.Choose(0, int.MaxValue)
        from places in Gen.Choose(0, 8)
        from digits in Gen.Choose(1, 20 + places)
        from negative in Gen.Elements(false, false, false, true)
        let unscaled = (high * 10_000_000_000_000_000_000m + middle * 4_294_967_296m + low) % Power(digits)
        let value = unscaled / Power(places)
        select negative ? -value : value;

    /// <summary>Times from the year 1 to 9999 in µs, negative ones included, each microsecond digit random.</summary>
    public static readonly Gen<long> Micros =
        from seconds in Gen.Choose(-62_135_596, 253_402_299).Select(s => s * 1_000L)
        from within in Gen.Choose(0, 999_999_999)
        select seconds * 1_000_000 + within;

    /// <summary>A data file's rows: ascending ids, any decimals, flags and sources, times from <paramref name="times"/>.</summary>
    public static Gen<TradeRow[]> Files(Gen<long> times) =>
        from first in Gen.Choose(0, int.MaxValue)
        from count in Gen.Choose(1, 300)
        from prices in Decimals.ArrayOf(count)
        from qtys in Decimals.ArrayOf(count)
        from quotes in Decimals.ArrayOf(count)
        from flags in Gen.Choose(0, 3).ArrayOf(count)
        from source in Gen.Elements(Enum.GetValues<RawSource>()).ArrayOf(count)
        from micros in times.ArrayOf(count)
        select Enumerable.Range(0, count).Select(i => new TradeRow(
            new Trade(first + (long)i, prices[i], qtys[i], quotes[i], micros[i], (flags[i] & 1) != 0, (flags[i] & 2) != 0),
            source[i])).ToArray();

    /// <summary>Times a few ms apart from a random start, as a day's trades are.</summary>
    public static readonly Gen<TradeRow[]> OrderedFiles =
        from start in Gen.Choose(0, 2_000_000_000)
        from rows in Files(Gen.Choose(0, 7_000).Select(offset => start * 1000L + offset))
        select rows;

    public static decimal Power(int exponent) => Enumerable.Repeat(10m, exponent).Aggregate(1m, (a, b) => a * b);
}
