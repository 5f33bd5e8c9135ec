using System.Text;
using Binance.Lake.Extract.RawFormats;
using FsCheck;
using FsCheck.Fluent;

namespace Binance.Lake.Tests.Archive;

/// <summary>The one-pass parse of the usual line must agree with the general one on every line, odd or not.</summary>
public sealed class ArchiveTradeLineTests
{
    // Well-formed values and near misses of each field, so that the generated lines are often exactly right.
    private static readonly string[] Tokens =
    [
        "0", "7", "348656870", "9223372036854775807", "99999999999999999999", "-5", "+5", "", " 1", "1 ", "01",
        "0.1", "87123.45678901", "1.50000000", ".5", "5.", ".", "1.2.3", "0.000000001", "123456789012345678901234567890", "1e5",
        "1735689600000", "1735689600000000", "True", "False", "true", "false", "TRUE", "Yes",
    ];

    private static readonly Gen<string> Lines =
        from count in Gen.Choose(5, 8)
        from fields in Gen.Elements(Tokens).ArrayOf(count)
        from ending in Gen.Elements("", ",", "\r")
        select string.Join(',', fields) + ending;

    // Usually right, and wrong in one place at a time: an id, three decimals, a time, two booleans, and what follows.
    private static readonly Gen<string> UsualLines =
        from id in Gen.Elements("0", "7", "348656870", "", "-5", "1234567890123456789", "9999999999999999999")
        from decimals in Gen.Elements("0.1", "87123.45678901", "1.50000000", "5", "0.00000001", "", "1.2.3").ArrayOf(3)
        from time in Gen.Elements("1735689600000", "1735689600000000", "")
        from flags in Gen.Elements("True", "False", "true", "false", "", "TRUE").ArrayOf(2)
        from ending in Gen.Elements("", "", "", ",", ",True", "\r")
        select $"{id},{string.Join(',', decimals)},{time},{flags[0]},{flags[1]}{ending}";

    [FsCheck.Xunit.Property(MaxTest = 2000)]
    public Property Any_line_gives_what_splitting_it_gives() =>
        Prop.ForAll(Arb.From(Gen.OneOf(Lines, UsualLines)), line =>
        {
            var bytes = Encoding.ASCII.GetBytes(line);
            var fast = ArchiveTradeLine.Parse(bytes, out var fastError);
            var split = ArchiveTradeLine.ParseBySplitting(bytes, out var splitError);
            return (fast == split && fastError == splitError).Label($"{line}: {fast} / {split}, {fastError} / {splitError}");
        });
}
