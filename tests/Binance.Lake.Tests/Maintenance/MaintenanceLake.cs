using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Storage;
using Binance.Lake.Core.Trades;
using Binance.Lake.Extract.Backfill;
using Binance.Lake.Extract.RawFormats;
using Binance.Lake.Extract.Rest;
using Binance.Lake.Simulator;
using Binance.Lake.Tests.Support;
using Binance.Lake.Transform.Audit;
using Binance.Lake.Transform.Compaction;
using Binance.Lake.Transform.Delta;
using Binance.Lake.Transform.Trades;
using Xunit.Abstractions;

namespace Binance.Lake.Tests.Maintenance;

/// <summary>
/// Two days of BTCUSDT backfilled from the simulator over HTTP into a temp lake, plus what the maintenance tests
/// need around it: raw chunks held back and returned (later backfills arriving), compacts that leave several
/// files per partition, and independent reads of the table.
/// </summary>
internal sealed class MaintenanceLake : IAsyncDisposable
{
    public static readonly DateOnly From = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-3);
    public static readonly DateOnly To = From.AddDays(1);
    public const string Symbol = "BTCUSDT";

    private MaintenanceLake(BackfillHarness harness, BackfillSummary backfill, IReadOnlyList<(string Key, TradePage Page)> chunks)
    {
        Harness = harness;
        Backfill = backfill;
        Chunks = chunks;
    }

    public BackfillHarness Harness { get; }

    public BackfillSummary Backfill { get; }

    /// <summary>Every raw chunk the backfill wrote, in id order.</summary>
    public IReadOnlyList<(string Key, TradePage Page)> Chunks { get; }

    public IObjectStore Store => Harness.Store;

    public string TableFolder => Path.Combine(Harness.LakePath, TradesTable.Path);

    public DeltaTable Table => TradesTable.Open(Store);

    public static async Task<MaintenanceLake> StartAsync(ITestOutputHelper output)
    {
        var harness = await BackfillHarness.StartAsync(output, new SimulatorOptions { TradesPerSecond = 0.2, Symbols = [Symbol] });
        var (backfill, client) = await harness.RunAsync(new BackfillRequest(Symbol, new BackfillMode.DateRange(From, To), ChunkLimit: 1000));
        client.Dispose();
        return new MaintenanceLake(harness, backfill, await harness.RawChunksAsync(Symbol));
    }

    public Compactor Compactor() => new(Store, RawChunkDecoders.All, Harness.Logger);

    /// <summary>Takes chunks out of the raw zone, as if their backfill had not run yet; <see cref="ReturnAsync"/> puts them back.</summary>
    public async Task<List<(string Key, byte[] Body)>> HoldBackAsync(IEnumerable<string> keys)
    {
        var held = new List<(string, byte[])>();
        foreach (var key in keys)
        {
            held.Add((key, (await Store.GetAsync(key))!));
            await Store.DeleteAsync(key);
        }
        return held;
    }

    public async Task ReturnAsync(IEnumerable<(string Key, byte[] Body)> chunks)
    {
        foreach (var (key, body) in chunks)
            await Store.PutAsync(key, body);
    }

    /// <summary>
    /// Compacts the chunks in the raw zone in <paramref name="passes"/> runs, chunk i in run i mod passes: each day
    /// ends up in that many files whose id ranges interleave, as when a repair fills holes, the hardest case for a merge.
    /// </summary>
    public async Task CompactInPassesAsync(int passes = 2)
    {
        var present = await Harness.RawChunksAsync(Symbol);
        var held = new List<List<(string Key, byte[] Body)>>();
        for (var pass = 1; pass < passes; pass++)
            held.Add(await HoldBackAsync(present.Where((_, i) => i % passes == pass).Select(c => c.Key)));
        Assert.NotNull((await Compactor().RunAsync(CancellationToken.None)).Version);
        foreach (var chunks in held)
        {
            await ReturnAsync(chunks);
            Assert.NotNull((await Compactor().RunAsync(CancellationToken.None)).Version);
        }
    }

    /// <summary>Every trade the backfill fetched, by id: what the table must hold, exactly.</summary>
    public IReadOnlyList<Trade> ExpectedTrades() =>
        Chunks.SelectMany(c => c.Page.Trades).OrderBy(t => t.Id).ToList();

    /// <summary>Every row of the latest snapshot, read from its data files, sorted by id.</summary>
    public async Task<List<TradeRow>> TableRowsAsync()
    {
        var table = Table;
        var rows = new List<TradeRow>();
        foreach (var file in (await table.LoadAsync()).Files)
            rows.AddRange(await TradeFileReader.ReadRowsAsync((await Store.GetAsync(table.DataKey(file.Path)))!));
        return rows.OrderBy(r => r.Trade.Id).ToList();
    }

    public async Task<AuditReport> AuditAsync() => await new TableAuditor(Store).AuditAsync(null, null, null, CancellationToken.None);

    /// <summary>The live files of the latest snapshot that are not on storage (must be none).</summary>
    public async Task<List<string>> MissingLiveFilesAsync()
    {
        var table = Table;
        return (await table.LoadAsync()).Files.Select(f => table.DataKey(f.Path)).Where(k => !File.Exists(Path.Combine(Harness.LakePath, k))).ToList();
    }

    /// <summary>The versions of the commit files in the log, ascending.</summary>
    public List<long> CommitVersions() =>
        Directory.GetFiles(Path.Combine(TableFolder, "_delta_log"), "*.json")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(n => n!.Length == 20 && n.All(char.IsAsciiDigit))
            .Select(n => long.Parse(n!, System.Globalization.CultureInfo.InvariantCulture))
            .Order()
            .ToList();

    /// <summary>Data files on storage (keys relative to the lake), outside the log.</summary>
    public List<string> DataFilesOnStorage() =>
        Directory.GetFiles(TableFolder, "*.parquet", SearchOption.AllDirectories)
            .Where(f => !f.Contains("_delta_log", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Harness.LakePath, f))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Sets a stored object's modification time, as if it had been written then.</summary>
    public void Age(string key, DateTimeOffset when) => File.SetLastWriteTimeUtc(Path.Combine(Harness.LakePath, key), when.UtcDateTime);

    public ValueTask DisposeAsync() => Harness.DisposeAsync();
}
