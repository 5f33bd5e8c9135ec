using Binance.Lake.Serving.Planning;
using Binance.Lake.Transform.Delta;
using Binance.Lake.Transform.Trades;
using Npgsql;
using static Binance.Lake.Serving.Postgres.PostgresCommands;

namespace Binance.Lake.Serving.Postgres;

/// <summary>
/// One lake partition into PostgreSQL: a new leaf filled by binary COPY, its indexes built in bulk, swapped in for
/// the old leaf, and the ledger entry, all in one transaction on the given connection.
/// </summary>
internal static class LeafLoad
{
    /// <summary>Loads the partition; returns the rows written.</summary>
    public static async Task<long> RunAsync(NpgsqlConnection connection, DeltaTable table, PartitionLoad load, long tableVersion, CancellationToken cancellationToken)
    {
        var partition = load.Partition;
        var leaf = LeafNames.Of(partition);
        var built = LeafNames.Of(partition, "_load");
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, PostgresSchema.CreateLeaf(built, partition), cancellationToken).ConfigureAwait(false);
        long rows;
        try
        {
            rows = await CopyAsync(connection, table, load, built, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, PostgresSchema.IndexLeaf(built), cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new ServingException(
                $"{partition}: the table holds a trade id twice ({e.Detail}), so it was not loaded. Run `binance-lake audit` to see which.", e);
        }
        // The swap. Only detaching the old leaf locks the day against readers, until the commit a moment later.
        if (await ExistsAsync(connection, leaf.Table, cancellationToken).ConfigureAwait(false))
            await ExecuteAsync(connection, PostgresSchema.DetachAndDrop(partition), cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, PostgresSchema.Rename(built, leaf) + "; " + PostgresSchema.Attach(partition), cancellationToken).ConfigureAwait(false);
        await LoadLedger.RecordAsync(connection, transaction, load, rows, tableVersion, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return rows;
    }

    /// <summary>
    /// The partition's files into the new leaf, decoded row group by row group as the COPY goes, so memory stays at
    /// one row group whatever the file sizes.
    /// </summary>
    private static async Task<long> CopyAsync(NpgsqlConnection connection, DeltaTable table, PartitionLoad load, LeafNames built, CancellationToken cancellationToken)
    {
        // FREEZE: the table is new in this transaction, so its rows can be written frozen; no later vacuum rewrites them.
        await using var copy = await connection.BeginRawBinaryCopyAsync(
            $"COPY {built.Table} ({ServedColumns.Names}) FROM STDIN (FORMAT BINARY, FREEZE)", cancellationToken).ConfigureAwait(false);
        var writer = new TradeCopyWriter(copy, load.Partition.Instrument);
        try
        {
            foreach (var file in load.Files)
            {
                var content = await table.ReadDataFileAsync(file, cancellationToken).ConfigureAwait(false);
                await foreach (var group in TradeFileReader.ReadRowGroupsAsync(content, cancellationToken).ConfigureAwait(false))
                {
                    using (group)
                        writer.Write(group, cancellationToken);
                }
            }
            writer.Complete();
        }
        catch
        {
            // A raw COPY stream disposed unfinished would end the COPY with what was sent, and the server's complaint
            // about that would hide the real failure; cancelled, the COPY fails quietly and the transaction rolls back.
            await copy.CancelAsync().ConfigureAwait(false);
            throw;
        }
        return writer.Rows;
    }
}
