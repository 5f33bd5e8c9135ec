using System.Text.Json;

namespace Binance.Lake.Transform.Delta.Log;

/// <summary>
/// Lenient field access for log JSON: a missing field and an explicit <c>null</c> (delta-rs writes
/// <c>"tags":null</c>) mean the same thing.
/// </summary>
internal static class JsonValues
{
    public static JsonElement? Field(this JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    public static string? String(this JsonElement obj, string name) => obj.Field(name) is { } v ? AsText(v) : null;

    public static long? Long(this JsonElement obj, string name) =>
        obj.Field(name) is { ValueKind: JsonValueKind.Number } v && v.TryGetInt64(out var n) ? n : null;

    public static bool? Bool(this JsonElement obj, string name) =>
        obj.Field(name) is { ValueKind: JsonValueKind.True or JsonValueKind.False } v ? v.GetBoolean() : null;

    /// <summary>A string→string map; non-string values are kept as their JSON text.</summary>
    public static Dictionary<string, string?>? Map(this JsonElement obj, string name)
    {
        if (obj.Field(name) is not { ValueKind: JsonValueKind.Object } value)
            return null;
        var map = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
            map[property.Name] = property.Value.ValueKind == JsonValueKind.Null ? null : AsText(property.Value);
        return map;
    }

    public static List<string>? StringList(this JsonElement obj, string name) =>
        obj.Field(name) is { ValueKind: JsonValueKind.Array } value
            ? value.EnumerateArray().Where(e => e.ValueKind != JsonValueKind.Null).Select(AsText).ToList()
            : null;

    private static string AsText(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
}
