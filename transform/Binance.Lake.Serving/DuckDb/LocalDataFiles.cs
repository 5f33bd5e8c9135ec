using Binance.Lake.Core.Storage;
using Binance.Lake.Transform.Delta;

namespace Binance.Lake.Serving.DuckDb;

/// <summary>
/// A partition's data files as local paths for DuckDB's read_parquet: a local lake's files where they are, an S3
/// lake's downloaded into a temp folder first (DuckDB's S3 extension cannot be installed offline, and would need
/// credentials of its own), deleted again on dispose.
/// </summary>
internal sealed class LocalDataFiles : IDisposable
{
    private readonly string? _downloads;

    private LocalDataFiles(IReadOnlyList<string> paths, string? downloads)
    {
        Paths = paths;
        _downloads = downloads;
    }

    public IReadOnlyList<string> Paths { get; }

    public static async Task<LocalDataFiles> GetAsync(DeltaTable table, IReadOnlyList<AddFile> files, CancellationToken cancellationToken)
    {
        if (table.Store is LocalObjectStore store)
            return new LocalDataFiles(files.Select(f => store.Describe(table.DataKey(f.Path))).ToList(), null);
        var downloads = Directory.CreateTempSubdirectory("binance-lake-load-").FullName;
        var local = new LocalDataFiles(files.Select((_, i) => Path.Combine(downloads, $"{i}.parquet")).ToList(), downloads);
        try
        {
            for (var i = 0; i < files.Count; i++)
                await File.WriteAllBytesAsync(local.Paths[i], await table.ReadDataFileAsync(files[i], cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            return local;
        }
        catch
        {
            local.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (_downloads is not null)
            Directory.Delete(_downloads, recursive: true);
    }
}
