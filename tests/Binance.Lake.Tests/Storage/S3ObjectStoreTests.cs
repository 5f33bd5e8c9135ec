using System.Net;
using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Binance.Lake.Core.Storage;
// Amazon.S3.Model has an S3Location of its own.
using S3Location = Binance.Lake.Core.Storage.S3Location;

namespace Binance.Lake.Tests.Storage;

/// <summary>
/// The store contract on a real S3-compatible server, opened exactly as production opens it:
/// <see cref="ObjectStores.Open"/> with an s3:// URI, credentials and endpoint from the environment.
/// </summary>
[Collection(S3ServerCollection.Name)]
public sealed class S3ObjectStoreTests(S3ServerFixture server) : ObjectStoreContract
{
    protected override IObjectStore CreateStore() => ObjectStores.Open(server.LakeUri);

    [Fact]
    public void Open_gives_an_s3_store_rooted_at_the_uri()
    {
        var uri = server.LakeUri;

        var store = Assert.IsType<S3ObjectStore>(ObjectStores.Open(uri));

        Assert.Equal(uri, store.Root);
        Assert.Equal(uri + "/a/b.json", store.Describe("a/b.json"));
    }

    [Fact]
    public async Task Two_lakes_in_one_bucket_do_not_see_each_other()
    {
        var first = ObjectStores.Open(server.LakeUri);
        var second = ObjectStores.Open(server.LakeUri);
        await first.PutAsync("k", Encoding.UTF8.GetBytes("first"));

        Assert.Null(await second.GetAsync("k"));
        Assert.True(await second.PutIfAbsentAsync("k", Encoding.UTF8.GetBytes("second")));
        await foreach (var _ in second.ListAsync("x"))
            Assert.Fail("listed another lake's object");
    }

    [Fact]
    public async Task A_lake_at_the_bucket_root_maps_keys_one_to_one()
    {
        using var s3 = S3ClientFactory.Create();
        var store = new S3ObjectStore(S3Location.Parse("s3://" + S3ServerFixture.Bucket), s3);
        var key = $"root-test-{Guid.NewGuid():N}/a.json";

        await store.PutAsync(key, Encoding.UTF8.GetBytes("a"));

        var raw = await s3.GetObjectMetadataAsync(S3ServerFixture.Bucket, key);
        Assert.Equal(1, raw.ContentLength);
        await store.DeleteAsync(key);
    }

    [Fact]
    public async Task Listing_follows_continuation_tokens_across_pages()
    {
        using var s3 = S3ClientFactory.Create();
        var store = new S3ObjectStore(S3Location.Parse(server.LakeUri), s3) { ListPageSize = 2 };
        var keys = Enumerable.Range(0, 7).Select(i => $"p/{i:D2}").ToArray();
        foreach (var key in keys.Reverse())
            await store.PutAsync(key, new byte[] { 1 });

        var listed = new List<string>();
        await foreach (var item in store.ListAsync("p/"))
            listed.Add(item.Key);

        Assert.Equal(keys, listed);
    }

    [Fact]
    public async Task The_client_from_the_factory_targets_the_configured_endpoint()
    {
        var config = S3ClientFactory.CreateConfig();

        Assert.Equal(server.Endpoint, config.ServiceURL.TrimEnd('/'));
        Assert.True(config.ForcePathStyle);
        Assert.Equal("us-east-1", config.AuthenticationRegion);
        Assert.Equal(RequestChecksumCalculation.WHEN_REQUIRED, config.RequestChecksumCalculation);
        Assert.Equal(ResponseChecksumValidation.WHEN_REQUIRED, config.ResponseChecksumValidation);
    }

    [Fact]
    public void An_explicit_endpoint_wins_over_the_environment()
    {
        var config = S3ClientFactory.CreateConfig("http://127.0.0.1:1");

        Assert.Equal("http://127.0.0.1:1", config.ServiceURL.TrimEnd('/'));
        Assert.True(config.ForcePathStyle);
    }

    [Fact]
    public void A_malformed_endpoint_is_rejected_clearly()
    {
        var e = Assert.Throws<ArgumentException>(() => S3ClientFactory.CreateConfig("127.0.0.1:4569"));
        Assert.Contains("http://", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_conditional_conflict_is_retried_until_the_server_decides()
    {
        using var s3 = new ConflictingS3Client(conflicts: 2);
        var store = new S3ObjectStore(S3Location.Parse(server.LakeUri), s3);

        Assert.True(await store.PutIfAbsentAsync("k", new byte[] { 1 }));
        Assert.Equal(3, s3.Attempts);
        s3.ConflictsLeft = 1;
        Assert.False(await store.PutIfAbsentAsync("k", new byte[] { 2 }));
        Assert.Equal(new byte[] { 1 }, await store.GetAsync("k"));
    }

    [Fact]
    public async Task A_conflict_that_never_clears_is_an_error_not_a_lost_race()
    {
        // "It exists" would be a guess: the other write may never land, and the Delta log must not guess who won.
        using var s3 = new ConflictingS3Client(conflicts: int.MaxValue);
        var store = new S3ObjectStore(S3Location.Parse(server.LakeUri), s3);

        var error = await Assert.ThrowsAsync<IOException>(() => store.PutIfAbsentAsync("k", new byte[] { 1 }));
        Assert.Contains("ConditionalRequestConflict", error.Message);
        Assert.Null(await store.GetAsync("k"));
    }

    /// <summary>
    /// The real client, except that conditional PUTs first get S3's 409 ConditionalRequestConflict,
    /// which s3rver never sends but AWS does under contention.
    /// </summary>
    private sealed class ConflictingS3Client(int conflicts) : AmazonS3Client(S3ClientFactory.CreateConfig())
    {
        public int ConflictsLeft { get; set; } = conflicts;

        public int Attempts { get; private set; }

        public override Task<PutObjectResponse> PutObjectAsync(PutObjectRequest request, CancellationToken cancellationToken = default)
        {
            if (request.IfNoneMatch is null)
                return base.PutObjectAsync(request, cancellationToken);
            Attempts++;
            if (ConflictsLeft <= 0)
                return base.PutObjectAsync(request, cancellationToken);
            ConflictsLeft--;
            throw new AmazonS3Exception(
                "A conflicting conditional operation is currently in progress against this resource.",
                ErrorType.Sender, "ConditionalRequestConflict", "test", HttpStatusCode.Conflict);
        }
    }
}
