using System.Globalization;
using System.Text.Json;

namespace Binance.Lake.Transform.Delta;

/// <summary>
/// The <c>commitInfo</c> action. It is free-form provenance, so the whole object is kept as written
/// (<see cref="Raw"/>), with typed views of the fields this code and conflict detection rely on.
/// </summary>
public sealed class CommitInfo
{
    private CommitInfo(JsonElement raw)
    {
        Raw = raw;
        Operation = StringOf(raw, "operation");
        Timestamp = LongOf(raw, "timestamp");
        ReadVersion = LongOf(raw, "readVersion");
        IsBlindAppend = raw.TryGetProperty("isBlindAppend", out var blind) && blind.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? blind.GetBoolean()
            : null;
        IsolationLevel = StringOf(raw, "isolationLevel");
        EngineInfo = StringOf(raw, "engineInfo");
        OperationParameters = MapOf(raw, "operationParameters");
        OperationMetrics = MapOf(raw, "operationMetrics");
    }

    /// <summary>The object exactly as in the log (a detached copy, safe to keep).</summary>
    public JsonElement Raw { get; }

    public string? Operation { get; }

    /// <summary>Commit time in milliseconds since the epoch, as the writer's clock saw it.</summary>
    public long? Timestamp { get; }

    /// <summary>The snapshot version the writer read before committing; absent for a table's creation.</summary>
    public long? ReadVersion { get; }

    /// <summary>
    /// True when the commit only added files without reading the table. Null when the writer did not say,
    /// which conflict detection treats as "not blind".
    /// </summary>
    public bool? IsBlindAppend { get; }

    public string? IsolationLevel { get; }

    public string? EngineInfo { get; }

    /// <summary>
    /// Parameters as strings. Spark writes strings; delta-rs sometimes writes numbers or objects, which are kept
    /// as their JSON text.
    /// </summary>
    public IReadOnlyDictionary<string, string> OperationParameters { get; }

    /// <summary>Metrics as strings (Spark writes "3", delta-rs writes 3; both become "3").</summary>
    public IReadOnlyDictionary<string, string> OperationMetrics { get; }

    internal static CommitInfo FromJson(JsonElement element) => new(element.Clone());

    private static string? StringOf(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? LongOf(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var value))
            return null;
        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var n) => n,
            JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) => s,
            _ => null,
        };
    }

    private static IReadOnlyDictionary<string, string> MapOf(JsonElement obj, string name)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in value.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.Null)
                    continue;
                map[property.Name] = property.Value.ValueKind == JsonValueKind.String
                    ? property.Value.GetString()!
                    : property.Value.GetRawText();
            }
        }
        return map;
    }
}
