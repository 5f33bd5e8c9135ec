using Binance.Lake.Transform.Delta.Log;
using Parquet;
using ParquetStruct = Parquet.Schema.StructField;

namespace Binance.Lake.Transform.Delta.Checkpoints;

/// <summary>
/// Reads a classic single-file checkpoint into the same shape as a commit. Columns are found by name, never by
/// position: Spark 0.2, Spark 3 / Delta 3 and delta-rs all order them differently and add columns of their own
/// (cdc, commitInfo, deletionVector, stats_parsed, ...), which are simply not read.
/// </summary>
internal static class CheckpointReader
{
    public static async Task<CommitActions> ReadAsync(byte[] content, long version, CancellationToken ct)
    {
        var actions = new CommitActions();
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            await using var reader = await ParquetReader.CreateAsync(stream, cancellationToken: ct).ConfigureAwait(false);
            var top = reader.Schema.Fields.OfType<ParquetStruct>().ToDictionary(f => f.Name, StringComparer.Ordinal);
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var rowGroup = reader.OpenRowGroupReader(g);
                StructColumns Columns(string name) => new(rowGroup, top.GetValueOrDefault(name), ct);
                await ReadProtocolAsync(Columns("protocol"), actions).ConfigureAwait(false);
                await ReadMetadataAsync(Columns("metaData"), actions).ConfigureAwait(false);
                await ReadTxnsAsync(Columns("txn"), actions).ConfigureAwait(false);
                await ReadAddsAsync(Columns("add"), actions).ConfigureAwait(false);
                await ReadRemovesAsync(Columns("remove"), actions).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not (OperationCanceledException or DeltaException))
        {
            throw new DeltaException($"Checkpoint {version} cannot be read: {e.Message}", e);
        }
        return actions;
    }

    private static async Task ReadProtocolAsync(StructColumns c, CommitActions actions)
    {
        var reader = await c.LongsAsync("minReaderVersion").ConfigureAwait(false);
        var writer = await c.LongsAsync("minWriterVersion").ConfigureAwait(false);
        var readerFeatures = await c.ListsAsync("readerFeatures").ConfigureAwait(false);
        var writerFeatures = await c.ListsAsync("writerFeatures").ConfigureAwait(false);
        for (var i = 0; i < reader.Length; i++)
        {
            if (reader[i] is { } r && writer[i] is { } w)
                actions.Protocol = new Protocol((int)r, (int)w) { ReaderFeatures = readerFeatures[i], WriterFeatures = writerFeatures[i] };
        }
    }

    private static async Task ReadMetadataAsync(StructColumns c, CommitActions actions)
    {
        var id = await c.StringsAsync("id").ConfigureAwait(false);
        var name = await c.StringsAsync("name").ConfigureAwait(false);
        var description = await c.StringsAsync("description").ConfigureAwait(false);
        var schema = await c.StringsAsync("schemaString").ConfigureAwait(false);
        var partitionColumns = await c.ListsAsync("partitionColumns").ConfigureAwait(false);
        var configuration = await c.MapsAsync("configuration").ConfigureAwait(false);
        var created = await c.LongsAsync("createdTime").ConfigureAwait(false);
        for (var i = 0; i < id.Length; i++)
        {
            if (id[i] is null || schema[i] is null)
                continue;
            actions.Metadata = new Metadata(
                id[i]!,
                name[i],
                description[i],
                schema[i]!,
                partitionColumns[i] ?? [],
                CommitJson.NonNullValues(configuration[i]) ?? new Dictionary<string, string>(),
                created[i]);
        }
    }

    private static async Task ReadTxnsAsync(StructColumns c, CommitActions actions)
    {
        var appId = await c.StringsAsync("appId").ConfigureAwait(false);
        var version = await c.LongsAsync("version").ConfigureAwait(false);
        var lastUpdated = await c.LongsAsync("lastUpdated").ConfigureAwait(false);
        for (var i = 0; i < appId.Length; i++)
        {
            if (appId[i] is { } app && version[i] is { } v)
                actions.Txns.Add(new Txn(app, v, lastUpdated[i]));
        }
    }

    private static async Task ReadAddsAsync(StructColumns c, CommitActions actions)
    {
        var path = await c.StringsAsync("path").ConfigureAwait(false);
        var partitionValues = await c.MapsAsync("partitionValues").ConfigureAwait(false);
        var size = await c.LongsAsync("size").ConfigureAwait(false);
        var modificationTime = await c.LongsAsync("modificationTime").ConfigureAwait(false);
        var dataChange = await c.BoolsAsync("dataChange").ConfigureAwait(false);
        var stats = await c.StringsAsync("stats").ConfigureAwait(false);
        var tags = await c.MapsAsync("tags").ConfigureAwait(false);
        for (var i = 0; i < path.Length; i++)
        {
            if (path[i] is not { } p)
                continue;
            actions.Adds.Add(new AddFile(
                p,
                PartitionValues.Normalise(partitionValues[i]),
                size[i] ?? 0,
                modificationTime[i] ?? 0,
                dataChange[i] ?? false,
                stats[i],
                tags[i] is { Count: > 0 } t ? CommitJson.NonNullValues(t) : null));
        }
    }

    private static async Task ReadRemovesAsync(StructColumns c, CommitActions actions)
    {
        var path = await c.StringsAsync("path").ConfigureAwait(false);
        var deletionTimestamp = await c.LongsAsync("deletionTimestamp").ConfigureAwait(false);
        var dataChange = await c.BoolsAsync("dataChange").ConfigureAwait(false);
        var extended = await c.BoolsAsync("extendedFileMetadata").ConfigureAwait(false);
        var partitionValues = await c.MapsAsync("partitionValues").ConfigureAwait(false);
        var size = await c.LongsAsync("size").ConfigureAwait(false);
        for (var i = 0; i < path.Length; i++)
        {
            if (path[i] is not { } p)
                continue;
            actions.Removes.Add(new RemoveFile(
                p,
                deletionTimestamp[i],
                dataChange[i] ?? false,
                extended[i],
                partitionValues[i] is { } values ? PartitionValues.Normalise(values) : null,
                size[i]));
        }
    }
}
