using Binance.Lake.Transform.Delta;

namespace Binance.Lake.Tests.Delta;

public sealed class PartitionPathTests
{
    [Fact]
    public void Directory_is_hive_style_with_sparks_escaping_and_the_default_partition_for_null()
    {
        Assert.Equal("trade_year=2024/trade_month=8", PartitionPath.Directory([("trade_year", "2024"), ("trade_month", "8")]));
        Assert.Equal("x=A%2FA/y=B B/z=__HIVE_DEFAULT_PARTITION__/w=__HIVE_DEFAULT_PARTITION__",
            PartitionPath.Directory([("x", "A/A"), ("y", "B B"), ("z", null), ("w", "")]));
        // The values of the real fixtures, as Spark named their folders.
        Assert.Equal("letter=%2F%2520%25f", PartitionPath.Directory([("letter", "/%20%f")]));
        Assert.Equal("as_timestamp=2021-09-08 11%3A11%3A11", PartitionPath.Directory([("as_timestamp", "2021-09-08 11:11:11")]));
        Assert.Equal("_2=bar+%2521", PartitionPath.Directory([("_2", "bar+%21")]));
        Assert.Equal("data=😈", PartitionPath.Directory([("data", "😈")]));
    }

    [Fact]
    public void Add_path_encodes_each_segment_once_like_spark()
    {
        Assert.Equal("letter=%252F%252520%2525f/date=1970-01-01/part-0.parquet", PartitionPath.AddPath("letter=%2F%2520%25f/date=1970-01-01/part-0.parquet"));
        Assert.Equal("as_timestamp=2021-09-08%2011%253A11%253A11/a.parquet", PartitionPath.AddPath("as_timestamp=2021-09-08 11%3A11%3A11/a.parquet"));
        Assert.Equal("x=B%2520B/p.parquet", PartitionPath.AddPath("x=B%20B/p.parquet"));
        Assert.Equal("trade_year=2024/trade_month=8/part-00000-0a1b.zstd.parquet", PartitionPath.AddPath("trade_year=2024/trade_month=8/part-00000-0a1b.zstd.parquet"));
        Assert.Throws<ArgumentException>(() => PartitionPath.AddPath("/absolute/file.parquet"));
    }

    [Theory]
    [InlineData("A/A")]
    [InlineData("B B")]
    [InlineData("/%20%f")]
    [InlineData("bar+%21")]
    [InlineData("2021-09-08 11:11:11")]
    [InlineData("😈 é \"#'*:=?\\{[]^")]
    [InlineData("null")]
    public void Decode_of_add_path_reaches_the_directory_and_hive_unescape_gives_the_value_back(string value)
    {
        var directory = PartitionPath.Directory([("p", value)]);
        var addPath = PartitionPath.AddPath(directory + "/f.parquet");

        Assert.Equal(directory + "/f.parquet", PartitionPath.Decode(addPath));
        Assert.Equal("p=" + value, PartitionPath.UnescapePathName(directory));
    }

    [Fact]
    public void Decode_keeps_a_plus_sign()
    {
        Assert.Equal("_2=bar+%21/f", PartitionPath.Decode("_2=bar+%2521/f"));
    }
}
