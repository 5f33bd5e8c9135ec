using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Binance.Lake.Simulator;

namespace Binance.Lake.Tests.Simulator;

/// <summary>A clock tests set and advance by hand; the simulator reads "now" only through it.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public DateTimeOffset Now => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

    public void Set(DateTimeOffset to) => Interlocked.Exchange(ref _ticks, to.UtcTicks);
}

public sealed record TradeRow(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("price")] string Price,
    [property: JsonPropertyName("qty")] string Qty,
    [property: JsonPropertyName("quoteQty")] string QuoteQty,
    [property: JsonPropertyName("time")] long Time,
    [property: JsonPropertyName("isBuyerMaker")] bool IsBuyerMaker,
    [property: JsonPropertyName("isBestMatch")] bool IsBestMatch);

public sealed record AggRow(
    [property: JsonPropertyName("a")] long A,
    [property: JsonPropertyName("p")] string P,
    [property: JsonPropertyName("q")] string Q,
    [property: JsonPropertyName("f")] long F,
    [property: JsonPropertyName("l")] long L,
    [property: JsonPropertyName("T")] long T,
    [property: JsonPropertyName("m")] bool M);

/// <summary>Starts simulators on a fixed clock, so ids and times are the same on every run.</summary>
public static class SimulatorTestKit
{
    /// <summary>A Friday afternoon UTC: inside the busy 13–16 UTC rhythm peak.</summary>
    public static readonly DateTimeOffset FixedNow = new(2026, 11, 20, 14, 45, 30, 123, 456, TimeSpan.Zero);

    public static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = false };

    public static Task<ExchangeSimulator> StartAsync(SimulatorOptions? options = null) =>
        ExchangeSimulator.StartAsync((options ?? new SimulatorOptions()) with
        {
            Clock = options?.Clock is ManualClock c ? c : new ManualClock(FixedNow),
        });

    public static HttpClient Client(ExchangeSimulator sim, string? timeUnit = null)
    {
        var client = new HttpClient { BaseAddress = sim.BaseUrl, Timeout = TimeSpan.FromSeconds(20) };
        if (timeUnit is not null) client.DefaultRequestHeaders.Add("X-MBX-TIME-UNIT", timeUnit);
        return client;
    }

    public static async Task<List<TradeRow>> TradesAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url} → {(int)response.StatusCode} {body}");
        return JsonSerializer.Deserialize<List<TradeRow>>(body, Json)!;
    }

    public static async Task<long> NewestIdAsync(this HttpClient client, string symbol) =>
        (await client.TradesAsync($"api/v3/trades?symbol={symbol}&limit=1")).Single().Id;

    public static async Task<List<AggRow>> AggsAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url} → {(int)response.StatusCode} {body}");
        // "m" and "M" differ only by case; read "M" by hand so the record stays simple.
        var rows = JsonSerializer.Deserialize<List<AggRow>>(body, Json)!;
        using var doc = JsonDocument.Parse(body);
        Assert.All(doc.RootElement.EnumerateArray(), e => Assert.True(e.GetProperty("M").GetBoolean()));
        return rows;
    }

    /// <summary>Status, parsed Binance error (if any) and headers of one GET.</summary>
    public static async Task<(int Status, int? Code, string Body, HttpResponseHeaders Headers)> GetRawAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        string body = await response.Content.ReadAsStringAsync();
        int? code = null;
        if (body.StartsWith('{'))
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.TryGetProperty("code", out var c)) code = c.GetInt32();
        }
        return ((int)response.StatusCode, code, body, response.Headers);
    }

    public static string Header(this HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";

    public static long UnixMs(DateTimeOffset t) => t.ToUnixTimeMilliseconds();
}
