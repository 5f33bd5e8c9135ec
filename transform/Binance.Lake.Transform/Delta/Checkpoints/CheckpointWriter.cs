using Parquet;
using Parquet.Schema;
using ParquetStruct = Parquet.Schema.StructField;

namespace Binance.Lake.Transform.Delta.Checkpoints;

/// <summary>
/// Writes a classic checkpoint: one row per action, one nullable struct column per action type, per the
/// PROTOCOL checkpoint schema (partitionValues, tags, configuration and format.options as MAP&lt;string,string&gt;,
/// partitionColumns as LIST&lt;string&gt;, stats as a JSON string). Columns are written leaf by leaf with explicit
/// definition and repetition levels, because a null struct and a struct of nulls must stay distinguishable
/// (every row has four null structs and one real one).
/// </summary>
internal static class CheckpointWriter
{
    public static async Task<byte[]> WriteAsync(IReadOnlyList<CheckpointRow> rows, CancellationToken ct)
    {
        var plan = new ColumnPlan();
        var schema = new ParquetSchema(
            new ParquetStruct("txn",
                plan.String("appId", r => r.Txn is not null, r => r.Txn!.AppId),
                plan.Scalar<long>("version", r => r.Txn is not null, r => r.Txn!.Version),
                plan.Scalar<long>("lastUpdated", r => r.Txn is not null, r => r.Txn!.LastUpdated)),
            new ParquetStruct("add",
                plan.String("path", r => r.Add is not null, r => r.Add!.Path),
                plan.Map("partitionValues", r => r.Add is not null, r => r.Add!.PartitionValues),
                plan.Scalar<long>("size", r => r.Add is not null, r => r.Add!.Size),
                plan.Scalar<long>("modificationTime", r => r.Add is not null, r => r.Add!.ModificationTime),
                plan.Scalar<bool>("dataChange", r => r.Add is not null, r => r.Add!.DataChange),
                plan.String("stats", r => r.Add is not null, r => r.Add!.Stats),
                plan.Map("tags", r => r.Add is not null, r => r.Add!.Tags?.ToDictionary(kv => kv.Key, kv => (string?)kv.Value))),
            new ParquetStruct("remove",
                plan.String("path", r => r.Remove is not null, r => r.Remove!.Path),
                plan.Scalar<long>("deletionTimestamp", r => r.Remove is not null, r => r.Remove!.DeletionTimestamp),
                plan.Scalar<bool>("dataChange", r => r.Remove is not null, r => r.Remove!.DataChange),
                plan.Scalar<bool>("extendedFileMetadata", r => r.Remove is not null, r => r.Remove!.ExtendedFileMetadata),
                plan.Map("partitionValues", r => r.Remove is not null, r => r.Remove!.PartitionValues),
                plan.Scalar<long>("size", r => r.Remove is not null, r => r.Remove!.Size)),
            new ParquetStruct("metaData",
                plan.String("id", r => r.Metadata is not null, r => r.Metadata!.Id),
                plan.String("name", r => r.Metadata is not null, r => r.Metadata!.Name),
                plan.String("description", r => r.Metadata is not null, r => r.Metadata!.Description),
                new ParquetStruct("format",
                    plan.String("provider", r => r.Metadata is not null, _ => "parquet"),
                    plan.Map("options", r => r.Metadata is not null, _ => new Dictionary<string, string?>())),
                plan.String("schemaString", r => r.Metadata is not null, r => r.Metadata!.SchemaString),
                plan.List("partitionColumns", r => r.Metadata is not null, r => r.Metadata!.PartitionColumns),
                plan.Map("configuration", r => r.Metadata is not null, r => r.Metadata!.Configuration.ToDictionary(kv => kv.Key, kv => (string?)kv.Value)),
                plan.Scalar<long>("createdTime", r => r.Metadata is not null, r => r.Metadata!.CreatedTime)),
            new ParquetStruct("protocol",
                plan.Scalar<int>("minReaderVersion", r => r.Protocol is not null, r => r.Protocol!.MinReaderVersion),
                plan.Scalar<int>("minWriterVersion", r => r.Protocol is not null, r => r.Protocol!.MinWriterVersion)));

        var buffer = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(schema, buffer, cancellationToken: ct).ConfigureAwait(false))
        {
            using var rowGroup = writer.CreateRowGroup();
            // Leaves must be written in schema order; the plan recorded them in declaration order, which is the same.
            var leaves = schema.GetDataFields();
            if (leaves.Length != plan.Leaves.Count)
                throw new InvalidOperationException("Checkpoint schema and column plan disagree.");
            for (var i = 0; i < leaves.Length; i++)
            {
                if (!ReferenceEquals(leaves[i], plan.Leaves[i].Field))
                    throw new InvalidOperationException($"Checkpoint column {leaves[i].Path} is out of order.");
                await plan.Leaves[i].Write(rowGroup, rows, ct).ConfigureAwait(false);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// Declares leaf fields and remembers how to compute each one's values and levels. Every leaf here sits
    /// below exactly one optional top-level struct (a row's action), with every intermediate group present
    /// whenever that struct is: so a missing action is definition level 0 for all of its leaves.
    /// </summary>
    private sealed class ColumnPlan
    {
        public List<(DataField Field, Func<ParquetRowGroupWriter, IReadOnlyList<CheckpointRow>, CancellationToken, Task> Write)> Leaves { get; } = [];

        public DataField String(string name, Func<CheckpointRow, bool> present, Func<CheckpointRow, string?> value)
        {
            var field = new DataField<string>(name, true);
            Leaves.Add((field, (rg, rows, ct) =>
            {
                var values = new List<ReadOnlyMemory<char>>();
                var definitions = new int[rows.Count];
                for (var i = 0; i < rows.Count; i++)
                {
                    var v = present(rows[i]) ? value(rows[i]) : null;
                    definitions[i] = !present(rows[i]) ? 0 : v is null ? field.MaxDefinitionLevel - 1 : field.MaxDefinitionLevel;
                    if (v is not null)
                        values.Add(v.AsMemory());
                }
                return rg.WriteAllPartsAsync<ReadOnlyMemory<char>>(field, values.ToArray(), definitions, null, ct);
            }));
            return field;
        }

        public DataField Scalar<T>(string name, Func<CheckpointRow, bool> present, Func<CheckpointRow, T?> value)
            where T : struct
        {
            var field = new DataField<T?>(name);
            Leaves.Add((field, (rg, rows, ct) =>
            {
                var values = new List<T>();
                var definitions = new int[rows.Count];
                for (var i = 0; i < rows.Count; i++)
                {
                    var v = present(rows[i]) ? value(rows[i]) : null;
                    definitions[i] = !present(rows[i]) ? 0 : v is null ? field.MaxDefinitionLevel - 1 : field.MaxDefinitionLevel;
                    if (v is { } defined)
                        values.Add(defined);
                }
                return rg.WriteAllPartsAsync<T>(field, values.ToArray(), definitions, null, ct);
            }));
            return field;
        }

        public Field Map(string name, Func<CheckpointRow, bool> present, Func<CheckpointRow, IReadOnlyDictionary<string, string?>?> map)
        {
            var key = new DataField<string>("key", false);
            var value = new DataField<string>("value", true);
            Leaves.Add((key, (rg, rows, ct) => WriteEntries(rg, rows, key, present, r => map(r)?.Select(kv => (string?)kv.Key).ToList(), ct)));
            Leaves.Add((value, (rg, rows, ct) => WriteEntries(rg, rows, value, present, r => map(r)?.Select(kv => kv.Value).ToList(), ct)));
            return new MapField(name, key, value);
        }

        public Field List(string name, Func<CheckpointRow, bool> present, Func<CheckpointRow, IReadOnlyList<string>?> list)
        {
            var element = new DataField<string>("element", true);
            Leaves.Add((element, (rg, rows, ct) => WriteEntries(rg, rows, element, present, r => list(r)?.Select(s => (string?)s).ToList(), ct)));
            return new ListField(name, element);
        }

        /// <summary>
        /// A repeated leaf (map key, map value, list element). Levels per row: absent action → def 0; null
        /// collection → the level just below the collection group; empty → the collection group's level; else
        /// one level per entry, repetition 0 for the first and the leaf's repetition level for the rest.
        /// </summary>
        private static Task WriteEntries(
            ParquetRowGroupWriter rg,
            IReadOnlyList<CheckpointRow> rows,
            DataField leaf,
            Func<CheckpointRow, bool> present,
            Func<CheckpointRow, List<string?>?> entries,
            CancellationToken ct)
        {
            var entryLevel = leaf.IsNullable ? leaf.MaxDefinitionLevel - 1 : leaf.MaxDefinitionLevel;
            var collectionLevel = entryLevel - 1;
            var values = new List<ReadOnlyMemory<char>>();
            var definitions = new List<int>();
            var repetitions = new List<int>();
            foreach (var row in rows)
            {
                var items = present(row) ? entries(row) : null;
                if (!present(row) || items is null || items.Count == 0)
                {
                    definitions.Add(!present(row) ? 0 : items is null ? collectionLevel - 1 : collectionLevel);
                    repetitions.Add(0);
                    continue;
                }
                for (var j = 0; j < items.Count; j++)
                {
                    repetitions.Add(j == 0 ? 0 : leaf.MaxRepetitionLevel);
                    definitions.Add(items[j] is null ? leaf.MaxDefinitionLevel - 1 : leaf.MaxDefinitionLevel);
                    if (items[j] is { } item)
                        values.Add(item.AsMemory());
                }
            }
            return rg.WriteAllPartsAsync<ReadOnlyMemory<char>>(leaf, values.ToArray(), definitions.ToArray(), repetitions.ToArray(), ct);
        }
    }
}
