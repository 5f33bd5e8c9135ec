using System.Text.Json;
using System.Text.RegularExpressions;
using Binance.Lake.Core.Storage;
using Binance.Lake.Tests.Support;
using Binance.Lake.Transform.Delta;
using DuckDB.NET.Data;

namespace Binance.Lake.Tests.Delta;

/// <summary>A clock the test sets, so tombstone expiry and commit times do not depend on when the test runs.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>Opening and copying the shared Delta fixtures.</summary>
internal static class DeltaFixtures
{
    public static string Folder(string table) => RepositoryPaths.Fixture("delta/" + table);

    /// <summary>The fixture read-only, at the store root.</summary>
    public static DeltaTable Open(string table, TimeProvider? clock = null) => new(new LocalObjectStore(Folder(table)), "", clock: clock);

    /// <summary>A private copy for tests that change the log.</summary>
    public static string CopyTo(string table, TempFolder temp)
    {
        var source = Folder(table);
        var target = Path.Combine(temp.Path, table);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
        return target;
    }
}

/// <summary>
/// An independent, deliberately naive replay of a fixture's JSON commits (no checkpoints, no library code),
/// to check the library's file lists against.
/// </summary>
internal sealed partial class HandReplay
{
    public long Version { get; private set; } = -1;
    public HashSet<string> Live { get; } = new(StringComparer.Ordinal);
    public HashSet<string> Removed { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, long> Txns { get; } = new(StringComparer.Ordinal);

    public static HandReplay Of(string tableFolder, long? upTo = null)
    {
        var replay = new HandReplay();
        var commits = Directory.GetFiles(Path.Combine(tableFolder, "_delta_log"))
            .Select(Path.GetFileName)
            .Where(name => CommitName().IsMatch(name!))
            .Order(StringComparer.Ordinal);
        foreach (var name in commits)
        {
            var version = long.Parse(name![..20], System.Globalization.CultureInfo.InvariantCulture);
            if (version > upTo)
                break;
            replay.Version = version;
            foreach (var line in File.ReadAllLines(Path.Combine(tableFolder, "_delta_log", name)).Where(l => l.Length > 0))
            {
                using var doc = JsonDocument.Parse(line);
                if (doc.RootElement.TryGetProperty("add", out var add))
                {
                    replay.Live.Add(add.GetProperty("path").GetString()!);
                    replay.Removed.Remove(add.GetProperty("path").GetString()!);
                }
                if (doc.RootElement.TryGetProperty("remove", out var remove))
                {
                    replay.Live.Remove(remove.GetProperty("path").GetString()!);
                    replay.Removed.Add(remove.GetProperty("path").GetString()!);
                }
                if (doc.RootElement.TryGetProperty("txn", out var txn))
                    replay.Txns[txn.GetProperty("appId").GetString()!] = txn.GetProperty("version").GetInt64();
            }
        }
        return replay;
    }

    [GeneratedRegex(@"^\d{20}\.json$")]
    private static partial Regex CommitName();
}

/// <summary>DuckDB as an outside reader of the Parquet files (data files and checkpoints).</summary>
internal sealed class DuckDb : IDisposable
{
    private readonly DuckDBConnection _connection = new("DataSource=:memory:");

    public DuckDb() => _connection.Open();

    public List<string[]> Query(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string[]>();
        while (reader.Read())
        {
            var row = new string[reader.FieldCount];
            for (var i = 0; i < reader.FieldCount; i++)
                row[i] = reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!;
            rows.Add(row);
        }
        return rows;
    }

    public string Scalar(string sql) => Query(sql).Single().Single();

    public static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>
    /// The rows of a snapshot as a Delta reader sees them: each live file read as plain Parquet, partition values
    /// injected from the log and typed by the schema. Each row is "v1|v2|..." in <paramref name="columns"/> order,
    /// every value cast to VARCHAR; the list is sorted.
    /// </summary>
    public List<string> TableRows(string tableFolder, DeltaTable table, Snapshot snapshot, params string[] columns)
    {
        if (snapshot.Files.Count == 0)
            return [];
        var schema = snapshot.Metadata.Schema;
        var partitions = snapshot.Metadata.PartitionColumns;
        var selects = snapshot.Files.Select(file =>
        {
            var path = Path.Combine(tableFolder, table.DataKey(file.Path));
            var values = columns.Select(c => partitions.Contains(c)
                ? $"CAST(CAST({(file.PartitionValues[c] is { } v ? Literal(v) : "NULL")} AS {DuckType(schema.Field(c)!.Type)}) AS VARCHAR)"
                : $"CAST(\"{c}\" AS VARCHAR)");
            return $"SELECT {string.Join(", ", values)} FROM read_parquet({Literal(path)})";
        });
        return Query(string.Join(" UNION ALL ", selects)).Select(r => string.Join('|', r)).Order(StringComparer.Ordinal).ToList();
    }

    public void Dispose() => _connection.Dispose();

    private static string DuckType(string deltaType) => deltaType switch
    {
        "integer" => "INTEGER",
        "long" => "BIGINT",
        "short" => "SMALLINT",
        "byte" => "TINYINT",
        "boolean" => "BOOLEAN",
        "float" => "FLOAT",
        "double" => "DOUBLE",
        "date" => "DATE",
        "timestamp" => "TIMESTAMP",
        "string" or "binary" => "VARCHAR",
        _ when deltaType.StartsWith("decimal", StringComparison.Ordinal) => deltaType.ToUpperInvariant(),
        _ => throw new NotSupportedException(deltaType),
    };
}

/// <summary>Wraps a store to make chosen operations fail or to watch them.</summary>
internal sealed class InterceptingStore(IObjectStore inner) : IObjectStore
{
    public Func<string, bool> FailPut { get; set; } = _ => false;

    public string Root => inner.Root;

    public string Describe(string key) => inner.Describe(key);

    public Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        FailPut(key) ? throw new IOException($"injected failure writing {key}") : inner.PutAsync(key, content, cancellationToken);

    public Task<bool> PutIfAbsentAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        inner.PutIfAbsentAsync(key, content, cancellationToken);

    public Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default) => inner.GetAsync(key, cancellationToken);

    public IAsyncEnumerable<StoredObject> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, cancellationToken);
}
