using System.Net;
using Binance.Lake.Simulator.Archive;
using Binance.Lake.Simulator.Faults;
using Binance.Lake.Simulator.History;
using Binance.Lake.Simulator.Http;
using Binance.Lake.Simulator.RateLimiting;
using Binance.Lake.Simulator.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Binance.Lake.Simulator;

/// <summary>
/// A local Binance spot exchange on 127.0.0.1: REST market data (same paths, parameters, JSON, weights,
/// headers and errors) and websocket trade streams, with deterministic history, rate limiting, bans and
/// injected faults. The same address serves the bulk archive's trade zips (/data/spot/...) built from that history.
/// </summary>
public sealed class ExchangeSimulator : IAsyncDisposable
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping;
    private readonly ArchiveCache _archiveCache;
    private int _disposed;

    private ExchangeSimulator(WebApplication app, CancellationTokenSource stopping, ArchiveCache archiveCache, Uri baseUrl,
        SimulatorStats stats, HistoryCatalog catalog, SimulatorOptions options)
    {
        _app = app;
        _stopping = stopping;
        _archiveCache = archiveCache;
        BaseUrl = baseUrl;
        Stats = stats;
        Catalog = catalog;
        Options = options;
    }

    /// <summary>http://127.0.0.1:&lt;port&gt;/, for REST (api/v3/...) and the archive (data/spot/...) alike.</summary>
    public Uri BaseUrl { get; }

    public SimulatorStats Stats { get; }

    /// <summary>The served histories, for later archive endpoints and for tests.</summary>
    internal HistoryCatalog Catalog { get; }

    internal SimulatorOptions Options { get; }

    /// <summary>Where built archive zips are kept until dispose deletes it; for tests.</summary>
    internal string ArchiveCacheDirectory => _archiveCache.Root;

    /// <exception cref="ArgumentException">The options are invalid (message lists every problem).</exception>
    /// <exception cref="InvalidDataException">The replay file cannot be read as a capture.</exception>
    public static async Task<ExchangeSimulator> StartAsync(SimulatorOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0) throw new ArgumentException(string.Join(" ", errors), nameof(options));

        var catalog = HistoryCatalog.Build(options, options.Clock.GetUtcNow());
        var stats = new SimulatorStats();
        var limiter = new WeightLimiter(options.WeightLimit, RateInterval.From(options.WeightInterval),
            options.BanAfter429s, options.BanDuration)
        {
            AdvertisedLimit = options.AdvertisedWeightLimit ?? options.WeightLimit,
        };
        var faults = new FaultInjector(options.Seed, options.Fault5xx, options.FaultTruncate, options.FaultDrop);
        var archiveFaults = new ArchiveFaults(options);
        var archiveCache = new ArchiveCache(archiveFaults);
        var archive = new ArchiveEndpoint(catalog, new ArchivePublication(options.ArchivePublishDelay, archiveFaults), archiveCache, stats);
        var stopping = new CancellationTokenSource();
        var pipeline = new RequestPipeline(options, catalog, limiter, faults, archive, stats, stopping.Token);
        var streams = new StreamEndpoint(options, catalog, stats, stopping.Token);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, options.Port);
        });
        // Quiet by default: only Kestrel warnings, and on stderr so stdout stays parseable for the CLI.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddConsole(c => c.LogToStandardErrorThreshold = LogLevel.Trace);
        var app = builder.Build();
        app.UseWebSockets();
        ((IApplicationBuilder)app).Run(http => StreamEndpoint.Accepts(http) ? streams.HandleAsync(http) : pipeline.HandleAsync(http));

        try
        {
            await app.StartAsync(ct);
        }
        catch
        {
            await app.DisposeAsync();
            await archiveCache.DisposeAsync();
            stopping.Dispose();
            throw;
        }
        // With port 0 Kestrel reports the port it actually bound here.
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()
            ?? throw new InvalidOperationException("Kestrel did not report its address.");
        var port = new Uri(addresses.Addresses.First()).Port;
        return new ExchangeSimulator(app, stopping, archiveCache, new Uri($"http://127.0.0.1:{port}/"), stats, catalog, options);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        // Release requests parked in the slow-response delay first, or shutdown would wait for them.
        await _stopping.CancelAsync();
        using var timeout = new CancellationTokenSource(ShutdownTimeout);
        try
        {
            await _app.StopAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Clients that never finish their requests must not hang the caller's dispose.
        }
        await _app.DisposeAsync();
        // After the server: no request can start a build any more, and running ones are cancelled and awaited.
        await _archiveCache.DisposeAsync();
        _stopping.Dispose();
    }
}
