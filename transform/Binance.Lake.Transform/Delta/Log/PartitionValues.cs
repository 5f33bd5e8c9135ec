namespace Binance.Lake.Transform.Delta.Log;

/// <summary>
/// The protocol's three spellings of a null partition value: a missing key (Spark's removes), JSON null
/// (what Spark and this code write), and "" (the protocol's own wording). The literal "null" is a real value.
/// </summary>
internal static class PartitionValues
{
    /// <summary>"" becomes null; everything else is kept.</summary>
    public static Dictionary<string, string?> Normalise(IReadOnlyDictionary<string, string?>? values)
    {
        var map = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (values is not null)
        {
            foreach (var (key, value) in values)
                map[key] = string.IsNullOrEmpty(value) ? null : value;
        }
        return map;
    }

    /// <summary>
    /// The values with every partition column present (missing ones as null), or the same instance when nothing
    /// is missing, so replaying a large table does not copy every map.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> Complete(IReadOnlyDictionary<string, string?> values, IReadOnlyList<string> partitionColumns)
    {
        if (partitionColumns.All(values.ContainsKey))
            return values;
        var map = new Dictionary<string, string?>(values, StringComparer.Ordinal);
        foreach (var column in partitionColumns)
            map.TryAdd(column, null);
        return map;
    }

    /// <summary>One string identifying a file's partition, for "same partition" comparisons; nulls are distinct from every string.</summary>
    public static string Key(IReadOnlyDictionary<string, string?>? values, IReadOnlyList<string> partitionColumns)
    {
        var parts = partitionColumns.Select(column =>
            values is not null && values.TryGetValue(column, out var value) && !string.IsNullOrEmpty(value) ? "=" + value : "\0");
        return string.Join('\u0001', parts);
    }
}
