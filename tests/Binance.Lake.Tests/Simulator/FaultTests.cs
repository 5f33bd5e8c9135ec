using System.Diagnostics;
using System.Text.Json;
using Binance.Lake.Simulator;

namespace Binance.Lake.Tests.Simulator;

public sealed class FaultTests
{
    private const string TradesUrl = "api/v3/historicalTrades?symbol=BTCUSDT&fromId=1000&limit=100";

    [Fact]
    public async Task Fault_5xx_answers_503_with_a_binance_body()
    {
        await using var sim = await SimulatorTestKit.StartAsync(new SimulatorOptions { Fault5xx = 1 });
        using var client = SimulatorTestKit.Client(sim);
        var (status, code, _, headers) = await client.GetRawAsync(TradesUrl);
        Assert.Equal(503, status);
        Assert.Equal(-1001, code);
        Assert.True(headers.Contains("X-MBX-USED-WEIGHT-1M"));
        Assert.Equal(200, (await client.GetRawAsync("api/v3/ping")).Status); // health checks stay reliable
        Assert.Equal(1, sim.Stats.Faults5xx);
        Assert.Equal(1, sim.Stats.WeightServed);
    }

    [Fact]
    public async Task Fault_truncate_sends_a_200_with_incomplete_json()
    {
        await using var sim = await SimulatorTestKit.StartAsync(new SimulatorOptions { FaultTruncate = 1 });
        using var client = SimulatorTestKit.Client(sim);
        for (int i = 0; i < 5; i++)
        {
            using var response = await client.GetAsync(TradesUrl);
            Assert.Equal(200, (int)response.StatusCode);
            Assert.True(response.Headers.TransferEncodingChunked); // no Content-Length to betray the cut
            string body = await response.Content.ReadAsStringAsync();
            Assert.StartsWith("[", body);
            Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(body));
        }
        Assert.Equal(5, sim.Stats.FaultsTruncated);
        Assert.Equal(0, sim.Stats.WeightServed);
    }

    [Fact]
    public async Task Fault_drop_aborts_the_connection()
    {
        await using var sim = await SimulatorTestKit.StartAsync(new SimulatorOptions { FaultDrop = 1 });
        using var client = SimulatorTestKit.Client(sim);
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(TradesUrl));
        Assert.Equal(1, sim.Stats.FaultsDropped);
        Assert.Equal(200, (await client.GetRawAsync("api/v3/ping")).Status);
    }

    [Fact]
    public async Task Fault_slow_delays_every_response()
    {
        await using var sim = await SimulatorTestKit.StartAsync(new SimulatorOptions { FaultSlowMs = 300 });
        using var client = SimulatorTestKit.Client(sim);
        var watch = Stopwatch.StartNew();
        Assert.Equal(200, (await client.GetRawAsync("api/v3/ping")).Status);
        Assert.True(watch.ElapsedMilliseconds >= 290, $"took {watch.ElapsedMilliseconds} ms");
        Assert.Equal(1, sim.Stats.FaultsSlowed);
    }

    [Fact]
    public async Task Fault_sequence_is_deterministic_per_seed()
    {
        var options = new SimulatorOptions { Seed = 42, Fault5xx = 0.3, FaultTruncate = 0.2, WeightLimit = 100_000 };
        async Task<List<string>> Outcomes()
        {
            await using var sim = await SimulatorTestKit.StartAsync(options);
            using var client = SimulatorTestKit.Client(sim);
            var outcomes = new List<string>();
            for (int i = 0; i < 40; i++)
            {
                var (status, _, body, _) = await client.GetRawAsync(TradesUrl);
                outcomes.Add(status == 200 && !body.EndsWith(']') ? "truncated" : status.ToString());
            }
            return outcomes;
        }
        var first = await Outcomes();
        Assert.Equal(first, await Outcomes());
        Assert.Contains("200", first);
        Assert.Contains("503", first);
        Assert.Contains("truncated", first);
    }
}
