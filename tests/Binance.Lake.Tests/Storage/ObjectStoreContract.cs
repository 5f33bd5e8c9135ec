using System.Text;
using Binance.Lake.Core.Storage;

namespace Binance.Lake.Tests.Storage;

/// <summary>
/// What every <see cref="IObjectStore"/> must do, whatever it stores into. Each concrete subclass runs all of
/// these against one kind of store, which is how local runs and S3 runs of the lake are kept interchangeable.
/// </summary>
public abstract class ObjectStoreContract
{
    /// <summary>A store over a fresh, empty lake root.</summary>
    protected abstract IObjectStore CreateStore();

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static async Task<List<StoredObject>> ListAll(IObjectStore store, string prefix)
    {
        var list = new List<StoredObject>();
        await foreach (var item in store.ListAsync(prefix))
            list.Add(item);
        return list;
    }

    [Fact]
    public async Task Put_then_get_returns_the_same_bytes()
    {
        var store = CreateStore();
        await store.PutAsync("raw/BTCUSDT/a.json", Bytes("hello"));

        Assert.Equal(Bytes("hello"), await store.GetAsync("raw/BTCUSDT/a.json"));
    }

    [Fact]
    public async Task A_large_object_streams_in_and_out_even_from_a_stream_that_cannot_seek()
    {
        var store = CreateStore();
        var content = Enumerable.Range(0, 3 << 20).Select(i => (byte)(i * 31)).ToArray();
        await store.PutAsync("raw/BTCUSDT/archive/big.zip", new ForwardOnlyStream(content));

        await using var read = await store.OpenReadAsync("raw/BTCUSDT/archive/big.zip");
        Assert.NotNull(read);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(content, copy.ToArray());
        Assert.Null(await store.OpenReadAsync("raw/BTCUSDT/archive/missing.zip"));
    }

    private sealed class ForwardOnlyStream(byte[] content) : MemoryStream(content, writable: false)
    {
        public override bool CanSeek => false;
    }

    [Fact]
    public async Task Empty_object_round_trips()
    {
        var store = CreateStore();
        await store.PutAsync("empty", ReadOnlyMemory<byte>.Empty);

        Assert.Equal(Array.Empty<byte>(), await store.GetAsync("empty"));
        Assert.Equal(0, Assert.Single(await ListAll(store, "")).Size);
    }

    [Fact]
    public async Task Put_overwrites_an_existing_object()
    {
        var store = CreateStore();
        await store.PutAsync("k", Bytes("first, longer content"));
        await store.PutAsync("k", Bytes("second"));

        Assert.Equal(Bytes("second"), await store.GetAsync("k"));
    }

    [Fact]
    public async Task Put_of_a_slice_writes_only_the_slice()
    {
        var store = CreateStore();
        var buffer = Bytes("xxHELLOyy");
        await store.PutAsync("slice", buffer.AsMemory(2, 5));

        Assert.Equal(Bytes("HELLO"), await store.GetAsync("slice"));
    }

    [Fact]
    public async Task Put_if_absent_creates_a_missing_object()
    {
        var store = CreateStore();

        Assert.True(await store.PutIfAbsentAsync("_delta_log/00000000000000000000.json", Bytes("v0")));
        Assert.Equal(Bytes("v0"), await store.GetAsync("_delta_log/00000000000000000000.json"));
    }

    [Fact]
    public async Task Second_put_if_absent_fails_and_leaves_the_first_content()
    {
        var store = CreateStore();
        const string key = "_delta_log/00000000000000000001.json";

        Assert.True(await store.PutIfAbsentAsync(key, Bytes("first writer")));
        Assert.False(await store.PutIfAbsentAsync(key, Bytes("second writer")));

        Assert.Equal(Bytes("first writer"), await store.GetAsync(key));
    }

    [Fact]
    public async Task Put_if_absent_fails_on_an_object_written_by_plain_put()
    {
        var store = CreateStore();
        await store.PutAsync("k", Bytes("plain"));

        Assert.False(await store.PutIfAbsentAsync("k", Bytes("conditional")));
        Assert.Equal(Bytes("plain"), await store.GetAsync("k"));
    }

    [Fact]
    public async Task Concurrent_put_if_absent_has_exactly_one_winner_whose_content_stays()
    {
        var store = CreateStore();
        // Several rounds, because one lucky interleaving proves little.
        for (var round = 0; round < 3; round++)
        {
            var key = $"_delta_log/{round:D20}.json";
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var writers = Enumerable.Range(0, 20).Select(writer => Task.Run(async () =>
            {
                await go.Task;
                return (writer, won: await store.PutIfAbsentAsync(key, Bytes($"writer {writer}")));
            })).ToArray();
            go.SetResult();
            var results = await Task.WhenAll(writers);

            var winner = Assert.Single(results, r => r.won).writer;
            Assert.Equal(Bytes($"writer {winner}"), await store.GetAsync(key));
        }
    }

