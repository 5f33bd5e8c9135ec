using Parquet;
using Parquet.Data;
using Parquet.Schema;

namespace Binance.Lake.Transform.Delta.Checkpoints;

/// <summary>
/// One Parquet leaf column of a row group with its Dremel levels, values aligned to levels (null where the
/// definition level says the value is absent). Reading leaves one by one, by name, is what lets the checkpoint
/// reader ignore columns it does not need, in whatever order and of whatever type other writers put them.
/// </summary>
internal sealed class LeafColumn
{
    private LeafColumn(DataField field, int[] definitions, int[] repetitions, object?[] values)
    {
        Field = field;
        Definitions = definitions;
        Repetitions = repetitions;
        Values = values;
    }

    public DataField Field { get; }

    public int[] Definitions { get; }

    public int[] Repetitions { get; }

    /// <summary>Per level: the value as string, long or bool; null when undefined or of a type this reader does not convert.</summary>
    public object?[] Values { get; }

    public int Count => Definitions.Length;

    /// <summary>
    /// The level at which the innermost repeated group (map entry, list element) exists: at or above it there is
    /// an entry, below it the map or list is empty, null or inside a null struct.
    /// </summary>
    public int EntryLevel => Field.IsNullable ? Field.MaxDefinitionLevel - 1 : Field.MaxDefinitionLevel;

    public bool IsDefined(int level) => Definitions[level] == Field.MaxDefinitionLevel;

    public static async Task<LeafColumn> ReadAsync(ParquetRowGroupReader rowGroup, DataField field, CancellationToken ct)
    {
        using var raw = await rowGroup.ReadRawColumnDataBaseAsync(field, ct).ConfigureAwait(false);
        var dense = Dense(raw);
        var rows = (int)rowGroup.RowCount;
        var definitions = field.MaxDefinitionLevel > 0 ? raw.DefinitionLevels.ToArray() : null;
        var repetitions = field.MaxRepetitionLevel > 0 ? raw.RepetitionLevels.ToArray() : null;
        var count = definitions?.Length ?? repetitions?.Length ?? rows;
        definitions ??= Enumerable.Repeat(field.MaxDefinitionLevel, count).ToArray();
        repetitions ??= new int[count];

        var values = new object?[count];
        var next = 0;
        for (var i = 0; i < count; i++)
        {
            if (definitions[i] == field.MaxDefinitionLevel)
            {
                values[i] = next < dense.Length ? dense[next] : null;
                next++;
            }
        }
        return new LeafColumn(field, definitions, repetitions, values);
    }

    private static object?[] Dense(RawColumnData raw) => raw switch
    {
        RawColumnData<ReadOnlyMemory<char>> s => Convert(s.Values, v => (object?)v.ToString()),
        RawColumnData<long> l => Convert(l.Values, v => (object?)v),
        RawColumnData<int> i => Convert(i.Values, v => (object?)(long)v),
        RawColumnData<bool> b => Convert(b.Values, v => (object?)v),
        RawColumnData<ReadOnlyMemory<byte>> bytes => Convert(bytes.Values, v => (object?)System.Text.Encoding.UTF8.GetString(v.Span)),
        _ => [],
    };

    private static object?[] Convert<T>(ReadOnlySpan<T> values, Func<T, object?> convert)
    {
        var result = new object?[values.Length];
        for (var i = 0; i < values.Length; i++)
            result[i] = convert(values[i]);
        return result;
    }
}
