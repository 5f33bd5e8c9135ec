using System.Globalization;
using System.Text;
using Binance.Lake.Core.Trades;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Binance.Lake.Tests.Core;

public sealed class DecimalTextTests
{
    // Mantissas of up to 28 digits: every decimal the parser must take exactly (it refuses longer ones).
    private static readonly Gen<decimal> NonNegative =
        from lo in Gen.Choose(int.MinValue, int.MaxValue)
        from mid in Gen.Choose(int.MinValue, int.MaxValue)
        from hi in Gen.Elements(0, 0, 1, 12345, 500_000_000)
        from scale in Gen.Choose(0, 28)
        select new decimal(lo, mid, hi, false, (byte)scale);

    [FsCheck.Xunit.Property(MaxTest = 500)]
    public Property Any_non_negative_decimal_text_parses_to_the_same_value_and_scale() =>
        Prop.ForAll(Arb.From(NonNegative), value =>
        {
            var text = value.ToString(CultureInfo.InvariantCulture);
            return DecimalText.TryParse(Encoding.ASCII.GetBytes(text), out var parsed)
                && parsed == value
                && parsed.Scale == value.Scale;
        });

    [Theory]
    [InlineData("87123.45000000")]
    [InlineData("0.00000001")]
    [InlineData("0")]
    [InlineData("000123")]
    [InlineData("5.")]
    [InlineData(".5")]
    [InlineData("99999999999999999999.99999999")]
    public void Binance_shapes_parse_like_the_framework(string text)
    {
        Assert.True(DecimalText.TryParse(Encoding.ASCII.GetBytes(text), out var value));
        Assert.Equal(decimal.Parse(text, CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("1.2.3")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("1e5")]
    [InlineData(" 1")]
    [InlineData("12a")]
    [InlineData("NaN")]
    [InlineData("99999999999999999999.123456789")]
    [InlineData("0.00000000000000000000000000001")]
    public void Anything_else_is_refused(string text) =>
        Assert.False(DecimalText.TryParse(Encoding.ASCII.GetBytes(text), out _));
}
