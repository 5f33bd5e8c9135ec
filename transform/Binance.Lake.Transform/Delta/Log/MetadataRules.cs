using System.Globalization;
using System.Text.RegularExpressions;

namespace Binance.Lake.Transform.Delta.Log;

/// <summary>
/// What metadata this writer may commit: a schema every (1,2) reader understands, with column names Spark,
/// Glue and Athena accept, and partition columns that exist and are primitive.
/// </summary>
internal static partial class MetadataRules
{
    private static readonly HashSet<string> Primitives = new(StringComparer.Ordinal)
    {
        "string", "long", "integer", "short", "byte", "float", "double", "boolean", "binary", "date", "timestamp",
    };

    // Types that need a table feature (reader 3 / writer 7) or that no engine can store.
    private static readonly string[] Unsupported = ["timestamp_ntz", "variant", "void"];

    /// <summary>Throws <see cref="DeltaException"/> naming the first problem.</summary>
    public static void Validate(Metadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (string.IsNullOrWhiteSpace(metadata.Id))
            throw new DeltaException("metaData.id must not be empty.");
        var schema = metadata.Schema;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in schema.Fields)
        {
            if (string.IsNullOrEmpty(field.Name) || InvalidNameCharacters().IsMatch(field.Name))
                throw new DeltaException($"Column name '{field.Name}' is empty or contains one of ' ,;{{}}()\\n\\t=', which Spark rejects without column mapping.");
            if (!seen.Add(field.Name))
                throw new DeltaException($"Column name '{field.Name}' appears twice (Delta column names are case-insensitive).");
            if (!IsSupportedType(field.Type))
                throw new DeltaException($"Column '{field.Name}' has type {field.Type}, which a (1,2) table cannot hold.");
        }
        var partitions = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var column in metadata.PartitionColumns)
        {
            var field = schema.Field(column) ?? throw new DeltaException($"Partition column '{column}' is not in the schema.");
            if (field.IsNested)
                throw new DeltaException($"Partition column '{column}' must have a primitive type, not {field.Type}.");
            if (!partitions.Add(column))
                throw new DeltaException($"Partition column '{column}' is listed twice.");
        }
        if (partitions.Count == schema.Fields.Count && partitions.Count > 0)
            throw new DeltaException("At least one column must not be a partition column: data files cannot be empty of columns.");
    }

    /// <summary>
    /// Writer version 2 means enforcing column invariants on every write. This layer never sees rows, so it
    /// refuses to write to a table that declares any rather than silently not enforcing them.
    /// </summary>
    public static void EnsureWritable(Metadata metadata, string table)
    {
        if (metadata.Schema.Fields.FirstOrDefault(f => f.Metadata.Contains("delta.invariants", StringComparison.Ordinal)) is { } field)
            throw new DeltaException($"Delta table {table}: column '{field.Name}' declares delta.invariants, which this writer cannot enforce.");
    }

    private static bool IsSupportedType(string type)
    {
        if (type.StartsWith('{'))
            return !Unsupported.Any(u => type.Contains('"' + u + '"', StringComparison.Ordinal));
        if (Primitives.Contains(type))
            return true;
        var match = DecimalType().Match(type);
        return match.Success
            && int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture) is >= 1 and <= 38 and var precision
            && int.Parse(match.Groups[2].ValueSpan, CultureInfo.InvariantCulture) <= precision;
    }

    [GeneratedRegex(@"[ ,;{}()\n\t=]", RegexOptions.CultureInvariant)]
    private static partial Regex InvalidNameCharacters();

    [GeneratedRegex(@"^decimal\((\d{1,2}),\s*(\d{1,2})\)$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalType();
}
