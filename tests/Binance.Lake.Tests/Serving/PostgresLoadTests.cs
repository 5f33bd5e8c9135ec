using Binance.Lake.Serving;
using Binance.Lake.Testing;
using Binance.Lake.Transform.Delta;
using Npgsql;
using Xunit.Abstractions;
using static Binance.Lake.Tests.Serving.ServingLake;

namespace Binance.Lake.Tests.Serving;

/// <summary>The load contract against a real PostgreSQL server, plus what only PostgreSQL has: its schema and constraints.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresLoadTests(PostgresFixture postgres, ITestOutputHelper output) : LoadContract(output)
{
    private protected override async Task<ServingTestTarget> NewTargetAsync() => new PostgresTestTarget(await postgres.NewDatabaseAsync());

    [Fact]
    public async Task The_table_is_partitioned_by_day_then_instrument_with_exact_types_a_primary_key_and_a_BRIN_time_index()
    {
        await Lake.TwoByTwoAsync();
        var connectionString = await postgres.NewDatabaseAsync();
        await Lake.LoadAsync(new PostgresTestTarget(connectionString));

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        Assert.Equal(["trades_20240808", "trades_20240808_btcusdt", "trades_20240808_ethusdt", "trades_20240809", "trades_20240809_btcusdt", "trades_20240809_ethusdt"],
            await ListAsync(connection, "SELECT relid::text FROM pg_partition_tree('trades') WHERE level > 0 ORDER BY 1"));
        Assert.Equal(["price numeric(28,8)", "qty numeric(28,8)", "quote_qty numeric(28,8)", "trade_time timestamp with time zone"], await ListAsync(connection,
            "SELECT attname || ' ' || format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'trades'::regclass AND attname IN ('price', 'qty', 'quote_qty', 'trade_time') ORDER BY attnum"));
        Assert.Equal(["CREATE UNIQUE INDEX trades_pkey ON ONLY public.trades USING btree (instrument, trade_id, trade_time)",
                      "CREATE INDEX trades_time ON ONLY public.trades USING brin (trade_time)"],
            await ListAsync(connection, "SELECT indexdef FROM pg_indexes WHERE tablename = 'trades' ORDER BY indexname"));
        // Each leaf has exactly the two indexes the load built, adopted by the parent's: none built twice.
        Assert.Equal(["trades_20240808_btcusdt_pkey", "trades_20240808_btcusdt_time"],
            await ListAsync(connection, "SELECT indexname FROM pg_indexes WHERE tablename = 'trades_20240808_btcusdt' ORDER BY 1"));
    }

    [Fact]
    public async Task A_trade_id_held_twice_fails_its_partition_and_leaves_it_as_it_was()
    {
        var day = Btc(Day1);
        var rows = SyntheticTrades.Of(day, 1_000, 100);
        await Lake.AppendAsync((day, rows), (Eth(Day1), SyntheticTrades.Of(Eth(Day1), 50_000, 50)));
        await Lake.AppendAsync((day, rows[90..]));
        var target = new PostgresTestTarget(await postgres.NewDatabaseAsync());

        var failure = await Assert.ThrowsAsync<ServingException>(() => Lake.LoadAsync(target));

        Assert.Contains("BTCUSDT 2024-08-08", failure.Message);
        Assert.Contains("binance-lake audit", failure.Message);
        Assert.Empty(await target.RowsAsync("instrument = 'BTCUSDT'"));
        Assert.DoesNotContain(await target.LedgerAsync(), line => line.StartsWith("BTCUSDT", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_damaged_file_fails_its_partition_midway_and_leaves_it_as_it_was()
    {
        // The partition's first file is read into the COPY before its second turns out to be damaged.
        var day = Btc(Day1);
        var rows = SyntheticTrades.Of(day, 1_000, 3_000);
        await Lake.AppendAsync((day, rows[..2_000]));
        await Task.Delay(10); // distinct modification times: the files load in this order
        await Lake.AppendAsync((day, rows[2_000..]));
        var target = new PostgresTestTarget(await postgres.NewDatabaseAsync());
        var damaged = new DirectoryInfo(Lake.Path).EnumerateFiles("*.parquet", SearchOption.AllDirectories).MaxBy(f => f.LastWriteTimeUtc)!;
        await using (var file = damaged.Open(FileMode.Open))
            file.SetLength(file.Length / 2);

        // The damage is what fails the load, not the server's view of a COPY cut short.
        await Assert.ThrowsAnyAsync<IOException>(() => Lake.LoadAsync(target));

        Assert.Empty(await target.RowsAsync());
        Assert.Empty(await target.LedgerAsync());
    }

    [Fact]
    public async Task A_lake_without_a_table_fails_before_the_database_is_touched()
    {
        var connectionString = await postgres.NewDatabaseAsync();

        await Assert.ThrowsAsync<DeltaTableNotFoundException>(() => Lake.LoadAsync(new PostgresTestTarget(connectionString)));

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        Assert.Empty(await ListAsync(connection, "SELECT relname::text FROM pg_class WHERE relname LIKE 'trades%'"));
    }

    [Fact]
    public async Task A_load_waits_while_another_holds_the_database()
    {
        await Lake.TwoByTwoAsync();
        var connectionString = await postgres.NewDatabaseAsync();
        await using var other = new NpgsqlConnection(connectionString);
        await other.OpenAsync();
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_lock(x'62696e616e6365'::bigint)", other))
            await command.ExecuteNonQueryAsync();

        var load = Lake.LoadAsync(new PostgresTestTarget(connectionString));
        var waited = await Task.WhenAny(load, Task.Delay(TimeSpan.FromSeconds(1))) != load;
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", other))
            await command.ExecuteNonQueryAsync();

        Assert.True(waited, "The load went ahead while another held the database.");
        Assert.Equal(4, (await load).PartitionsAdded);
    }

    private static async Task<List<string>> ListAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
            values.Add(reader.GetString(0));
        return values;
    }
}
