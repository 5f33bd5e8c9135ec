using System.Text;
using System.Text.Json;

namespace Binance.Lake.Transform.Delta;

/// <summary>
/// A table schema as Delta serialises it in <c>metaData.schemaString</c> (Spark's StructType JSON).
/// Only the top level is modelled: nested types are kept as their raw JSON so they round-trip untouched.
/// </summary>
public sealed record StructType(IReadOnlyList<StructField> Fields)
{
    /// <summary>The field of that name, compared case-insensitively as Delta column names are.</summary>
    public StructField? Field(string name) =>
        Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Parses a schemaString; throws <see cref="DeltaException"/> when it is not a struct schema.</summary>
    public static StructType Parse(string schemaString)
    {
        ArgumentNullException.ThrowIfNull(schemaString);
        try
        {
            using var document = JsonDocument.Parse(schemaString);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "struct"
                || !root.TryGetProperty("fields", out var fields) || fields.ValueKind != JsonValueKind.Array)
            {
                throw new DeltaException($"Schema is not a Spark struct type: {Shorten(schemaString)}");
            }
            return new StructType(fields.EnumerateArray().Select(ParseField).ToArray());
        }
        catch (JsonException e)
        {
            throw new DeltaException($"Schema is not valid JSON: {Shorten(schemaString)}", e);
        }
    }

    /// <summary>
    /// The compact JSON Spark writes (<c>{"type":"struct","fields":[{"name":..,"type":..,"nullable":..,"metadata":{}}]}</c>),
    /// keys in Spark's order so the string matches what Spark itself would produce for the same schema.
    /// </summary>
    public string ToJson()
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "struct");
            writer.WriteStartArray("fields");
            foreach (var field in Fields)
            {
                writer.WriteStartObject();
                writer.WriteString("name", field.Name);
                writer.WritePropertyName("type");
                if (field.IsNested)
                    writer.WriteRawValue(field.Type);
                else
                    writer.WriteStringValue(field.Type);
                writer.WriteBoolean("nullable", field.Nullable);
                writer.WritePropertyName("metadata");
                writer.WriteRawValue(field.Metadata);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public bool Equals(StructType? other) => other is not null && Fields.SequenceEqual(other.Fields);

    public override int GetHashCode() => Fields.Aggregate(0, (hash, field) => HashCode.Combine(hash, field));

    private static StructField ParseField(JsonElement field)
    {
        if (field.ValueKind != JsonValueKind.Object || !field.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
            throw new DeltaException($"Schema field has no name: {Shorten(field.GetRawText())}");
        if (!field.TryGetProperty("type", out var type) || type.ValueKind is not (JsonValueKind.String or JsonValueKind.Object))
            throw new DeltaException($"Schema field '{name.GetString()}' has no type.");
        var nullable = !field.TryGetProperty("nullable", out var n) || n.ValueKind != JsonValueKind.False;
        var metadata = field.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object ? m.GetRawText() : "{}";
        return new StructField(
            name.GetString()!,
            type.ValueKind == JsonValueKind.String ? type.GetString()! : type.GetRawText(),
            nullable,
            metadata);
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}

/// <summary>One column of a <see cref="StructType"/>.</summary>
/// <param name="Type">
/// A primitive type name as Delta spells it ("long", "integer", "string", "boolean", "timestamp", "date",
/// "decimal(18,8)", ...), or, for arrays, maps and structs, the type's raw JSON object.
/// </param>
/// <param name="Metadata">The column metadata as a raw JSON object, "{}" when there is none.</param>
public sealed record StructField(string Name, string Type, bool Nullable = true, string Metadata = "{}")
{
    /// <summary>True for array, map and struct columns, whose <see cref="Type"/> is raw JSON.</summary>
    public bool IsNested => Type.StartsWith('{');
}
