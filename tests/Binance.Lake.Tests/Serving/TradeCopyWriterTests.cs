using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Trades;
using Binance.Lake.Serving;
using Binance.Lake.Serving.Postgres;
using Binance.Lake.Tests.Transform;
using Binance.Lake.Transform.Trades;
using FsCheck;
using FsCheck.Fluent;
using Npgsql;

namespace Binance.Lake.Tests.Serving;

/// <summary>
/// The hand-written binary COPY stream against the real server: whatever decimal(28,8) and µs time a data file holds,
/// PostgreSQL stores exactly that value, as read back through Npgsql.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TradeCopyWriterTests(PostgresFixture postgres)
{
    private const string Instrument = "BTCUSDT";

    // One database for all of a test's tables: a database per property case would run the server out of connections.
    private readonly Lazy<Task<string>> _database = new(postgres.NewDatabaseAsync);

    [FsCheck.Xunit.Property(MaxTest = 40)]
    public Property Any_rows_are_stored_exactly() =>
        Prop.ForAll(Arb.From(TradeGenerators.Files(TradeGenerators.Micros)), rows => RoundTripAsync(rows).GetAwaiter().GetResult().SequenceEqual(Served(rows)));

    [Theory]
    [InlineData("0")]
    [InlineData("0.00000001")]
    [InlineData("0.00001234")]
    [InlineData("0.0001")]
    [InlineData("0.12345678")]
    [InlineData("1")]
    [InlineData("10000")]
    [InlineData("12345.6789")]
    [InlineData("92233720368.54775807")] // 2^63 - 1 unscaled: the last value of the 64-bit path
    [InlineData("92233720368.54775808")] // 2^63
    [InlineData("184467440737.09551615")] // 2^64 - 1
    [InlineData("184467440737.09551616")] // 2^64: the first of the 128-bit path
    [InlineData("100000000000000000000")]
    [InlineData("10000000000000000000.00000001")]
    [InlineData("99999999999999999999.99999999")]
    public async Task Edge_decimals_are_stored_exactly_either_sign(string text)
    {
        var value = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        // 10^20 itself has 21 integer digits: one past the type, kept only to show the check is live.
        if (value >= 100_000_000_000_000_000_000m)
        {
            Assert.Throws<InvalidDataException>(() => TradeFileWriter.Write([Row(1, value, 0)]));
            return;
        }
        TradeRow[] rows = [Row(1, value, 0), Row(2, -value, -1), Row(3, 1m, 946_684_800_000_000), Row(4, 0.5m, 946_684_799_999_999)];
        Assert.Equal(Served(rows), await RoundTripAsync(rows));
    }

    private static TradeRow Row(long id, decimal value, long micros) =>
        new(new Trade(id, value, -value, value, micros, true, false), RawSource.Archive);

    private static List<ServedTrade> Served(TradeRow[] rows) => [.. rows.Select(r => ServedTrade.Of(Instrument, r))];

    /// <summary>The rows through the data file, the load's reader and the COPY writer into a table, and read back.</summary>
    private async Task<List<ServedTrade>> RoundTripAsync(TradeRow[] rows)
    {
        var connectionString = await _database.Value;
        var table = $"copied_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand($"CREATE TABLE {table} ({ServedColumns.Definitions})", connection))
            await create.ExecuteNonQueryAsync();
        await using (var copy = await connection.BeginRawBinaryCopyAsync($"COPY {table} ({ServedColumns.Names}) FROM STDIN (FORMAT BINARY)"))
        {
            var writer = new TradeCopyWriter(copy, Instrument);
            await foreach (var group in TradeFileReader.ReadRowGroupsAsync(TradeFileWriter.Write(rows)))
                writer.Write(group, CancellationToken.None);
            writer.Complete();
            Assert.Equal(rows.Length, writer.Rows);
        }
        return await new PostgresTestTarget(connectionString).RowsAsync(table: table);
    }
}
