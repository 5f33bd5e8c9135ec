using System.Text;
using Binance.Lake.Core.Storage;

namespace Binance.Lake.Tests.Storage;

/// <summary>The store contract on a local folder, plus what only a file system can get wrong.</summary>
public sealed class LocalObjectStoreTests : ObjectStoreContract, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("lake-local-").FullName;

    protected override IObjectStore CreateStore() => new LocalObjectStore(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string[] FilesOnDisk() =>
        Directory.GetFiles(_root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(_root, f)).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task A_temp_file_never_shows_in_listings()
    {
        var store = CreateStore();
        await store.PutAsync("raw/a.json", Encoding.UTF8.GetBytes("a"));
        // What a crashed or in-flight writer leaves behind.
        await File.WriteAllTextAsync(Path.Combine(_root, "raw", ObjectKey.TempPrefix + Guid.NewGuid().ToString("N")), "partial");
        await File.WriteAllTextAsync(Path.Combine(_root, ObjectKey.TempPrefix + "top"), "partial");

        var listed = new List<string>();
        await foreach (var item in store.ListAsync(""))
            listed.Add(item.Key);

        Assert.Equal(new[] { "raw/a.json" }, listed);
    }

    [Fact]
    public async Task A_cancelled_write_leaves_neither_a_target_nor_a_temp_file()
    {
        var store = CreateStore();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.PutAsync("dir/k", new byte[1024], cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.PutIfAbsentAsync("dir/k", new byte[1024], cancelled.Token));

        Assert.Empty(FilesOnDisk());
    }

    [Fact]
    public async Task A_failed_overwrite_keeps_the_old_object_whole()
    {
        var store = CreateStore();
        await store.PutAsync("dir/k", Encoding.UTF8.GetBytes("old"));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.PutAsync("dir/k", new byte[1024], cancelled.Token));

        Assert.Equal(Encoding.UTF8.GetBytes("old"), await store.GetAsync("dir/k"));
        Assert.Equal(new[] { Path.Combine("dir", "k") }, FilesOnDisk());
    }

    [Fact]
    public async Task A_failed_rename_leaves_no_partial_target_and_no_temp_file()
    {
        var store = CreateStore();
        // The target name is taken by a folder, so the final rename fails after the temp file was written.
        Directory.CreateDirectory(Path.Combine(_root, "dir", "k"));

        await Assert.ThrowsAnyAsync<IOException>(() => store.PutAsync("dir/k", new byte[1024]));
        await Assert.ThrowsAnyAsync<IOException>(() => store.PutIfAbsentAsync("dir/k", new byte[1024]));

        Assert.Empty(FilesOnDisk());
    }

    [Fact]
    public async Task A_lost_put_if_absent_cleans_up_its_temp_file()
    {
        var store = CreateStore();
        await store.PutIfAbsentAsync("k", new byte[] { 1 });
        await store.PutIfAbsentAsync("k", new byte[] { 2 });

        Assert.Equal(new[] { "k" }, FilesOnDisk());
    }

    [Fact]
    public async Task Objects_are_plain_files_under_the_root()
    {
        var store = CreateStore();
        await store.PutAsync("raw/symbol=BTCUSDT/a.json", Encoding.UTF8.GetBytes("a"));

        Assert.Equal("a", await File.ReadAllTextAsync(Path.Combine(_root, "raw", "symbol=BTCUSDT", "a.json")));
        Assert.Equal(Path.Combine(_root, "raw", "symbol=BTCUSDT", "a.json"), store.Describe("raw/symbol=BTCUSDT/a.json"));
    }

    [Fact]
    public void The_root_folder_is_created_when_missing()
    {
        var root = Path.Combine(_root, "new", "lake");

        var store = new LocalObjectStore(root);

        Assert.True(Directory.Exists(root));
        Assert.Equal(root, store.Root);
    }
}
