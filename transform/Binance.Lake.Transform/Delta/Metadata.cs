namespace Binance.Lake.Transform.Delta;

/// <summary>
/// The <c>metaData</c> action. A later one replaces the whole of an earlier one, so it always carries the
/// complete schema, partitioning and configuration.
/// </summary>
public sealed record Metadata(
    string Id,
    string? Name,
    string? Description,
    string SchemaString,
    IReadOnlyList<string> PartitionColumns,
    IReadOnlyDictionary<string, string> Configuration,
    long? CreatedTime)
{
    /// <summary>
    /// The parsed <see cref="SchemaString"/>. Parsed on each access rather than cached, so the record's
    /// value equality stays what its constructor arguments say.
    /// </summary>
    public StructType Schema => StructType.Parse(SchemaString);

    /// <summary>Metadata for a new table: a fresh id, the schema serialised as Spark does, the creation time.</summary>
    public static Metadata Create(
        StructType schema,
        IReadOnlyList<string>? partitionColumns = null,
        IReadOnlyDictionary<string, string>? configuration = null,
        string? name = null,
        string? description = null,
        DateTimeOffset? createdTime = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return new Metadata(
            Guid.NewGuid().ToString(),
            name,
            description,
            schema.ToJson(),
            partitionColumns?.ToArray() ?? [],
            configuration is null ? new Dictionary<string, string>() : new Dictionary<string, string>(configuration),
            (createdTime ?? DateTimeOffset.UtcNow).ToUnixTimeMilliseconds());
    }
}
