using System.Text.Json;

namespace Binance.Lake.Transform.Delta.Log;

/// <summary>
/// Reads a commit file: newline-delimited JSON, one action per line. Unknown actions (cdc, domainMetadata,
/// checkpointMetadata, sidecar, anything newer) and unknown fields are ignored, as the protocol requires.
/// </summary>
internal static class CommitJson
{
    public static CommitActions Parse(ReadOnlySpan<byte> content, long version)
    {
        var actions = new CommitActions();
        // Hand-written or Windows-edited logs may start with a UTF-8 byte order mark, which JSON does not allow.
        if (content.StartsWith("\uFEFF"u8))
            content = content[3..];
        var lineNumber = 0;
        while (!content.IsEmpty)
        {
            lineNumber++;
            var end = content.IndexOf((byte)'\n');
            var line = end < 0 ? content : content[..end];
            content = end < 0 ? [] : content[(end + 1)..];
            line = line.Trim(" \t\r"u8);
            if (line.IsEmpty)
                continue;
            try
            {
                using var document = JsonDocument.Parse(line.ToArray());
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                    throw new DeltaException($"Commit {version}, line {lineNumber}: an action must be a JSON object.");
                foreach (var property in document.RootElement.EnumerateObject())
                    Apply(actions, property.Name, property.Value, version);
            }
            catch (JsonException e)
            {
                throw new DeltaException($"Commit {version}, line {lineNumber} is not valid JSON: {e.Message}", e);
            }
        }
        return actions;
    }

    private static void Apply(CommitActions actions, string kind, JsonElement value, long version)
    {
        if (value.ValueKind != JsonValueKind.Object)
            return;
        switch (kind)
        {
            case "add":
                actions.Adds.Add(ParseAdd(value, version));
                break;
            case "remove":
                actions.Removes.Add(ParseRemove(value, version));
                break;
            case "metaData":
                actions.Metadata = ParseMetadata(value, version);
                break;
            case "protocol":
                actions.Protocol = ParseProtocol(value, version);
                break;
            case "txn":
                actions.Txns.Add(new Txn(
                    value.String("appId") ?? throw Missing(version, "txn", "appId"),
                    value.Long("version") ?? throw Missing(version, "txn", "version"),
                    value.Long("lastUpdated")));
                break;
            case "commitInfo":
                actions.CommitInfo = CommitInfo.FromJson(value);
                break;
        }
    }

    private static AddFile ParseAdd(JsonElement add, long version) =>
        new(
            add.String("path") ?? throw Missing(version, "add", "path"),
            PartitionValues.Normalise(add.Map("partitionValues")),
            add.Long("size") ?? 0,
            add.Long("modificationTime") ?? 0,
            add.Bool("dataChange") ?? true,
            add.String("stats"),
            NonNullValues(add.Map("tags")));

    private static RemoveFile ParseRemove(JsonElement remove, long version)
    {
        var partitionValues = remove.Map("partitionValues");
        return new RemoveFile(
            remove.String("path") ?? throw Missing(version, "remove", "path"),
            remove.Long("deletionTimestamp"),
            remove.Bool("dataChange") ?? true,
            remove.Bool("extendedFileMetadata"),
            partitionValues is null ? null : PartitionValues.Normalise(partitionValues),
            remove.Long("size"));
    }

    private static Metadata ParseMetadata(JsonElement metaData, long version) =>
        new(
            metaData.String("id") ?? throw Missing(version, "metaData", "id"),
            metaData.String("name"),
            metaData.String("description"),
            metaData.String("schemaString") ?? throw Missing(version, "metaData", "schemaString"),
            metaData.StringList("partitionColumns") ?? [],
            NonNullValues(metaData.Map("configuration")) ?? new Dictionary<string, string>(),
            metaData.Long("createdTime"));

    private static Protocol ParseProtocol(JsonElement protocol, long version) =>
        new(
            (int)(protocol.Long("minReaderVersion") ?? throw Missing(version, "protocol", "minReaderVersion")),
            (int)(protocol.Long("minWriterVersion") ?? throw Missing(version, "protocol", "minWriterVersion")))
        {
            ReaderFeatures = protocol.StringList("readerFeatures"),
            WriterFeatures = protocol.StringList("writerFeatures"),
        };

    internal static Dictionary<string, string>? NonNullValues(Dictionary<string, string?>? map) =>
        map?.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!, StringComparer.Ordinal);

    private static DeltaException Missing(long version, string action, string field) =>
        new($"Commit {version}: a '{action}' action has no '{field}'.");
}
