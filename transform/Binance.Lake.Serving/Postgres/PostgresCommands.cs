using Npgsql;

namespace Binance.Lake.Serving.Postgres;

/// <summary>One-statement round trips of the load, on whichever of its connections asks.</summary>
internal static class PostgresCommands
{
    /// <summary>Whether a table or index of that name exists, the name as SQL spells it (quoted or not).</summary>
    public static Task<bool> ExistsAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken) =>
        ScalarAsync<bool>(connection, "SELECT to_regclass($1) IS NOT NULL", cancellationToken, table);

    public static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, object? parameter = null)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (parameter is not null)
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        return (T)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
