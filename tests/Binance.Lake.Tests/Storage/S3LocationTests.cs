using Binance.Lake.Core.Storage;

namespace Binance.Lake.Tests.Storage;

public sealed class S3LocationTests
{
    [Theory]
    [InlineData("s3://lake", "lake", "")]
    [InlineData("s3://lake/", "lake", "")]
    [InlineData("s3://my.lake-1/prod", "my.lake-1", "prod")]
    [InlineData("s3://lake/a/b/", "lake", "a/b")]
    [InlineData("S3://lake/a=1/b%20c", "lake", "a=1/b%20c")]
    public void Parse_splits_bucket_and_prefix(string uri, string bucket, string prefix)
    {
        var location = S3Location.Parse(uri);

        Assert.Equal(bucket, location.Bucket);
        Assert.Equal(prefix, location.Prefix);
    }

    [Theory]
    [InlineData("s3://")]
    [InlineData("s3:///prefix")]
    [InlineData("s3://Lake/x")]
    [InlineData("s3://la")]
    [InlineData("s3://lake_1")]
    [InlineData("s3://lake/a/../b")]
    [InlineData("s3://lake/a//b")]
    [InlineData("s3://lake/a\\b")]
    [InlineData("s3://lake/a?x=1")]
    [InlineData("http://lake/a")]
    [InlineData("lake/a")]
    public void Parse_rejects_bad_uris_with_a_message_naming_them(string uri)
    {
        var e = Assert.Throws<ArgumentException>(() => S3Location.Parse(uri));

        Assert.Contains(uri, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_map_under_the_prefix_and_back()
    {
        var location = S3Location.Parse("s3://lake/prod");

        Assert.Equal("prod/a/b", location.ObjectKeyOf("a/b"));
        Assert.Equal("a/b", location.LakeKeyOf("prod/a/b"));
        Assert.Equal("prod/", location.ListPrefixOf(""));
        Assert.Equal("s3://lake/prod", location.ToString());
    }

    [Fact]
    public void A_bucket_root_location_maps_keys_unchanged()
    {
        var location = S3Location.Parse("s3://lake");

        Assert.Equal("a/b", location.ObjectKeyOf("a/b"));
        Assert.Equal("", location.ListPrefixOf(""));
        Assert.Equal("s3://lake", location.ToString());
    }
}
