using System.Globalization;
using System.Text;
using System.Text.Json;
using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Storage;
using Binance.Lake.Core.Trades;
using Binance.Lake.Extract.RawFormats;
using Binance.Lake.Tests.Support;
using Binance.Lake.Transform.Compaction;
using Binance.Lake.Transform.Trades;
using Xunit.Abstractions;

namespace Binance.Lake.Tests.Spark;

/// <summary>
/// The Spark job and its launcher, checked without Spark (none here): the scripts parse and build the right
/// command line, and the job's decoders (jobs/spark/binance_raw.py, run by tools/sparkcheck/decode_raw.py) read
/// the real fixtures exactly as the CLI's decoders do, so what the job MERGEs is what compact writes.
/// </summary>
public class SparkJobTests(ITestOutputHelper output)
{
    private static string SparkSubmit => Path.Combine(RepositoryPaths.Root, "spark-submit.sh");
    private static string JobFolder => Path.Combine(RepositoryPaths.Root, "jobs", "spark");

    [Fact]
    public async Task Spark_submit_parses_and_explains_itself()
    {
        Assert.Equal(0, (await CliProcess.RunProgramAsync("bash", ["-n", SparkSubmit])).ExitCode);

        var help = await CliProcess.RunProgramAsync(SparkSubmit, ["--help"]);
        var wrong = await CliProcess.RunProgramAsync(SparkSubmit, ["only-one-argument"]);

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("Usage: ./spark-submit.sh RAW_PREFIX TABLE", help.Stdout);
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("Usage:", wrong.Stderr);
    }

    [Fact]
    public async Task Spark_submit_runs_the_job_with_delta_and_s3a_and_passes_the_arguments_through()
    {
        var (code, stdout, _) = await CliProcess.RunProgramAsync(SparkSubmit,
            ["s3://bucket/lake/raw/binance-spot/BTCUSDT/", "s3://bucket/lake/curated/trades"],
            new Dictionary<string, string> { ["SPARK_SUBMIT"] = "echo", ["SPARK_SUBMIT_OPTIONS"] = "--master yarn --num-executors 20" });

        Assert.Equal(0, code);
        var argv = stdout.Trim().Split(' ');
        Assert.Equal("io.delta:delta-spark_2.13:4.0.0,org.apache.hadoop:hadoop-aws:3.4.1", After(argv, "--packages"));
        string[] confs =
        [
            "spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension",
            "spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog",
            "spark.hadoop.fs.s3.impl=org.apache.hadoop.fs.s3a.S3AFileSystem",
            "spark.sql.parquet.outputTimestampType=TIMESTAMP_MICROS",
        ];
        Assert.Equal(confs, argv.Select((a, i) => (a, i)).Where(x => x.a == "--conf").Select(x => argv[x.i + 1]));
        Assert.Equal(Path.Combine(JobFolder, "binance_raw.py"), After(argv, "--py-files"));
        Assert.Equal("yarn", After(argv, "--master"));
        Assert.Equal([Path.Combine(JobFolder, "reprocess_raw.py"), "s3://bucket/lake/raw/binance-spot/BTCUSDT/", "s3://bucket/lake/curated/trades"], argv[^3..]);
    }

    [Fact]
    public async Task The_job_compiles_and_its_help_runs_without_spark()
    {
        var sources = Directory.GetFiles(JobFolder, "*.py").Append(Path.Combine(RepositoryPaths.Root, "tools", "sparkcheck", "decode_raw.py")).ToArray();
        var compile = await CliProcess.RunProgramAsync("python3",
            ["-c", "import sys\nfor f in sys.argv[1:]: compile(open(f).read(), f, 'exec')", .. sources]);
        var help = await CliProcess.RunProgramAsync("python3", ["-B", Path.Combine(JobFolder, "reprocess_raw.py"), "--help"]);

        Assert.True(compile.ExitCode == 0, compile.Stderr);
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("raw_prefix", help.Stdout);
    }

