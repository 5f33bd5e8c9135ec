using System.Data.Common;
using Binance.Lake.Transform.Trades;

namespace Binance.Lake.Serving.Planning;

/// <summary>
/// The table <c>trades_load_state</c> in the target: per partition, the fingerprint of the data files its rows came
/// from, their count, the rows, the table version and when. It is written in the same transaction as the rows, so
/// it never claims rows the target lacks. The SQL is the same in PostgreSQL and DuckDB.
/// </summary>
internal static class LoadLedger
{
    public const string Table = "trades_load_state";

    public const string Columns = """
        instrument text NOT NULL,
        trade_date date NOT NULL,
        files_sha256 text NOT NULL,
        files integer NOT NULL,
        rows bigint NOT NULL,
        table_version bigint NOT NULL,
        loaded_at timestamptz NOT NULL,
        PRIMARY KEY (instrument, trade_date)
        """;

    public static async Task<IReadOnlyDictionary<TradePartition, LoadedPartition>> ReadAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT instrument, trade_date, files_sha256 FROM {Table}";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var ledger = new Dictionary<TradePartition, LoadedPartition>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var partition = new TradePartition(reader.GetString(0), reader.GetFieldValue<DateOnly>(1));
            ledger[partition] = new LoadedPartition(partition, reader.GetString(2));
        }
        return ledger;
    }

    public static async Task RecordAsync(DbConnection connection, DbTransaction transaction, PartitionLoad load, long rows, long tableVersion, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            INSERT INTO {Table} (instrument, trade_date, files_sha256, files, rows, table_version, loaded_at)
            VALUES ($1, $2, $3, $4, $5, $6, current_timestamp)
            ON CONFLICT (instrument, trade_date) DO UPDATE SET
                files_sha256 = excluded.files_sha256, files = excluded.files, rows = excluded.rows,
                table_version = excluded.table_version, loaded_at = excluded.loaded_at
            """;
        foreach (var value in new object[] { load.Partition.Instrument, load.Partition.Day, load.FilesSha256, load.Files.Count, rows, tableVersion })
        {
            var parameter = command.CreateParameter();
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
