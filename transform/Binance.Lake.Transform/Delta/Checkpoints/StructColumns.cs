using Parquet;
using Parquet.Schema;
using ParquetStruct = Parquet.Schema.StructField;

namespace Binance.Lake.Transform.Delta.Checkpoints;

/// <summary>
/// Per-row values of the children of one top-level struct column (add, remove, txn, ...) in one row group,
/// looked up by name. A child the file does not have reads as all nulls: columns vary by writer.
/// </summary>
internal sealed class StructColumns(ParquetRowGroupReader rowGroup, ParquetStruct? parent, CancellationToken ct)
{
    private readonly int _rows = (int)rowGroup.RowCount;

    public async Task<string?[]> StringsAsync(string name) => await ScalarsAsync(name, v => v as string).ConfigureAwait(false);

    public async Task<long?[]> LongsAsync(string name) => await ScalarsAsync(name, v => v as long?).ConfigureAwait(false);

    public async Task<bool?[]> BoolsAsync(string name) => await ScalarsAsync(name, v => v as bool?).ConfigureAwait(false);

    /// <summary>A MAP&lt;string,string&gt; child per row: null when the map (or the struct) is null; entries with null values kept.</summary>
    public async Task<Dictionary<string, string?>?[]> MapsAsync(string name)
    {
        var result = new Dictionary<string, string?>?[_rows];
        if (Child(name) is not MapField { Key: DataField keyField, Value: DataField valueField })
            return result;
        var keys = await LeafColumn.ReadAsync(rowGroup, keyField, ct).ConfigureAwait(false);
        var values = await LeafColumn.ReadAsync(rowGroup, valueField, ct).ConfigureAwait(false);
        // The map group itself sits one level above its repeated key_value group.
        var mapLevel = keys.EntryLevel - 1;
        var row = -1;
        for (var i = 0; i < keys.Count; i++)
        {
            if (keys.Repetitions[i] == 0)
                row++;
            if (row >= _rows)
                break;
            if (keys.Definitions[i] >= mapLevel)
                result[row] ??= new Dictionary<string, string?>(StringComparer.Ordinal);
            if (keys.IsDefined(i) && keys.Values[i] is string key)
                result[row]![key] = values.IsDefined(i) ? values.Values[i] as string : null;
        }
        return result;
    }

    /// <summary>A LIST&lt;string&gt; child per row: null when the list (or the struct) is null; null elements dropped.</summary>
    public async Task<List<string>?[]> ListsAsync(string name)
    {
        var result = new List<string>?[_rows];
        if (Child(name) is not ListField { Item: DataField itemField })
            return result;
        var items = await LeafColumn.ReadAsync(rowGroup, itemField, ct).ConfigureAwait(false);
        var listLevel = items.EntryLevel - 1;
        var row = -1;
        for (var i = 0; i < items.Count; i++)
        {
            if (items.Repetitions[i] == 0)
                row++;
            if (row >= _rows)
                break;
            if (items.Definitions[i] >= listLevel)
                result[row] ??= [];
            if (items.IsDefined(i) && items.Values[i] is string item)
                result[row]!.Add(item);
        }
        return result;
    }

    private async Task<T?[]> ScalarsAsync<T>(string name, Func<object?, T?> convert)
    {
        var result = new T?[_rows];
        if (Child(name) is not DataField field || field.MaxRepetitionLevel != 0)
            return result;
        var column = await LeafColumn.ReadAsync(rowGroup, field, ct).ConfigureAwait(false);
        for (var i = 0; i < Math.Min(_rows, column.Count); i++)
            result[i] = convert(column.Values[i]);
        return result;
    }

    private Field? Child(string name) => parent?.Fields.FirstOrDefault(f => f.Name == name);
}
