using Binance.Lake.Core.Storage;

namespace Binance.Lake.Tests.Storage;

public sealed class ObjectStoresTests
{
    [Fact]
    public void A_plain_path_opens_a_local_store_and_creates_the_folder()
    {
        var root = Path.Combine(Path.GetTempPath(), "lake-open-" + Guid.NewGuid().ToString("N"));
        try
        {
            var store = Assert.IsType<LocalObjectStore>(ObjectStores.Open(root));

            Assert.Equal(root, store.Root);
            Assert.True(Directory.Exists(root));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData("gs://bucket/lake")]
    [InlineData("s3:/bucket/lake")]
    [InlineData("file:///tmp/lake")]
    [InlineData("s3://")]
    [InlineData("s3://Bad_Bucket")]
    public void Unsupported_or_malformed_uris_are_rejected(string lake)
    {
        var e = Assert.Throws<ArgumentException>(() => ObjectStores.Open(lake));

        Assert.Contains(lake, e.Message, StringComparison.Ordinal);
    }
}
