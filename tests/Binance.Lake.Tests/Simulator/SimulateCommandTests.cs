using System.CommandLine;
using System.Globalization;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Binance.Lake.Simulator;
using Binance.Lake.Simulator.Cli;

namespace Binance.Lake.Tests.Simulator;

public sealed class SimulateCommandTests
{
    private static (RootCommand Root, InvocationConfiguration Config, StringWriter Out, StringWriter Err) NewCli()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var config = new InvocationConfiguration { Output = TextWriter.Synchronized(output), Error = TextWriter.Synchronized(error) };
        return (new RootCommand { SimulateCommand.Create() }, config, output, error);
    }

    private static string Read(StringWriter w)
    {
        lock (w) return w.ToString();
    }

    /// <summary>A `simulate` run, stopped like Ctrl-C; disposing stops it too when a test fails half-way.</summary>
    private sealed class RunningCli(CancellationTokenSource cts, Task<int> run, Uri baseUrl) : IAsyncDisposable
    {
        public HttpClient Client() => new() { BaseAddress = baseUrl };

        public async Task<int> StopAsync()
        {
            await cts.CancelAsync();
            return await run.WaitAsync(TimeSpan.FromSeconds(15));
        }

        public async ValueTask DisposeAsync()
        {
            if (!run.IsCompleted) await StopAsync();
            cts.Dispose();
        }
    }

    /// <summary>Starts `simulate` with <paramref name="args"/> and waits for its one line on stdout, the address.</summary>
    private static async Task<RunningCli> RunAsync(params string[] args)
    {
        var (root, config, output, error) = NewCli();
        var cts = new CancellationTokenSource();
        var run = root.Parse(["simulate", .. args]).InvokeAsync(config, cts.Token);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!Read(output).Contains('\n') && DateTime.UtcNow < deadline && !run.IsCompleted) await Task.Delay(20);
        var match = Regex.Match(Read(output), @"^listening on (http://127\.0\.0\.1:\d+)\r?\n$");
        Assert.True(match.Success, $"stdout: '{Read(output)}' stderr: '{Read(error)}'");
        return new RunningCli(cts, run, new Uri(match.Groups[1].Value));
    }

    [Fact]
    public async Task Prints_the_address_serves_and_exits_0_on_cancel()
    {
        await using var cli = await RunAsync("--port", "0", "--symbols", "BTCUSDT,foo", "--weight-interval", "10s", "--weight-limit", "600");
        using var client = cli.Client();
        using var response = await client.GetAsync("/api/v3/trades?symbol=FOO&limit=1");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(["25"], response.Headers.GetValues("X-MBX-USED-WEIGHT-10S"));
        Assert.Equal(0, await cli.StopAsync());
    }

    [Fact]
    public async Task Websocket_flags_reach_the_streams()
    {
        await using var cli = await RunAsync("--port", "0", "--ws-lifetime", "300ms", "--ws-ping-interval", "100ms");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://{cli.Client().BaseAddress!.Authority}/ws/btcusdt@trade"), timeout.Token);
        var buffer = new byte[4096];
        WebSocketReceiveResult result;
        do result = await socket.ReceiveAsync(buffer, timeout.Token);
        while (result.MessageType != WebSocketMessageType.Close);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, result.CloseStatus);
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
        Assert.Equal(0, await cli.StopAsync());
    }

    [Theory]
    [InlineData("--weight-interval", "10x", "--weight-interval")]
    [InlineData("--ban-duration", "m", "--ban-duration")]
    [InlineData("--port", "abc", "--port")]
    [InlineData("--history-days", "29", "30 days")]
    [InlineData("--fault-drop", "1.5", "0..1")]
    [InlineData("--symbols", "BTC-USDT", "uppercase letters and digits")]
    [InlineData("--replay", "/no/such/file.gz", "does not exist")]
    [InlineData("--ws-lifetime", "0s", "--ws-lifetime")]
    [InlineData("--ws-ping-interval", "fast", "--ws-ping-interval")]
    [InlineData("--ws-drop-every", "5x", "--ws-drop-every")]
    [InlineData("--ws-stall-every", "-1s", "--ws-stall-every")]
    [InlineData("--ws-skip-rate", "1.5", "0..1")]
    [InlineData("--ws-repeat-rate", "often", "--ws-repeat-rate")]
    [InlineData("--archive-publish-delay", "-1h", "--archive-publish-delay")]
    [InlineData("--archive-late-by", "0", "--archive-late-by")]
    [InlineData("--archive-missing-days", "2026-11-31", "yyyy-MM-dd")]
    [InlineData("--archive-truncate-days", "2026-11-20,yesterday", "'yesterday' is not a day")]
    [InlineData("--archive-bad-checksum-days", "20261120", "yyyy-MM-dd")]
    [InlineData("--archive-late-days", "2026-11", "yyyy-MM-dd")]
    public async Task Bad_values_exit_2_with_a_message(string option, string value, string expected)
    {
        var (root, config, output, error) = NewCli();
        int exit = await root.Parse(["simulate", option, value]).InvokeAsync(config);
        Assert.Equal(2, exit);
        Assert.Contains(expected, Read(error));
        Assert.Equal("", Read(output));
    }

    [Fact]
    public void Every_option_is_described()
    {
        var command = SimulateCommand.Create();
        string[] expected =
        [
            "--port", "--symbols", "--seed", "--weight-limit", "--weight-interval", "--trades-per-second", "--history-days",
            "--rest-floor-id", "--replay", "--fault-5xx", "--fault-truncate", "--fault-drop", "--fault-slow-ms", "--ban-after", "--ban-duration",
            "--ws-ping-interval", "--ws-pong-timeout", "--ws-lifetime", "--ws-drop-every", "--ws-stall-every", "--ws-skip-rate", "--ws-repeat-rate",
            "--archive-publish-delay", "--archive-missing-days", "--archive-truncate-days", "--archive-bad-checksum-days",
            "--archive-late-days", "--archive-late-by",
        ];
        Assert.Equal("simulate", command.Name);
        Assert.Equal(expected.Order(), command.Options.Select(o => o.Name).Order());
        Assert.All(command.Options, o => Assert.False(string.IsNullOrWhiteSpace(o.Description), o.Name));
    }

    [Fact]
    public async Task Help_lists_the_websocket_flags()
    {
        var (root, config, output, _) = NewCli();
        Assert.Equal(0, await root.Parse(["simulate", "--help"]).InvokeAsync(config));
        string help = Read(output);
        Assert.All(["--ws-ping-interval", "--ws-pong-timeout", "--ws-lifetime", "--ws-drop-every", "--ws-stall-every", "--ws-skip-rate", "--ws-repeat-rate"],
            flag => Assert.Contains(flag, help));
        Assert.Contains("/stream?streams=", help);
    }

    [Fact]
    public void Milliseconds_parse_so_connection_timings_can_be_scaled_down()
    {
        Assert.True(DurationParser.TryParse("500ms", out var duration, out _));
        Assert.Equal(TimeSpan.FromMilliseconds(500), duration);
        Assert.True(DurationParser.TryParse("2MS", out duration, out _));
        Assert.Equal(TimeSpan.FromMilliseconds(2), duration);
    }

    [Fact]
    public async Task Help_lists_the_archive_flags()
    {
        var (root, config, output, _) = NewCli();
        Assert.Equal(0, await root.Parse(["simulate", "--help"]).InvokeAsync(config));
        string help = Read(output);
        Assert.Contains("archive", help);
        foreach (string flag in new[] { "--archive-publish-delay", "--archive-missing-days", "--archive-truncate-days",
                     "--archive-bad-checksum-days", "--archive-late-days", "--archive-late-by" })
            Assert.Contains(flag, help);
    }

    [Fact]
    public async Task Archive_fault_flags_reach_the_archive()
    {
        // The command runs on the real clock: fault the four days before yesterday, which are always published.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        string Day(int back) => today.AddDays(-back).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await using var cli = await RunAsync("--symbols", "BTCUSDT", "--trades-per-second", "0.05", "--archive-missing-days", Day(2),
            "--archive-truncate-days", Day(3), "--archive-bad-checksum-days", Day(4), "--archive-late-days", Day(5), "--archive-late-by", "10d");
        using var client = cli.Client();
        string Zip(int back) => $"data/spot/daily/trades/BTCUSDT/BTCUSDT-trades-{Day(back)}.zip";
        var healthy = await client.ArchiveAsync(Zip(1));
        Assert.Equal(200, healthy.Status);
        Assert.Equal(404, (await client.ArchiveAsync(Zip(2))).Status);
        var truncated = await client.ArchiveAsync(Zip(3));
        Assert.Equal(200, truncated.Status);
        Assert.ThrowsAny<InvalidDataException>(() => truncated.Rows($"BTCUSDT-trades-{Day(3)}.csv"));
        var checksum = (await client.ArchiveAsync(Zip(4) + ".CHECKSUM")).Text;
        Assert.DoesNotContain(Convert.ToHexStringLower(SHA256.HashData((await client.ArchiveAsync(Zip(4))).Body)), checksum);
        Assert.Equal(404, (await client.ArchiveAsync(Zip(5))).Status);
        Assert.Equal(0, await cli.StopAsync());
    }

    [Theory]
    [InlineData("10s", 10)]
    [InlineData("1m", 60)]
    [InlineData("2M", 120)]
    [InlineData("1h", 3600)]
    [InlineData("1d", 86400)]
    public void Durations_parse(string text, int seconds)
    {
        Assert.True(DurationParser.TryParse(text, out var duration, out _));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("s")]
    [InlineData("0s")]
    [InlineData("ms")]
    [InlineData("0ms")]
    [InlineData("1.5ms")]
    [InlineData("-5s")]
    [InlineData("1.5m")]
    [InlineData("10w")]
    public void Bad_durations_are_rejected_with_a_message(string text)
    {
        Assert.False(DurationParser.TryParse(text, out _, out string error));
        Assert.Contains("e.g. 10s", error);
    }

    [Theory]
    [InlineData("0", true, 0)]
    [InlineData("0h", true, 0)]
    [InlineData("9h", true, 9 * 3600)]
    [InlineData("0", false, -1)]
    [InlineData("0s", false, -1)]
    [InlineData("-1h", true, -1)]
    public void Zero_is_a_duration_only_where_allowed(string text, bool allowZero, int seconds)
    {
        bool ok = DurationParser.TryParse(text, out var duration, out string error, allowZero);
        Assert.Equal(seconds >= 0, ok);
        if (ok) Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
        else Assert.Contains(allowZero ? "use 0 or a positive" : "use a positive", error);
    }
}
