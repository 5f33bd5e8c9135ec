using Binance.Lake.Serving.Planning;
using Binance.Lake.Transform.Delta;
using Binance.Lake.Transform.Trades;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Binance.Lake.Serving.Postgres;

/// <summary>
/// A load into PostgreSQL. Each partition is one transaction: delete the instrument's rows from the day's partition,
/// binary COPY the files' rows straight into it, record the ledger entry, commit. Readers see the old day or the new
/// one, never a mix. COPY goes into the partition itself, not through a staging table and INSERT … ON CONFLICT:
/// after the delete nothing can conflict, so staging would only write every row twice; a duplicate id in the lake
/// fails the primary key instead of vanishing silently.
/// </summary>
internal sealed class PostgresDatabase : IServingDatabase
{
    // Loads into one database take turns: a second one waits here rather than racing the first partition by partition.
    // The key is an arbitrary constant ("binance" in ASCII), held per session, so a crashed load releases it.
    private const long LoadLockKey = 0x62_69_6E_61_6E_63_65;

    private readonly NpgsqlConnection _connection;

    private PostgresDatabase(NpgsqlConnection connection) => _connection = connection;

    public static async Task<IServingDatabase> OpenAsync(PostgresTarget target, ILogger logger, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(target.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException e)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new ServingException($"Cannot connect to PostgreSQL ({target.Description}): {e.Message}. Check that the server runs and the host, port, database and credentials of --target.", e);
        }
        var database = new PostgresDatabase(connection);
        try
        {
            if (!await database.ScalarAsync<bool>($"SELECT pg_try_advisory_lock({LoadLockKey})", cancellationToken).ConfigureAwait(false))
            {
                logger.LogInformation("Another load into {Target} is running; waiting for it to finish", target.Description);
                await database.ScalarAsync<object>($"SELECT pg_advisory_lock({LoadLockKey})", cancellationToken).ConfigureAwait(false);
            }
            // Checked first so that a rerun runs no DDL at all: nothing is written when nothing is new.
            if (!await database.ScalarAsync<bool>($"SELECT to_regclass('{PostgresSchema.Table}') IS NOT NULL AND to_regclass('{LoadLedger.Table}') IS NOT NULL", cancellationToken).ConfigureAwait(false))
                await database.ExecuteAsync(PostgresSchema.Create, cancellationToken).ConfigureAwait(false);
            return database;
        }
        catch
        {
            await database.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public Task<IReadOnlyDictionary<TradePartition, LoadedPartition>> ReadLedgerAsync(CancellationToken cancellationToken) =>
        LoadLedger.ReadAsync(_connection, cancellationToken);

    public async Task LoadAsync(DeltaTable table, LoadPlan plan, Action<PartitionLoad, long> loaded, CancellationToken cancellationToken)
    {
        await using var readAhead = new RowGroupReadAhead(table, plan, cancellationToken);
        for (var i = 0; i < plan.Loads.Count; i++)
        {
            var load = plan.Loads[i];
            var partition = PostgresSchema.PartitionTable(load.Partition.Day);
            // Its own short transaction: creating a partition locks the whole table, which must not last a COPY.
            if (!await ScalarAsync<bool>($"SELECT to_regclass('{partition}') IS NOT NULL", cancellationToken).ConfigureAwait(false))
                await ExecuteAsync(PostgresSchema.CreatePartition(load.Partition.Day), cancellationToken).ConfigureAwait(false);

            await using var transaction = await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var delete = new NpgsqlCommand($"DELETE FROM {partition} WHERE instrument = $1", _connection, transaction))
            {
                delete.Parameters.Add(new NpgsqlParameter { Value = load.Partition.Instrument });
                await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            ulong rows;
            try
            {
                await using var copy = await _connection.BeginBinaryImportAsync(
                    $"COPY {partition} ({PostgresSchema.CopyColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
                await foreach (var group in readAhead.RowsOfAsync(i).ConfigureAwait(false))
                    TradeCopy.Write(copy, load.Partition.Instrument, group, cancellationToken);
                rows = await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                throw new ServingException(
                    $"{load.Partition}: the table holds a trade id twice ({e.Detail}), so it was not loaded. Run `binance-lake audit` to see which.", e);
            }
            await LoadLedger.RecordAsync(_connection, transaction, load, (long)rows, plan.TableVersion, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            loaded(load, (long)rows);
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private async Task<T> ScalarAsync<T>(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, _connection);
        return (T)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, _connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
