using System.Data.Common;
using System.Security.Cryptography;
using Binance.Lake.Serving;
using DuckDB.NET.Data;
using Npgsql;

namespace Binance.Lake.Tests.Serving;

/// <summary>A serving target under test, and independent reads of what it holds.</summary>
internal abstract class ServingTestTarget
{
    public abstract ServingTarget Target { get; }

    /// <summary>The target's spelling on the command line.</summary>
    public abstract string Argument { get; }

    /// <summary>A trade's time as µs since the epoch, in the database's own SQL.</summary>
    protected abstract string Micros { get; }

    protected abstract DbConnection Connect();

    /// <summary>
    /// Evidence of every write since it was last taken: equal before and after a run only if that run inserted,
    /// deleted, replaced and created nothing.
    /// </summary>
    public abstract Task<string> WriteMarkAsync();

    /// <summary>
    /// The id of the newest transaction that wrote a row, to tell rows a later run wrote from those it left alone;
    /// null where the database keeps no such id per row (DuckDB).
    /// </summary>
    public virtual Task<long?> NewestRowWriteAsync() => Task.FromResult<long?>(null);

    public virtual Task<long> RowsWrittenAfterAsync(long transaction) => throw new NotSupportedException();

    public Task<List<ServedTrade>> RowsAsync(string where = "true", string table = "trades") => QueryAsync(
        $"SELECT instrument, trade_id, price, qty, quote_qty, {Micros}, is_buyer_maker, is_best_match, source FROM {table} WHERE {where} ORDER BY instrument, trade_id",
        r => new ServedTrade(r.GetString(0), r.GetInt64(1), r.GetDecimal(2), r.GetDecimal(3), r.GetDecimal(4), r.GetInt64(5), r.GetBoolean(6), r.GetBoolean(7), r.GetString(8)));

    /// <summary>The ledger, one line per partition: instrument, day, files, rows, table version.</summary>
    public Task<List<string>> LedgerAsync() => QueryAsync(
        "SELECT instrument, trade_date, files, rows, table_version FROM trades_load_state ORDER BY instrument, trade_date",
        r => $"{r.GetString(0)} {r.GetFieldValue<DateOnly>(1):yyyy-MM-dd} files={r.GetInt32(2)} rows={r.GetInt64(3)} v{r.GetInt64(4)}");

    protected async Task<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> read)
    {
        await using var connection = Connect();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync())
            values.Add(read(reader));
        return values;
    }
}

internal sealed class PostgresTestTarget(string connectionString) : ServingTestTarget
{
    public override ServingTarget Target => new PostgresTarget(connectionString);

    public override string Argument => "postgres:" + connectionString;

    protected override string Micros => "(extract(epoch FROM trade_time) * 1000000)::bigint";

    protected override DbConnection Connect() => new NpgsqlConnection(connectionString);

    /// <summary>
    /// Every row's xmin (the transaction that wrote it) and the tables: a rewritten row gets a new xmin, a deleted one
    /// leaves the list, a new partition adds a table.
    /// </summary>
    public override async Task<string> WriteMarkAsync() => string.Join(",", await QueryAsync("""
        SELECT 'trades ' || count(*) || ' ' || coalesce(max(xmin::text::bigint), 0) FROM trades
        UNION ALL SELECT 'ledger ' || string_agg(xmin::text, ' ' ORDER BY instrument, trade_date) FROM trades_load_state
        UNION ALL SELECT 'tables ' || string_agg(relname || ':' || xmin::text, ' ' ORDER BY relname) FROM pg_class WHERE relname LIKE 'trades%'
        """, r => r.GetString(0)));

    public override async Task<long?> NewestRowWriteAsync() =>
        (await QueryAsync("SELECT coalesce(max(xmin::text::bigint), 0) FROM trades", r => r.GetInt64(0)))[0];

    public override async Task<long> RowsWrittenAfterAsync(long transaction) =>
        (await QueryAsync($"SELECT count(*) FROM trades WHERE xmin::text::bigint > {transaction}", r => r.GetInt64(0)))[0];
}

internal sealed class DuckDbTestTarget(string path) : ServingTestTarget
{
    public override ServingTarget Target => new DuckDbTarget(path);

    public override string Argument => "duckdb:" + path;

    protected override string Micros => "epoch_us(trade_time)";

    // Read-only, so checking the file never changes it.
    protected override DbConnection Connect() => new DuckDBConnection($"Data Source={path};ACCESS_MODE=READ_ONLY");

    /// <summary>The file's bytes: DuckDB rewrites blocks for any change.</summary>
    public override Task<string> WriteMarkAsync() => Task.FromResult(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))));
}
