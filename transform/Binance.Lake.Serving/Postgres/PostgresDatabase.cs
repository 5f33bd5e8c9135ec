using Binance.Lake.Serving.Planning;
using Binance.Lake.Transform.Delta;
using Binance.Lake.Transform.Trades;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Binance.Lake.Serving.Postgres;

/// <summary>
/// A load into PostgreSQL. Each lake partition is one transaction that builds its leaf table whole beside the old one
/// (binary COPY into a new unindexed table, then both indexes built in bulk), swaps it in (detach and drop the old
/// leaf, attach the new) and records the ledger entry. Readers see the old partition or the new one, never a mix,
/// and are blocked only for the swap. Replacing a leaf instead of deleting and re-inserting rows leaves no dead rows
/// to vacuum, and nothing can conflict, so no staging table or INSERT … ON CONFLICT is needed: a duplicate id in
/// the lake fails the primary key instead of vanishing silently.
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
            if (!await database.ExistsAsync(PostgresSchema.Table, cancellationToken).ConfigureAwait(false)
                || !await database.ExistsAsync(LoadLedger.Table, cancellationToken).ConfigureAwait(false))
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
            var partition = load.Partition;
            // Its own short transaction: creating a day locks the whole table, which must not last a COPY.
            if (!await ExistsAsync(LeafNames.DayTable(partition.Day), cancellationToken).ConfigureAwait(false))
                await ExecuteAsync(PostgresSchema.CreateDay(partition.Day), cancellationToken).ConfigureAwait(false);

            var leaf = LeafNames.Of(partition);
            var built = LeafNames.Of(partition, "_load");
            await using var transaction = await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(PostgresSchema.CreateLeaf(built, partition), cancellationToken).ConfigureAwait(false);
            long rows;
            try
            {
                // FREEZE: the table is new in this transaction, so its rows can be written frozen; no later vacuum rewrites them.
                await using (var copy = await _connection.BeginRawBinaryCopyAsync(
                    $"COPY {built.Table} ({ServedColumns.Names}) FROM STDIN (FORMAT BINARY, FREEZE)", cancellationToken).ConfigureAwait(false))
                {
                    var writer = new TradeCopyWriter(copy, partition.Instrument);
                    await foreach (var group in readAhead.RowsOfAsync(i).ConfigureAwait(false))
                        writer.Write(group, cancellationToken);
                    writer.Complete();
                    rows = writer.Rows;
                }
                await ExecuteAsync(PostgresSchema.IndexLeaf(built), cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                throw new ServingException(
                    $"{partition}: the table holds a trade id twice ({e.Detail}), so it was not loaded. Run `binance-lake audit` to see which.", e);
            }
            // The swap. Only detaching the old leaf locks the day against readers, until the commit a moment later.
            if (await ExistsAsync(leaf.Table, cancellationToken).ConfigureAwait(false))
                await ExecuteAsync(PostgresSchema.DetachAndDrop(partition), cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(PostgresSchema.Rename(built, leaf) + "; " + PostgresSchema.Attach(partition), cancellationToken).ConfigureAwait(false);
            await LoadLedger.RecordAsync(_connection, transaction, load, rows, plan.TableVersion, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            loaded(load, rows);
        }
    }

    private Task<bool> ExistsAsync(string table, CancellationToken cancellationToken) =>
        ScalarAsync<bool>("SELECT to_regclass($1) IS NOT NULL", cancellationToken, table);

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private async Task<T> ScalarAsync<T>(string sql, CancellationToken cancellationToken, object? parameter = null)
    {
        await using var command = new NpgsqlCommand(sql, _connection);
        if (parameter is not null)
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        return (T)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, _connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
