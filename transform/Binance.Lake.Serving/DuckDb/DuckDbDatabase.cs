using System.Globalization;
using Binance.Lake.Serving.Planning;
using Binance.Lake.Transform.Delta;
using Binance.Lake.Transform.Trades;
using DuckDB.NET.Data;

namespace Binance.Lake.Serving.DuckDb;

/// <summary>
/// A load into a DuckDB file. DuckDB reads the partition's Parquet files itself (read_parquet), adding the
/// instrument, which lives in the Delta log rather than in the files; each partition is one transaction: delete the
/// instrument's rows of the day, insert the files' rows sorted by id, record the ledger entry. The table has no
/// primary key: DuckDB's index would slow every bulk insert and hold every key in memory; uniqueness comes from
/// the ledger and the lake, and min/max zone maps over rows inserted in id order serve range queries.
/// </summary>
internal sealed class DuckDbDatabase : IServingDatabase
{
    private const string Table = "trades";

    private static readonly string Create = $"""
        CREATE TABLE IF NOT EXISTS {Table} (
        {ServedColumns.Definitions}
        );
        CREATE TABLE IF NOT EXISTS {LoadLedger.Table} (
        {LoadLedger.Columns}
        );
        """;

    private readonly DuckDBConnection _connection;

    private DuckDbDatabase(DuckDBConnection connection) => _connection = connection;

    public static async Task<IServingDatabase> OpenAsync(DuckDbTarget target, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target.Path)!);
        var connection = new DuckDBConnection(new DuckDBConnectionStringBuilder { DataSource = target.Path }.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DuckDBException e)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new ServingException($"Cannot open the DuckDB file {target.Path}: {e.Message}. One process at a time may write it: is another load or a client holding it?", e);
        }
        var database = new DuckDbDatabase(connection);
        // Checked first so that a rerun runs no DDL at all: nothing is written when nothing is new.
        var tables = await database.ScalarAsync($"SELECT count(*) FROM duckdb_tables() WHERE table_name IN ('{Table}', '{LoadLedger.Table}')", cancellationToken).ConfigureAwait(false);
        if (Convert.ToInt64(tables, CultureInfo.InvariantCulture) < 2)
            await database.ExecuteAsync(Create, null, cancellationToken).ConfigureAwait(false);
        return database;
    }

    public Task<IReadOnlyDictionary<TradePartition, LoadedPartition>> ReadLedgerAsync(CancellationToken cancellationToken) =>
        LoadLedger.ReadAsync(_connection, cancellationToken);

    public async Task LoadAsync(DeltaTable table, LoadPlan plan, Action<PartitionLoad, long> loaded, CancellationToken cancellationToken)
    {
        foreach (var load in plan.Loads)
        {
            using var files = await LocalDataFiles.GetAsync(table, load.Files, cancellationToken).ConfigureAwait(false);
            var day = load.Partition.Day;
            await using var transaction = await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(
                $"DELETE FROM {Table} WHERE instrument = $1 AND trade_time >= {Midnight(day)} AND trade_time < {Midnight(day.AddDays(1))}",
                load.Partition.Instrument, cancellationToken).ConfigureAwait(false);
            var rows = await ExecuteAsync($"""
                INSERT INTO {Table} ({ServedColumns.Names})
                SELECT $1::VARCHAR, trade_id, price, qty, quote_qty, trade_time, is_buyer_maker, is_best_match, source
                FROM read_parquet([{string.Join(", ", files.Paths.Select(Literal))}])
                ORDER BY trade_id
                """, load.Partition.Instrument, cancellationToken).ConfigureAwait(false);
            await LoadLedger.RecordAsync(_connection, transaction, load, rows, plan.TableVersion, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            loaded(load, rows);
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private static string Midnight(DateOnly day) => $"TIMESTAMPTZ '{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} 00:00:00+00'";

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private async Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<long> ExecuteAsync(string sql, string? instrument, CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = sql;
        if (instrument is not null)
            command.Parameters.Add(new DuckDBParameter(instrument));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
