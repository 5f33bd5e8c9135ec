using System.CommandLine;
using System.Net.WebSockets;
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

    [Fact]
    public async Task Prints_the_address_serves_and_exits_0_on_cancel()
    {
        using var cts = new CancellationTokenSource();
        var (run, address) = await StartAsync(cts.Token, "--symbols", "BTCUSDT,foo", "--weight-interval", "10s", "--weight-limit", "600");

        using var client = new HttpClient { BaseAddress = address };
        using var response = await client.GetAsync("/api/v3/trades?symbol=FOO&limit=1");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(["25"], response.Headers.GetValues("X-MBX-USED-WEIGHT-10S"));

        await cts.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task Websocket_flags_reach_the_streams()
    {
        using var cts = new CancellationTokenSource();
        var (run, address) = await StartAsync(cts.Token, "--ws-lifetime", "300ms", "--ws-ping-interval", "100ms");

        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://{address.Authority}/ws/btcusdt@trade"), cts.Token);
        var buffer = new byte[4096];
        WebSocketReceiveResult result;
        do result = await socket.ReceiveAsync(buffer, cts.Token);
        while (result.MessageType != WebSocketMessageType.Close);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, result.CloseStatus);
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", cts.Token);

        await cts.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(15)));
    }

    /// <summary>Runs `simulate --port 0 …` until <paramref name="ct"/> is cancelled; returns once it printed its address.</summary>
    private static async Task<(Task<int> Run, Uri Address)> StartAsync(CancellationToken ct, params string[] options)
    {
        var (root, config, output, error) = NewCli();
        var run = root.Parse(["simulate", "--port", "0", .. options]).InvokeAsync(config, ct);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!Read(output).Contains('\n') && DateTime.UtcNow < deadline && !run.IsCompleted) await Task.Delay(20);
        var match = Regex.Match(Read(output), @"^listening on (http://127\.0\.0\.1:\d+)\r?\n$");
        Assert.True(match.Success, $"stdout: '{Read(output)}' stderr: '{Read(error)}'");
        return (run, new Uri(match.Groups[1].Value));
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
    [InlineData("-5s")]
    [InlineData("1.5m")]
    [InlineData("10w")]
    [InlineData("ms")]
    [InlineData("0ms")]
    [InlineData("1.5ms")]
    public void Bad_durations_are_rejected_with_a_message(string text)
    {
        Assert.False(DurationParser.TryParse(text, out _, out string error));
        Assert.Contains("e.g. 10s", error);
    }
}
