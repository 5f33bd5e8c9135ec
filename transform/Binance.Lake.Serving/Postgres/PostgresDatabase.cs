using Binance.Lake.Serving.Planning;
using Binance.Lake.Transform.Delta;
using Binance.Lake.Transform.Trades;
using Microsoft.Extensions.Logging;
using Npgsql;
using static Binance.Lake.Serving.Postgres.PostgresCommands;

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

    private readonly PostgresTarget _target;
    private readonly NpgsqlConnection _connection;

    private PostgresDatabase(PostgresTarget target, NpgsqlConnection connection)
    {
        _target = target;
        _connection = connection;
    }

    public static async Task<IServingDatabase> OpenAsync(PostgresTarget target, ILogger logger, CancellationToken cancellationToken)
    {
        var connection = await ConnectAsync(target, cancellationToken).ConfigureAwait(false);
        var database = new PostgresDatabase(target, connection);
        try
        {
            if (!await ScalarAsync<bool>(connection, $"SELECT pg_try_advisory_lock({LoadLockKey})", cancellationToken).ConfigureAwait(false))
            {
                logger.LogInformation("Another load into {Target} is running; waiting for it to finish", target.Description);
                await ScalarAsync<object>(connection, $"SELECT pg_advisory_lock({LoadLockKey})", cancellationToken).ConfigureAwait(false);
            }
            // Checked first so that a rerun runs no DDL at all: nothing is written when nothing is new. A database
            // loaded before the time index became BRIN lacks the new index; Create replaces the old one.
            if (!await ExistsAsync(connection, PostgresSchema.Table, cancellationToken).ConfigureAwait(false)
                || !await ExistsAsync(connection, LoadLedger.Table, cancellationToken).ConfigureAwait(false)
                || !await ExistsAsync(connection, PostgresSchema.TimeIndexName, cancellationToken).ConfigureAwait(false))
                await ExecuteAsync(connection, PostgresSchema.Create, cancellationToken).ConfigureAwait(false);
            return database;
        }
        catch
        {
            await database.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<NpgsqlConnection> ConnectAsync(PostgresTarget target, CancellationToken cancellationToken)
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
        // The load already builds two indexes at once, one per connection; parallel workers for each build would
        // only compete for the same cores, and their sorted runs cost a merge a single sort does not need.
        await ExecuteAsync(connection, "SET max_parallel_maintenance_workers = 0", cancellationToken).ConfigureAwait(false);
        return connection;
    }

    public Task<IReadOnlyDictionary<TradePartition, LoadedPartition>> ReadLedgerAsync(CancellationToken cancellationToken) =>
        LoadLedger.ReadAsync(_connection, cancellationToken);

    public async Task LoadAsync(DeltaTable table, LoadPlan plan, Action<PartitionLoad, long> loaded, CancellationToken cancellationToken)
    {
        // Each in its own short transaction, all before any COPY: creating a day locks the whole table, which
        // must wait for no COPY's transaction, and none of those may wait for it.
        foreach (var day in plan.Loads.Select(l => l.Partition.Day).Distinct())
        {
            if (!await ExistsAsync(_connection, LeafNames.DayTable(day), cancellationToken).ConfigureAwait(false))
                await ExecuteAsync(_connection, PostgresSchema.CreateDay(day), cancellationToken).ConfigureAwait(false);
        }

        // The server parses a COPY and builds an index on one core per connection, which is most of a load's work;
        // a second connection writes another partition meanwhile. Partitions stay one transaction each, and this
        // session's advisory lock still keeps other loads out. After a failure no new partition is started.
        var next = -1;
        var failed = 0;
        async Task LoadPartitionsAsync(NpgsqlConnection connection)
        {
            int i;
            while (Volatile.Read(ref failed) == 0 && (i = Interlocked.Increment(ref next)) < plan.Loads.Count)
            {
                try
                {
                    var rows = await LeafLoad.RunAsync(connection, table, plan.Loads[i], plan.TableVersion, cancellationToken).ConfigureAwait(false);
                    loaded(plan.Loads[i], rows);
                }
                catch
                {
                    Volatile.Write(ref failed, 1);
                    throw;
                }
            }
        }

        if (plan.Loads.Count < 2)
        {
            await LoadPartitionsAsync(_connection).ConfigureAwait(false);
            return;
        }
        await using var second = await ConnectAsync(_target, cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(Task.Run(() => LoadPartitionsAsync(_connection), cancellationToken), Task.Run(() => LoadPartitionsAsync(second), cancellationToken))
            .ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        // Released explicitly: a pooled connection keeps its session, and with it the lock, until it is next used,
        // and the next load may well be handed the load's other connection instead.
        try
        {
            if (_connection.State == System.Data.ConnectionState.Open)
                await ScalarAsync<bool>(_connection, $"SELECT pg_advisory_unlock({LoadLockKey})", CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
