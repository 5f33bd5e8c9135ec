using Binance.Lake.Serving;
using Binance.Lake.Testing;
using Binance.Lake.Tests.Support;
using Binance.Lake.Tests.Transform;
using Binance.Lake.Transform.Maintenance;
using Binance.Lake.Transform.Trades;
using Xunit.Abstractions;
using static Binance.Lake.Tests.Serving.ServingLake;

namespace Binance.Lake.Tests.Serving;

/// <summary>
/// What a load must do whatever the serving database: serve the table row for row, write nothing on a rerun, add
/// only what is new, and replace exactly the partitions whose files changed. Each subclass runs these on one target.
/// </summary>
public abstract class LoadContract(ITestOutputHelper output) : IDisposable
{
    private protected ServingLake Lake { get; } = new(output);

    /// <summary>A target holding nothing yet.</summary>
    private protected abstract Task<ServingTestTarget> NewTargetAsync();

    [Fact]
    public async Task A_load_serves_every_row_of_the_table_exactly()
    {
        var version = await Lake.TwoByTwoAsync();
        var target = await NewTargetAsync();

        var summary = await Lake.LoadAsync(target);

        var expected = await Lake.TableRowsAsync();
        Assert.Equal(expected, await target.RowsAsync());
        Assert.Contains(expected, r => r.Price == 99_999_999_999_999_999_999.99999999m);
        Assert.Equal((4, 4, 0, 0, expected.Count, version), (summary.PartitionsSelected, summary.PartitionsAdded, summary.PartitionsReloaded, summary.PartitionsUnchanged, summary.Rows, summary.TableVersion));
        Assert.Equal(
            [$"BTCUSDT 2024-08-08 files=1 rows=300 v{version}", $"BTCUSDT 2024-08-09 files=1 rows=250 v{version}",
             $"ETHUSDT 2024-08-08 files=1 rows=200 v{version}", $"ETHUSDT 2024-08-09 files=1 rows=150 v{version}"],
            await target.LedgerAsync());
    }

    [Fact]
    public async Task A_rerun_with_nothing_new_writes_nothing()
    {
        await Lake.TwoByTwoAsync();
        var target = await NewTargetAsync();
        await Lake.LoadAsync(target);
        var (rows, ledger, mark) = (await target.RowsAsync(), await target.LedgerAsync(), await target.WriteMarkAsync());

        var rerun = await Lake.LoadAsync(target);

        Assert.Equal((0, 0, 4, 0L), (rerun.PartitionsAdded, rerun.PartitionsReloaded, rerun.PartitionsUnchanged, rerun.Rows));
        Assert.Equal(rows, await target.RowsAsync());
        Assert.Equal(ledger, await target.LedgerAsync());
        Assert.Equal(mark, await target.WriteMarkAsync());
    }

    [Fact]
    public async Task A_new_day_adds_only_that_day()
    {
        await Lake.TwoByTwoAsync();
        var target = await NewTargetAsync();
        await Lake.LoadAsync(target);
        var before = await target.RowsAsync();
        var newestWrite = await target.NewestRowWriteAsync();
        var day3 = Btc(Day1.AddDays(2));
        await Lake.AppendAsync((day3, SyntheticTrades.Of(day3, 1_550, 120)));

        var summary = await Lake.LoadAsync(target);

        Assert.Equal((1, 0, 4, 120L), (summary.PartitionsAdded, summary.PartitionsReloaded, summary.PartitionsUnchanged, summary.Rows));
        Assert.Equal(await Lake.TableRowsAsync(), await target.RowsAsync());
        Assert.Equal(before, (await target.RowsAsync()).Where(r => r.Id < 1_550 || r.Instrument != "BTCUSDT"));
        if (newestWrite is { } mark)
            Assert.Equal(120, await target.RowsWrittenAfterAsync(mark));
    }

