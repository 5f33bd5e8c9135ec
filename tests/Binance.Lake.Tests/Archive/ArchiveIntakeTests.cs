using System.IO.Compression;
using System.Text;
using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Storage;
using Binance.Lake.Extract.Archive;
using Binance.Lake.Extract.RawFormats;
using Binance.Lake.Simulator;
using Binance.Lake.Tests.Maintenance;
using Binance.Lake.Tests.Simulator;
using Binance.Lake.Tests.Support;
using Binance.Lake.Transform.Audit;
using Binance.Lake.Transform.Compaction;
using Binance.Lake.Transform.Trades;
using Xunit;
using Xunit.Abstractions;
using ArchiveClient = Binance.Lake.Extract.Archive.ArchiveClient;

namespace Binance.Lake.Tests.Archive;

/// <summary>
/// Archive files compacted in the same pass that reads them (what <c>binance-lake archive</c> does): the table takes
/// a file's trades only once the whole file has proved sound and is stored, whatever stage a failure comes at.
/// </summary>
public sealed class ArchiveIntakeTests(ITestOutputHelper output)
{
    private const string Symbol = "BTCUSDT";
    private static readonly ArchiveFile October = ArchiveFile.Month(Symbol, 2026, 10);
    private static readonly ArchiveFile November1 = ArchiveFile.Day(Symbol, new DateOnly(2026, 11, 1));

    [Fact]
    public async Task A_file_found_damaged_after_its_days_were_written_leaves_no_trace_and_the_files_after_it_land()
    {
        using var downloads = new TempFolder();
        var (month, day) = await DownloadAsync(downloads.Path);
        var damaged = Path.Join(Directory.CreateDirectory(Path.Join(downloads.Path, "damaged")).FullName, October.Name);
        DamageLastLine(month, damaged);
        using var lake = new TempFolder();
        var store = new LocalObjectStore(lake.Path);
        var logger = new TestOutputLogger(output);
        var intake = new Compactor(store, RawChunkDecoders.All, logger).Intake();
        using var client = new ArchiveClient(new Uri("http://127.0.0.1:9/"), logger);
        var importer = new ArchiveImporter(client, store, logger, intake);

        var first = await importer.ImportFilesAsync(Symbol, [damaged, day], CancellationToken.None);

        Assert.Contains("does not follow", Assert.Single(first.Damaged).Reason);
        Assert.Equal([November1.Name], first.Imported.Select(f => f.File));
        var audit = await new TableAuditor(store).AuditAsync(Symbol, null, null, CancellationToken.None);
        Assert.Equal([November1.First], audit.Days.Select(d => d.Day));
        // October's thirty days were written before its last line failed; none of them may stay behind.
        Assert.Equal(await LiveDataKeysAsync(store), await StoredDataKeysAsync(store));
        Assert.Single(await KeysAsync(store, RawZone.SourcePrefix(Symbol, RawSource.Archive)));
        Assert.DoesNotContain(October.Name, await new ArchiveLedger(store).ImportedAsync(Symbol, CancellationToken.None));

        // The same intake goes on from the table, not from what it had counted of the damaged file.
        var second = await importer.ImportFilesAsync(Symbol, [month], CancellationToken.None);

        Assert.Empty(second.Damaged);
        audit = await new TableAuditor(store).AuditAsync(Symbol, null, null, CancellationToken.None);
        Assert.True(audit.Clean);
        Assert.Equal(32, audit.Days.Count);
        Assert.Equal(first.Imported[0].Trades + second.Imported[0].Trades, audit.Trades);
        Assert.Equal(audit.Trades, intake.Summary.TradesAdded);
    }

    [Fact]
    public async Task A_file_stored_whose_compaction_failed_counts_as_imported_and_is_taken_in_by_the_next_compact()
    {
        using var downloads = new TempFolder();
        var (_, day) = await DownloadAsync(downloads.Path);
        using var lake = new TempFolder();
        var store = new LocalObjectStore(lake.Path);
        var failing = new HookedStore(store)
        {
            BeforePut = key => key.StartsWith(TradesTable.Path + "/trade_year=", StringComparison.Ordinal)
                ? throw new IOException("disk full")
                : Task.CompletedTask,
        };
        var logger = new TestOutputLogger(output);
        using var client = new ArchiveClient(new Uri("http://127.0.0.1:9/"), logger);
        var importer = new ArchiveImporter(client, failing, logger, new Compactor(failing, RawChunkDecoders.All, logger).Intake());

        var summary = await importer.ImportFilesAsync(Symbol, [day], CancellationToken.None);

        // Stored and recorded, so imported; only its compaction failed, and nothing of it is in the table.
        Assert.Equal([November1.Name], summary.Imported.Select(f => f.File));
        Assert.Empty(summary.Damaged);
        Assert.False(await TradesTable.Open(store).ExistsAsync());
        Assert.Single(await KeysAsync(store, RawZone.SourcePrefix(Symbol, RawSource.Archive)));
        var compacted = await new Compactor(store, RawChunkDecoders.All, logger).RunAsync(CancellationToken.None);
        var audit = await new TableAuditor(store).AuditAsync(Symbol, null, null, CancellationToken.None);
        Assert.True(audit.Clean);
        Assert.Equal([November1.First], audit.Days.Select(d => d.Day));
        Assert.Equal(audit.Trades, compacted.TradesAdded);
    }

    /// <summary>October's monthly zip and November 1st's daily zip, as the simulator's archive serves them.</summary>
    private async Task<(string Month, string Day)> DownloadAsync(string folder)
    {
        await using var sim = await SimulatorTestKit.StartAsync(new SimulatorOptions { TradesPerSecond = 0.05, HistoryDays = 60, Symbols = [Symbol] });
        using var client = new ArchiveClient(sim.BaseUrl, new TestOutputLogger(output));
        var paths = new List<string>();
        foreach (var file in new[] { October, November1 })
        {
            paths.Add(Path.Join(folder, file.Name));
            Assert.NotNull(await client.DownloadAsync(file, paths[^1], null, CancellationToken.None));
        }
        return (paths[0], paths[1]);
    }

    // The last line's id set back below the one before it: damage only the very end of the file reveals.
    private static void DamageLastLine(string zip, string damaged)
    {
        string name, text;
        using (var archive = ZipFile.OpenRead(zip))
        using (var reader = new StreamReader(archive.Entries[0].Open()))
            (name, text) = (archive.Entries[0].FullName, reader.ReadToEnd());
        var lines = text.TrimEnd('\n').Split('\n');
        lines[^1] = "1" + lines[^1][lines[^1].IndexOf(',', StringComparison.Ordinal)..];
        using var output = ZipFile.Open(damaged, ZipArchiveMode.Create);
        using var writer = new StreamWriter(output.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write(string.Join('\n', lines) + "\n");
    }

    private static async Task<HashSet<string>> LiveDataKeysAsync(IObjectStore store)
    {
        var table = TradesTable.Open(store);
        return (await table.LoadAsync()).Files.Select(f => table.DataKey(f.Path)).ToHashSet();
    }

    private static async Task<HashSet<string>> StoredDataKeysAsync(IObjectStore store) =>
        (await KeysAsync(store, TradesTable.Path + "/trade_year=")).ToHashSet();

    private static async Task<List<string>> KeysAsync(IObjectStore store, string prefix)
    {
        var keys = new List<string>();
        await foreach (var item in store.ListAsync(prefix))
            keys.Add(item.Key);
        return keys;
    }
}
