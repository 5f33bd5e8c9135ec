using Binance.Lake.Transform.Delta;
using Binance.Lake.Transform.Trades;
using Microsoft.Extensions.Logging;

namespace Binance.Lake.Transform.Maintenance;

/// <summary>The state of one optimize run: the files it has written (committed or not yet) and its counters.</summary>
internal sealed class OptimizeRun(DeltaTable table, OptimizeOptions options, ILogger logger)
{
    private readonly List<string> _writtenKeys = [];

    public List<AddFile> Added { get; } = [];
    public long Rows { get; private set; }
    public long Duplicates { get; private set; }

    /// <summary>Reads the partition's small files, merges them by trade id and writes them as near-target files.</summary>
    public async Task RewriteAsync(PartitionRewrite rewrite, CancellationToken cancellationToken)
    {
        var inputs = new List<TradeRow[]>(rewrite.Files.Count);
        foreach (var file in rewrite.Files)
        {
            var bytes = await table.ReadDataFileAsync(file, cancellationToken).ConfigureAwait(false);
            inputs.Add(await TradeFileReader.ReadRowsAsync(bytes, cancellationToken).ConfigureAwait(false));
        }
        var merged = new MergedRows(inputs);
        inputs.Clear();
        var bytesPerRow = merged.InputRows == 0 ? 1 : (double)rewrite.Files.Sum(f => f.Size) / merged.InputRows;
        var files = 0;
        await new TargetSizedFiles(options.TargetFileBytes, bytesPerRow).WriteAsync(merged.Sorted(), async (rows, content) =>
        {
            var path = rewrite.Partition.NewFilePath();
            var key = table.DataKey(path);
            // Recorded before the put: a put that fails half-way may still leave an object to clean up.
            _writtenKeys.Add(key);
            await table.Store.PutAsync(key, content, cancellationToken).ConfigureAwait(false);
            // The partition values exactly as the log has them, so the new files land in the same partition.
            Added.Add(new AddFile(path, rewrite.Files[0].PartitionValues, content.Length, TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds(),
                DataChange: false, TradeFileStats.Of(rows), Tags: null));
            Rows += rows.Count;
            files++;
        }, cancellationToken).ConfigureAwait(false);

        Duplicates += merged.Duplicates;
        if (merged.Duplicates > 0)
            logger.LogWarning("{Partition}: {Duplicates:N0} rows repeated a trade id already in the partition and were dropped", rewrite.Partition, merged.Duplicates);
        logger.LogDebug("{Partition}: {Inputs} files, {Rows:N0} rows rewritten as {Files} file(s)", rewrite.Partition, rewrite.Files.Count, merged.InputRows - merged.Duplicates, files);
    }

    /// <summary>
    /// Deletes what this run wrote, after checking the latest snapshot does not reference it: a commit reported as
    /// lost may still have landed (a retried conditional put that had in fact succeeded), and deleting a live
    /// file would lose rows. Best effort: whatever stays behind is an orphan for vacuum.
    /// </summary>
    public async Task DeleteUnreferencedAsync()
    {
        if (_writtenKeys.Count == 0)
            return;
        try
        {
            var live = (await table.LoadAsync().ConfigureAwait(false)).Files.Select(f => table.DataKey(f.Path)).ToHashSet(StringComparer.Ordinal);
            foreach (var key in _writtenKeys.Where(k => !live.Contains(k)))
                await table.Store.DeleteAsync(key).ConfigureAwait(false);
            logger.LogInformation("Deleted the {Files} uncommitted file(s) this optimize had written", _writtenKeys.Count(k => !live.Contains(k)));
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not delete the files this optimize wrote; vacuum will remove them once past the retention");
        }
    }
}
