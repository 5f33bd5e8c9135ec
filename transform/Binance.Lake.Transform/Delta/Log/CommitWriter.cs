using System.Text.Encodings.Web;
using System.Text.Json;

namespace Binance.Lake.Transform.Delta.Log;

/// <summary>
/// Serialises one commit as newline-delimited JSON in the order the brief fixes: commitInfo, protocol,
/// metaData, txn, removes, adds. Null optional fields are left out, except partition values, where JSON null
/// is the way the protocol spells a null partition.
/// </summary>
internal static class CommitWriter
{
    public const string EngineInfo = "binance-lake";

    // Relaxed escaping keeps non-ASCII paths and values readable; it is only unsafe inside HTML.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Write(
        CommitInfoFields info,
        Protocol? protocol,
        Metadata? metadata,
        IEnumerable<Txn> txns,
        IEnumerable<RemoveFile> removes,
        IEnumerable<AddFile> adds)
    {
        var buffer = new MemoryStream();
        Line(buffer, w => WriteCommitInfo(w, info));
        if (protocol is not null)
            Line(buffer, w => WriteProtocol(w, protocol));
        if (metadata is not null)
            Line(buffer, w => WriteMetadata(w, metadata));
        foreach (var txn in txns)
            Line(buffer, w => WriteTxn(w, txn));
        foreach (var remove in removes)
            Line(buffer, w => WriteRemove(w, remove));
        foreach (var add in adds)
            Line(buffer, w => WriteAdd(w, add));
        return buffer.ToArray();
    }

    private static void Line(MemoryStream buffer, Action<Utf8JsonWriter> write)
    {
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
    }

    private static void WriteCommitInfo(Utf8JsonWriter w, CommitInfoFields info)
    {
        w.WriteStartObject("commitInfo");
        w.WriteNumber("timestamp", info.Timestamp);
        w.WriteString("operation", info.Operation);
        WriteStringMap(w, "operationParameters", info.OperationParameters);
        if (info.ReadVersion is { } readVersion)
            w.WriteNumber("readVersion", readVersion);
        w.WriteString("isolationLevel", info.IsolationLevel);
        w.WriteBoolean("isBlindAppend", info.IsBlindAppend);
        WriteStringMap(w, "operationMetrics", info.OperationMetrics);
        w.WriteString("engineInfo", EngineInfo);
        w.WriteString("txnId", info.TxnId);
        w.WriteEndObject();
    }

    private static void WriteProtocol(Utf8JsonWriter w, Protocol protocol)
    {
        w.WriteStartObject("protocol");
        w.WriteNumber("minReaderVersion", protocol.MinReaderVersion);
        w.WriteNumber("minWriterVersion", protocol.MinWriterVersion);
        w.WriteEndObject();
    }

    private static void WriteMetadata(Utf8JsonWriter w, Metadata metadata)
    {
        w.WriteStartObject("metaData");
        w.WriteString("id", metadata.Id);
        if (metadata.Name is not null)
            w.WriteString("name", metadata.Name);
        if (metadata.Description is not null)
            w.WriteString("description", metadata.Description);
        w.WriteStartObject("format");
        w.WriteString("provider", "parquet");
        w.WriteStartObject("options");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteString("schemaString", metadata.SchemaString);
        w.WriteStartArray("partitionColumns");
        foreach (var column in metadata.PartitionColumns)
            w.WriteStringValue(column);
        w.WriteEndArray();
        WriteStringMap(w, "configuration", metadata.Configuration);
        if (metadata.CreatedTime is { } created)
            w.WriteNumber("createdTime", created);
        w.WriteEndObject();
    }

    private static void WriteTxn(Utf8JsonWriter w, Txn txn)
    {
        w.WriteStartObject("txn");
        w.WriteString("appId", txn.AppId);
        w.WriteNumber("version", txn.Version);
        if (txn.LastUpdated is { } lastUpdated)
            w.WriteNumber("lastUpdated", lastUpdated);
        w.WriteEndObject();
    }

    private static void WriteRemove(Utf8JsonWriter w, RemoveFile remove)
    {
        w.WriteStartObject("remove");
        w.WriteString("path", remove.Path);
        if (remove.DeletionTimestamp is { } deleted)
            w.WriteNumber("deletionTimestamp", deleted);
        w.WriteBoolean("dataChange", remove.DataChange);
        if (remove.ExtendedFileMetadata is { } extended)
            w.WriteBoolean("extendedFileMetadata", extended);
        if (remove.PartitionValues is not null)
            WritePartitionValues(w, remove.PartitionValues);
        if (remove.Size is { } size)
            w.WriteNumber("size", size);
        w.WriteEndObject();
    }

    private static void WriteAdd(Utf8JsonWriter w, AddFile add)
    {
        w.WriteStartObject("add");
        w.WriteString("path", add.Path);
        WritePartitionValues(w, add.PartitionValues);
        w.WriteNumber("size", add.Size);
        w.WriteNumber("modificationTime", add.ModificationTime);
        w.WriteBoolean("dataChange", add.DataChange);
        if (add.Stats is not null)
            w.WriteString("stats", add.Stats);
        if (add.Tags is { Count: > 0 })
            WriteStringMap(w, "tags", add.Tags);
        w.WriteEndObject();
    }

    private static void WritePartitionValues(Utf8JsonWriter w, IReadOnlyDictionary<string, string?> values)
    {
        w.WriteStartObject("partitionValues");
        foreach (var (key, value) in values)
        {
            if (string.IsNullOrEmpty(value))
                w.WriteNull(key);
            else
                w.WriteString(key, value);
        }
        w.WriteEndObject();
    }

    private static void WriteStringMap(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, string>? map)
    {
        w.WriteStartObject(name);
        if (map is not null)
        {
            foreach (var (key, value) in map)
                w.WriteString(key, value);
        }
        w.WriteEndObject();
    }
}

/// <summary>The commitInfo fields this writer fills in.</summary>
internal sealed record CommitInfoFields(
    long Timestamp,
    string Operation,
    IReadOnlyDictionary<string, string>? OperationParameters,
    long? ReadVersion,
    string IsolationLevel,
    bool IsBlindAppend,
    IReadOnlyDictionary<string, string>? OperationMetrics,
    string TxnId);
