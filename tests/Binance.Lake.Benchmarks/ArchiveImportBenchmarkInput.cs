using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Binance.Lake.Simulator;

namespace Binance.Lake.Benchmarks;

/// <summary>
/// The archive-import benchmark's input: one whole past day of simulated BTCUSDT trades as the bulk archive
/// serves it (<c>BTCUSDT-trades-YYYY-MM-DD.zip</c> and its <c>.CHECKSUM</c>), fetched over HTTP from an in-process
/// simulator whose clock is frozen at <see cref="Now"/>, so the history, the zip's bytes and its checksum are the
/// same on every run; plus the zip's CSV, unzipped for DuckDB. Cached under /tmp/binance-lake-bench-archive-&lt;tps&gt;
/// so reruns skip it; generation is not measured.
/// </summary>
internal static class ArchiveImportBenchmarkInput
{
    public const string Symbol = "BTCUSDT";
    private const string Marker = "_bench-input.json";

    /// <summary>The simulator's frozen "now": noon of the day after <see cref="Day"/>, which is then a whole past day.</summary>
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The imported day; from 2025 on, so the archive writes its times in µs.</summary>
    public static readonly DateOnly Day = new(2026, 11, 19);

    public sealed record Description(int TradesPerSecond, DateOnly Day, DateTimeOffset Clock, long Trades, long FirstId, long LastId, long ZipBytes, long CsvBytes)
    {
        public string ZipName => $"{Symbol}-trades-{Day:yyyy-MM-dd}.zip";
    }

    /// <summary>The paths of one cached input.</summary>
    public sealed record Files(string Folder, Description Input)
    {
        public string Zip => Path.Combine(Folder, Input.ZipName);
        public string Checksum => Zip + ".CHECKSUM";
        public string Csv => Path.ChangeExtension(Zip, ".csv");
        public IEnumerable<string> All => [Zip, Checksum, Csv];
    }

    /// <summary>The cached input for this density, generated first when missing or different.</summary>
    public static async Task<Files> EnsureAsync(int tradesPerSecond)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"binance-lake-bench-archive-{tradesPerSecond}");
        var marker = Path.Combine(folder, Marker);
        if (File.Exists(marker)
            && JsonSerializer.Deserialize<Description>(await File.ReadAllTextAsync(marker)) is { } cached
            && cached.TradesPerSecond == tradesPerSecond && cached.Day == Day && cached.Clock == Now
            && new Files(folder, cached) is var files && files.All.All(File.Exists)
            && new FileInfo(files.Zip).Length == cached.ZipBytes && new FileInfo(files.Csv).Length == cached.CsvBytes)
        {
            Console.WriteLine($"input: cached {folder} ({cached.Trades:N0} trades of {cached.Day:yyyy-MM-dd}; zip {cached.ZipBytes / 1048576.0:N0} MiB, CSV {cached.CsvBytes / 1048576.0:N0} MiB)");
            return files;
        }

        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
        var partial = folder + ".partial";
        if (Directory.Exists(partial))
            Directory.Delete(partial, recursive: true);
        Directory.CreateDirectory(partial);

        var stopwatch = Stopwatch.StartNew();
        Console.WriteLine($"input: building the {Symbol} archive day {Day:yyyy-MM-dd} at {tradesPerSecond} trades/s of simulated history into {folder}");
        var zipName = new Description(tradesPerSecond, Day, Now, 0, 0, 0, 0, 0).ZipName;
        await using (var simulator = await ExchangeSimulator.StartAsync(new SimulatorOptions
        {
            TradesPerSecond = tradesPerSecond, Symbols = [Symbol], Clock = new FrozenClock(Now),
        }))
        {
            using var http = new HttpClient { BaseAddress = simulator.BaseUrl, Timeout = TimeSpan.FromMinutes(10) };
            foreach (var name in new[] { zipName, zipName + ".CHECKSUM" })
            {
                using var response = await http.GetAsync($"data/spot/daily/trades/{Symbol}/{name}", HttpCompletionOption.ResponseHeadersRead);
                response.EnsureSuccessStatusCode();
                await using var file = File.Create(Path.Combine(partial, name));
                await response.Content.CopyToAsync(file);
            }
        }

        var csvPath = Path.Combine(partial, Path.ChangeExtension(zipName, ".csv"));
        using (var zip = ZipFile.OpenRead(Path.Combine(partial, zipName)))
            zip.Entries.Single().ExtractToFile(csvPath);
        var (trades, firstId, lastId) = Rows(csvPath);
        if (trades == 0 || lastId - firstId + 1 != trades)
            throw new InvalidDataException($"The simulated day holds {trades:N0} rows with ids {firstId}..{lastId}: not one contiguous run.");

        var description = new Description(tradesPerSecond, Day, Now, trades, firstId, lastId,
            new FileInfo(Path.Combine(partial, zipName)).Length, new FileInfo(csvPath).Length);
        await File.WriteAllTextAsync(Path.Combine(partial, Marker), JsonSerializer.Serialize(description));
        Directory.Move(partial, folder);
        Console.WriteLine($"input: {trades:N0} trades, ids {firstId}..{lastId}; zip {description.ZipBytes / 1048576.0:N0} MiB, "
            + $"CSV {description.CsvBytes / 1048576.0:N0} MiB in {stopwatch.Elapsed.TotalSeconds:0.0} s (not measured)");
        return new Files(folder, description);
    }

    // Line count and the ids of the first and last lines (no header: the archive writes none).
    private static (long Trades, long FirstId, long LastId) Rows(string csv)
    {
        long lines = 0;
        var buffer = new byte[1 << 20];
        using (var stream = File.OpenRead(csv))
        {
            int read;
            while ((read = stream.Read(buffer)) > 0)
                lines += buffer.AsSpan(0, read).Count((byte)'\n');
        }
        var firstLine = File.ReadLines(csv).First();
        string lastLine;
        using (var stream = File.OpenRead(csv))
        {
            stream.Seek(-Math.Min(4096, stream.Length), SeekOrigin.End);
            var tail = new byte[4096];
            var n = stream.ReadAtLeast(tail, tail.Length, throwOnEndOfStream: false);
            lastLine = Encoding.ASCII.GetString(tail, 0, n).TrimEnd('\n', '\r').Split('\n')[^1];
        }
        static long Id(string line) => long.Parse(line[..line.IndexOf(',', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
        return (lines, Id(firstLine), Id(lastLine));
    }

    /// <summary>A clock that never moves: the simulator's history and archive files depend only on it and the seed.</summary>
    private sealed class FrozenClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
