using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Trades;
using Binance.Lake.Simulator;

namespace Binance.Lake.Benchmarks;

/// <summary>
/// The compact benchmark's input: N simulated BTCUSDT trades as REST raw chunks, byte for byte what
/// <c>binance-lake backfill --chunk-limit 1000</c> writes (<c>historicalTrades</c> bodies fetched with
/// <c>X-MBX-TIME-UNIT: MICROSECOND</c>, named <c>raw/binance-spot/BTCUSDT/rest/&lt;first:D12&gt;-&lt;last:D12&gt;.json</c>).
/// Pages come straight from the in-process simulator over HTTP (no governor: generation is not measured),
/// and the lake is cached under /tmp so reruns skip it.
/// </summary>
internal static class CompactBenchmarkInput
{
    public const string Symbol = "BTCUSDT";
    private const int PageSize = 1000;
    private const int Parallelism = 8;
    private const string Marker = "_bench-input.json";

    public sealed record Description(long Trades, int TradesPerSecond, int Files, long Bytes);

    /// <summary>The cached input lake for these parameters, generated first when missing or different.</summary>
    public static async Task<(string Lake, Description Input)> EnsureAsync(long trades, int tradesPerSecond)
    {
        var lake = Path.Combine(Path.GetTempPath(), $"binance-lake-bench-input-{trades}");
        var marker = Path.Combine(lake, Marker);
        if (File.Exists(marker)
            && JsonSerializer.Deserialize<Description>(await File.ReadAllTextAsync(marker)) is { } cached
            && cached.Trades == trades && cached.TradesPerSecond == tradesPerSecond)
        {
            Console.WriteLine($"input: cached {lake} ({cached.Files:N0} files, {cached.Bytes / 1048576.0:N0} MiB)");
            return (lake, cached);
        }

        if (Directory.Exists(lake))
            Directory.Delete(lake, recursive: true);
        var partial = lake + ".partial";
        if (Directory.Exists(partial))
            Directory.Delete(partial, recursive: true);
        var folder = Path.Combine(partial, RawZone.SourcePrefix(Symbol, RawSource.Rest));
        Directory.CreateDirectory(folder);

        var stopwatch = Stopwatch.StartNew();
        await using var simulator = await ExchangeSimulator.StartAsync(new SimulatorOptions
        {
            WeightLimit = int.MaxValue / 2, TradesPerSecond = tradesPerSecond, Symbols = [Symbol],
        });
        using var http = new HttpClient { BaseAddress = simulator.BaseUrl, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Add("X-MBX-TIME-UNIT", "MICROSECOND");
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        using (var newest = JsonDocument.Parse(await http.GetByteArrayAsync($"api/v3/trades?symbol={Symbol}&limit=1")))
        {
            var available = newest.RootElement[0].GetProperty("id").GetInt64() + 1;
            if (available < trades)
                throw new InvalidOperationException(
                    $"The simulated history holds {available:N0} trades, fewer than {trades:N0}: raise --trades-per-second.");
        }

        var pages = (trades + PageSize - 1) / PageSize;
        long done = 0, bytes = 0;
        Console.WriteLine($"input: generating {trades:N0} trades ({tradesPerSecond} trades/s of simulated history) into {lake}");
        await Parallel.ForEachAsync(LongRange(pages), new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (page, ct) =>
        {
            var first = page * PageSize;
            var limit = (int)Math.Min(PageSize, trades - first);
            var body = await http.GetByteArrayAsync($"api/v3/historicalTrades?symbol={Symbol}&fromId={first}&limit={limit}", ct);
            var ids = IdsOf(body);
            if (ids.First != first || ids.Last != first + limit - 1)
                throw new InvalidDataException($"Page from {first} (limit {limit}) returned ids {ids}.");
            var key = RawZone.ChunkKey(Symbol, RawSource.Rest, ids, "json");
            await File.WriteAllBytesAsync(Path.Combine(partial, key), body, ct);
            Interlocked.Add(ref bytes, body.Length);
            if (Interlocked.Increment(ref done) % 1000 == 0)
                Console.WriteLine($"input: {done:N0} / {pages:N0} files, {stopwatch.Elapsed.TotalSeconds:0} s");
        });

        var description = new Description(trades, tradesPerSecond, (int)pages, bytes);
        await File.WriteAllTextAsync(Path.Combine(partial, Marker), JsonSerializer.Serialize(description));
        Directory.Move(partial, lake);
        Console.WriteLine($"input: {pages:N0} files, {bytes / 1048576.0:N0} MiB in {stopwatch.Elapsed.TotalSeconds:0.0} s (not measured)");
        return (lake, description);
    }

    /// <summary>A fresh lake whose raw zone is the input's, hard-linked (copied if linking fails): the curated table starts empty.</summary>
    public static void LinkRawZone(string inputLake, string freshLake)
    {
        var source = Path.Combine(inputLake, RawZone.SourcePrefix(Symbol, RawSource.Rest));
        var target = Path.Combine(freshLake, RawZone.SourcePrefix(Symbol, RawSource.Rest));
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source, "*.json"))
        {
            HardLink.CreateOrCopy(file, Path.Combine(target, Path.GetFileName(file)));
        }
    }

    public static string RawFolder(string inputLake) => Path.Combine(inputLake, RawZone.SourcePrefix(Symbol, RawSource.Rest));

    private static IEnumerable<long> LongRange(long count)
    {
        for (long i = 0; i < count; i++)
            yield return i;
    }

    private static IdRange IdsOf(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        var array = document.RootElement;
        var count = array.GetArrayLength();
        if (count == 0)
            throw new InvalidDataException("The simulator returned an empty page.");
        var first = array[0].GetProperty("id").GetInt64();
        var last = array[count - 1].GetProperty("id").GetInt64();
        if (last - first + 1 != count)
            throw new InvalidDataException($"Page ids {first}..{last} are not contiguous ({count} trades).");
        return new IdRange(first, last);
    }
}