    [Fact]
    public async Task List_by_prefix_returns_matching_keys_in_ordinal_order_with_sizes()
    {
        var store = CreateStore();
        // Written out of order; includes a mid-name prefix match (BTCUSDC) and keys that must not match.
        await store.PutAsync("raw/BTCUSDT/date=2024-01-02/b.json", Bytes("bb"));
        await store.PutAsync("raw/ETHUSDT/a.json", Bytes("e"));
        await store.PutAsync("raw/BTCUSDT/date=2024-01-01/a.json", Bytes("a"));
        await store.PutAsync("raw/BTCUSDC/z.json", Bytes("zzzz"));
        await store.PutAsync("raw/BTCUSDT/Z.json", Bytes("ZZZ"));
        await store.PutAsync("rawish/BTC.json", Bytes("x"));

        var listed = await ListAll(store, "raw/BTC");

        Assert.Equal(
            new[] { "raw/BTCUSDC/z.json", "raw/BTCUSDT/Z.json", "raw/BTCUSDT/date=2024-01-01/a.json", "raw/BTCUSDT/date=2024-01-02/b.json" },
            listed.Select(o => o.Key));
        Assert.Equal(new long[] { 4, 3, 1, 2 }, listed.Select(o => o.Size));
        Assert.All(listed, o => Assert.InRange(o.LastModified, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1)));
    }

    [Fact]
    public async Task List_with_a_folder_prefix_does_not_match_sibling_names()
    {
        var store = CreateStore();
        await store.PutAsync("raw/a", Bytes("1"));
        await store.PutAsync("raw2/b", Bytes("2"));

        Assert.Equal(new[] { "raw/a" }, (await ListAll(store, "raw/")).Select(o => o.Key));
    }

    [Fact]
    public async Task List_of_an_exact_key_returns_that_object()
    {
        var store = CreateStore();
        await store.PutAsync("dir/file.json", Bytes("1"));

        Assert.Equal(new[] { "dir/file.json" }, (await ListAll(store, "dir/file.json")).Select(o => o.Key));
    }

    [Fact]
    public async Task List_of_a_prefix_without_objects_is_empty()
    {
        var store = CreateStore();
        await store.PutAsync("raw/BTCUSDT/a.json", Bytes("a"));

        Assert.Empty(await ListAll(store, "nothing/here/"));
        Assert.Empty(await ListAll(store, "raw/XRP"));
    }

    [Fact]
    public async Task List_of_the_empty_prefix_returns_everything_and_nothing_in_an_empty_lake()
    {
        var store = CreateStore();
        Assert.Empty(await ListAll(store, ""));

        await store.PutAsync("b/x", Bytes("1"));
        await store.PutAsync("a", Bytes("22"));

        Assert.Equal(new[] { "a", "b/x" }, (await ListAll(store, "")).Select(o => o.Key));
    }

    [Fact]
    public async Task Delete_removes_the_object_and_is_idempotent()
    {
        var store = CreateStore();
        await store.PutAsync("dir/k", Bytes("v"));

        await store.DeleteAsync("dir/k");
        await store.DeleteAsync("dir/k");
        await store.DeleteAsync("never/existed/at/all");

        Assert.Null(await store.GetAsync("dir/k"));
        Assert.Empty(await ListAll(store, ""));
    }

    [Fact]
    public async Task Get_of_a_missing_key_returns_null()
    {
        var store = CreateStore();
        await store.PutAsync("dir/other", Bytes("v"));

        Assert.Null(await store.GetAsync("dir/missing"));
        Assert.Null(await store.GetAsync("no/such/folder/key"));
    }

    [Theory]
    [InlineData("table/symbol=BTCUSDT/date=2024-01-01/part-0.parquet")]
    [InlineData("table/name=a%20b%2Fc/part 1.parquet")]
    [InlineData("table/x=100%/y=a+b&c/ü-ñ.json")]
    [InlineData("with space/and  two  spaces.txt")]
    public async Task Keys_with_spaces_equals_and_percent_round_trip_through_put_get_and_list(string key)
    {
        var store = CreateStore();
        await store.PutAsync(key, Bytes(key));
        Assert.False(await store.PutIfAbsentAsync(key, Bytes("other")));

        Assert.Equal(Bytes(key), await store.GetAsync(key));
        Assert.Equal(new[] { key }, (await ListAll(store, key[..(key.IndexOf('/') + 1)])).Select(o => o.Key));
        await store.DeleteAsync(key);
        Assert.Null(await store.GetAsync(key));
    }

    [Fact]
    public async Task Large_object_of_20_MB_round_trips()
    {
        var store = CreateStore();
        var content = new byte[20 * 1024 * 1024];
        new Random(42).NextBytes(content);

        await store.PutAsync("big/part-0.parquet", content);

        Assert.Equal(content, await store.GetAsync("big/part-0.parquet"));
        Assert.Equal(content.Length, Assert.Single(await ListAll(store, "big/")).Size);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/abs")]
    [InlineData("a/../b")]
    [InlineData("..")]
    [InlineData("a/./b")]
    [InlineData("a\\b")]
    [InlineData("a//b")]
    [InlineData("dir/")]
    [InlineData("dir/.tmp-123")]
    public async Task Invalid_keys_are_rejected_with_an_argument_exception(string key)
    {
        var store = CreateStore();

        await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync(key, Bytes("x")));
        await Assert.ThrowsAsync<ArgumentException>(() => store.PutIfAbsentAsync(key, Bytes("x")));
        await Assert.ThrowsAsync<ArgumentException>(() => store.GetAsync(key));
        await Assert.ThrowsAsync<ArgumentException>(() => store.DeleteAsync(key));
    }

    [Theory]
    [InlineData("/abs")]
    [InlineData("../up")]
    [InlineData("a\\b")]
    public async Task Invalid_prefixes_are_rejected_with_an_argument_exception(string prefix)
    {
        var store = CreateStore();

        await Assert.ThrowsAsync<ArgumentException>(() => ListAll(store, prefix));
        Assert.Throws<ArgumentException>(() => store.Describe(prefix));
    }

    [Fact]
    public void Describe_names_the_key_under_the_root()
    {
        var store = CreateStore();

        var described = store.Describe("raw/a=1/b.json");

        Assert.StartsWith(store.Root, described, StringComparison.Ordinal);
        Assert.EndsWith("raw/a=1/b.json", described.Replace('\\', '/'), StringComparison.Ordinal);
        Assert.EndsWith("raw/a=1/", store.Describe("raw/a=1/").Replace('\\', '/'), StringComparison.Ordinal); // a "folder", for summaries
    }
}