    [Fact]
    public async Task A_repaired_partition_is_reloaded_whole_without_duplicates()
    {
        // The day has a hole (ids 1100-1199) when first loaded; a repair then adds a file with exactly those ids.
        var day = Btc(Day1);
        var all = SyntheticTrades.Of(day, 1_000, 300);
        await Lake.AppendAsync((day, all[..100]), (Eth(Day1), SyntheticTrades.Of(Eth(Day1), 50_000, 200)));
        await Lake.AppendAsync((day, all[200..]));
        var target = await NewTargetAsync();
        await Lake.LoadAsync(target);
        Assert.Equal(200, (await target.RowsAsync("instrument = 'BTCUSDT'")).Count);
        await Lake.AppendAsync((day, all[100..200]));

        var summary = await Lake.LoadAsync(target);

        Assert.Equal((0, 1, 1, 300L), (summary.PartitionsAdded, summary.PartitionsReloaded, summary.PartitionsUnchanged, summary.Rows));
        var served = await target.RowsAsync();
        Assert.Equal(await Lake.TableRowsAsync(), served);
        Assert.Equal(Enumerable.Range(1_000, 300).Select(i => (long)i), served.Where(r => r.Instrument == "BTCUSDT").Select(r => r.Id));
        Assert.Contains("BTCUSDT 2024-08-08 files=3 rows=300", string.Join("\n", await target.LedgerAsync()));
    }

    [Fact]
    public async Task An_optimized_partition_is_reloaded_with_the_same_rows()
    {
        var day = Btc(Day1);
        var rows = SyntheticTrades.Of(day, 1_000, 300);
        await Lake.AppendAsync((day, rows[..150]), (Eth(Day1), SyntheticTrades.Of(Eth(Day1), 50_000, 200)));
        await Lake.AppendAsync((day, rows[150..]));
        var target = await NewTargetAsync();
        await Lake.LoadAsync(target);
        var before = await target.RowsAsync();
        var optimized = await new Optimizer(Lake.Store, new TestOutputLogger(output)).RunAsync(new OptimizeOptions(), CancellationToken.None);
        Assert.Equal(1, optimized.PartitionsRewritten);

        var summary = await Lake.LoadAsync(target);

        Assert.Equal((0, 1, 1, 300L), (summary.PartitionsAdded, summary.PartitionsReloaded, summary.PartitionsUnchanged, summary.Rows));
        Assert.Equal(before, await target.RowsAsync());
        Assert.Contains("BTCUSDT 2024-08-08 files=1 rows=300", string.Join("\n", await target.LedgerAsync()));
    }

    [Fact]
    public async Task Symbol_and_date_filters_load_only_their_partitions_and_a_full_load_adds_the_rest()
    {
        await Lake.TwoByTwoAsync();
        var target = await NewTargetAsync();

        var btc = await Lake.LoadAsync(target, new LoadSelection(Symbol: "BTCUSDT"));
        var ethDay2 = await Lake.LoadAsync(target, new LoadSelection(Symbol: "ETHUSDT", FromDate: Day1.AddDays(1), ToDate: Day1.AddDays(1)));
        Assert.Equal(await Lake.TableRowsAsync(p => p.Instrument == "BTCUSDT" || p.Day > Day1), await target.RowsAsync());
        var upToDay1 = await Lake.LoadAsync(target, new LoadSelection(ToDate: Day1));

        Assert.Equal((2, 2, 550L), (btc.PartitionsSelected, btc.PartitionsAdded, btc.Rows));
        Assert.Equal((1, 1, 150L), (ethDay2.PartitionsSelected, ethDay2.PartitionsAdded, ethDay2.Rows));
        Assert.Equal((2, 1, 1, 200L), (upToDay1.PartitionsSelected, upToDay1.PartitionsAdded, upToDay1.PartitionsUnchanged, upToDay1.Rows));
        Assert.Equal(await Lake.TableRowsAsync(), await target.RowsAsync());
    }

    [Fact]
    public async Task Files_of_another_writer_are_served_the_same()
    {
        // One partition from both writers, so one load reads both layouts; row groups smaller than ours, too.
        var day = Btc(Day1);
        var rows = SyntheticTrades.Of(day, 1_000, 2_500);
        await SyntheticTrades.AppendAsync(Lake.Store, r => ForeignTradeFile.WriteAsync(r, rowGroupSize: 1_000),
            (day, rows[..1_200]), (Eth(Day1), SyntheticTrades.Of(Eth(Day1), 50_000, 300)));
        await Lake.AppendAsync((day, rows[1_200..]));
        var target = await NewTargetAsync();

        var summary = await Lake.LoadAsync(target);

        Assert.Equal(2_800, summary.Rows);
        Assert.Equal(await Lake.TableRowsAsync(), await target.RowsAsync());
    }

    public void Dispose() => Lake.Dispose();
}