    [Fact]
    public async Task The_jobs_decoders_read_every_raw_format_exactly_as_the_cli_decoders_do()
    {
        using var lake = new TempFolder();
        var store = new LocalObjectStore(lake.Path);
        await RawZoneSamples.WriteAsync(store);

        var decoded = await DecodeWithTheJobAsync(lake.Path);

        Assert.Equal(8, decoded.Count(f => f.Chunk));
        Assert.Contains(decoded, f => !f.Chunk && f.Rows.Count == 0);
        foreach (var file in decoded.Where(f => f.Chunk))
        {
            Assert.True(file.Error is null, file.Error);
            var expected = (await DecodeWithTheCliAsync(store, file.Key)).ToList();
            Assert.True(expected.Count > 0, file.Key);
            Assert.Equal(expected, file.Rows);
        }
    }

    [Fact]
    public async Task The_raw_zone_decoded_by_the_job_and_deduplicated_per_partition_is_the_table_compact_writes()
    {
        using var lake = new TempFolder();
        var store = new LocalObjectStore(lake.Path);
        await RawZoneSamples.WriteAsync(store);

        var decoded = await DecodeWithTheJobAsync(lake.Path);
        await new Compactor(store, RawChunkDecoders.All, new TestOutputLogger(output)).RunAsync(CancellationToken.None);

        // The job's MERGE key: the partition columns and trade_id. Where two sources hold an id, the copies differ
        // only in `source` (the job prefers REST; compact keeps whichever it read first), so it is left out here.
        var merged = decoded.SelectMany(f => f.Rows).Select(WithoutSource).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(merged, (await TableRowsAsync(store)).Select(WithoutSource).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_job_rejects_the_damaged_chunks_the_cli_rejects()
    {
        using var lake = new TempFolder();
        var store = new LocalObjectStore(lake.Path);
        string Rest(params long[] ids) => "[" + string.Join(",", ids.Select(id =>
            $$"""{"id":{{id}},"price":"1.5","qty":"2","quoteQty":"3","time":1700000000000,"isBuyerMaker":true,"isBestMatch":true}""")) + "]";
        string Live(long id, string price) => $$"""{"e":"trade","E":1,"s":"DAMAGED","t":{{id}},"p":"{{price}}","q":"1","T":1700000000000,"m":true,"M":true}""";
        const string Line = "5,1.5,2,3,1700000000000,True,True";
        var damaged = new Dictionary<string, byte[]>
        {
            [RawZoneSamples.RestKey("DAMAGED", new IdRange(1, 3))] = Encoding.UTF8.GetBytes(Rest(1, 3)),
            [RawZoneSamples.RestKey("DAMAGED", new IdRange(10, 10))] = Encoding.UTF8.GetBytes(Rest(10).Replace(",\"isBestMatch\":true", "")),
            [RawZoneSamples.RestKey("DAMAGED", new IdRange(20, 21))] = Encoding.UTF8.GetBytes(Rest(20, 21)[..^5]),
            [RawZone.ChunkKey("DAMAGED", RawSource.Live, new IdRange(5, 6), "ndjson")] = Encoding.UTF8.GetBytes(Live(5, "1") + "\n"),
            [RawZone.ChunkKey("DAMAGED", RawSource.Live, new IdRange(7, 7), "ndjson")] = Encoding.UTF8.GetBytes(Live(7, "1") + "\n" + Live(7, "2") + "\n"),
            [RawZoneSamples.ArchiveKey("DAMAGED", new IdRange(5, 5))] = RawZoneSamples.Zip([Line], entries: 2),
            [RawZoneSamples.ArchiveKey("DAMAGED", new IdRange(4, 5))] = RawZoneSamples.Zip([Line, Line.Replace("5,1.5", "4,1.5")]),
            [RawZoneSamples.ArchiveKey("DAMAGED", new IdRange(6, 6))] = RawZoneSamples.Zip([Line.Replace("True,True", "yes,no")]),
            [RawZoneSamples.ArchiveKey("DAMAGED", new IdRange(8, 8))] = "not a zip"u8.ToArray(),
        };
        foreach (var (key, content) in damaged)
            await store.PutAsync(key, content);

        var decoded = await DecodeWithTheJobAsync(lake.Path);

        Assert.Equal(damaged.Keys.Order(), decoded.Select(f => f.Key).Order());
        foreach (var file in decoded)
        {
            await Assert.ThrowsAsync<InvalidDataException>(() => DecodeWithTheCliAsync(store, file.Key));
            Assert.True(file.Error is not null, $"the job decoded {file.Key}");
            output.WriteLine($"{file.Key}: {file.Error}");
        }
    }

    private sealed record DecodedFile(string Key, bool Chunk, List<string> Rows, string? Error);

    /// <summary>tools/sparkcheck/decode_raw.py over the lake: the job's decoders, each row as one comparable string.</summary>
    private static async Task<List<DecodedFile>> DecodeWithTheJobAsync(string lake)
    {
        var (code, stdout, stderr) = await CliProcess.RunProgramAsync("python3",
            ["-B", Path.Combine(RepositoryPaths.Root, "tools", "sparkcheck", "decode_raw.py"), lake]);
        Assert.True(code == 0, stderr);
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var file = JsonDocument.Parse(line).RootElement;
            var rows = file.TryGetProperty("rows", out var r)
                ? r.EnumerateArray().Select(row => string.Join('|', row.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()))).ToList()
                : [];
            return new DecodedFile(file.GetProperty("key").GetString()!, file.GetProperty("chunk").GetBoolean(), rows,
                file.TryGetProperty("error", out var e) ? e.GetString() : null);
        }).ToList();
    }

    /// <summary>The same file through the CLI's decoders, each trade as a table row in the job's format.</summary>
    private static async Task<IEnumerable<string>> DecodeWithTheCliAsync(IObjectStore store, string key)
    {
        var parts = key.Split('/'); // raw/binance-spot/<SYMBOL>/<source>/<first>-<last>.<ext>
        var decoder = RawChunkDecoders.All.Single(d => d.Source.FolderName() == parts[3]);
        await using var content = new MemoryStream((await store.GetAsync(key))!);
        return decoder.Decode(key, content).SelectMany(batch => batch).Select(t => Row(new TradeRow(t, decoder.Source), TradePartition.Of(parts[2], t.TimeMicros))).ToList();
    }

    private static async Task<List<string>> TableRowsAsync(IObjectStore store)
    {
        var table = TradesTable.Open(store);
        var rows = new List<string>();
        foreach (var file in (await table.LoadAsync()).Files)
        {
            var partition = TradePartition.From(file)!.Value;
            rows.AddRange((await TradeFileReader.ReadRowsAsync(await table.ReadDataFileAsync(file))).Select(r => Row(r, partition)));
        }
        return rows;
    }

    private static string Row(TradeRow row, TradePartition partition)
    {
        var t = row.Trade;
        return string.Join('|',
            t.Id.ToString(CultureInfo.InvariantCulture), D8(t.Price), D8(t.Qty), D8(t.QuoteQty), t.TimeMicros.ToString(CultureInfo.InvariantCulture),
            t.IsBuyerMaker ? "true" : "false", t.IsBestMatch ? "true" : "false", row.Source.FolderName(),
            partition.Instrument, partition.Day.Year.ToString(CultureInfo.InvariantCulture), partition.Day.Month.ToString(CultureInfo.InvariantCulture),
            partition.Day.Day.ToString(CultureInfo.InvariantCulture));
    }

    private static string D8(decimal value) => value.ToString("F8", CultureInfo.InvariantCulture);

    private static string WithoutSource(string row)
    {
        var fields = row.Split('|');
        return string.Join('|', fields[..7].Concat(fields[8..]));
    }

    private static string After(string[] argv, string option) => argv[Array.IndexOf(argv, option) + 1];
}
