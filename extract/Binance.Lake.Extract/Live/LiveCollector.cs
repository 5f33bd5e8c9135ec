using System.Diagnostics;
using Binance.Lake.Core.Storage;
using Binance.Lake.Extract.Live.Sinks;
using Binance.Lake.Extract.Rest;
using Microsoft.Extensions.Logging;

namespace Binance.Lake.Extract.Live;

/// <summary>
/// The live collector: Binance trade streams for a set of symbols into a sink, every id exactly once from the
/// first collected on. Resumes each symbol from the lake (<see cref="LiveState"/>), repairs every gap from REST through
/// the shared rate governor, and on stop hands the open batches to the sink before returning.
/// </summary>
public sealed class LiveCollector(BinanceRestClient rest, IObjectStore lake, ILiveSink sink, LiveOptions options, ILogger logger)
{
    public LiveStats Stats { get; } = new();

    /// <summary>Collects until <paramref name="stop"/> fires, then drains (bounded by <see cref="LiveOptions.DrainTimeout"/>).</summary>
    /// <exception cref="LiveInputException">Invalid options, or a symbol Binance does not list.</exception>
    public async Task RunAsync(IReadOnlyList<string> symbols, CancellationToken stop)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
            throw new LiveInputException(string.Join(" ", errors));
        if (symbols.Count == 0)
            throw new LiveInputException("Give at least one symbol.");
        if (rest.ExchangeInfo is null)
            await rest.ConnectAsync(stop).ConfigureAwait(false);
        var unknown = symbols.Where(s => !rest.ExchangeInfo!.SymbolStatus.ContainsKey(s)).ToList();
        if (unknown.Count > 0)
            throw new LiveInputException($"Unknown symbol {string.Join(", ", unknown)}: Binance's exchangeInfo does not list it. Check the spelling (pairs are written like BTCUSDT).");

        var state = new LiveState(lake);
        var services = new FeedServices(rest, sink, state, Stats, logger);
        var feeds = new List<SymbolFeed>();
        foreach (var symbol in symbols.Distinct(StringComparer.Ordinal))
        {
            var resumeAfter = await state.ResumeAfterAsync(symbol, stop).ConfigureAwait(false);
            logger.LogInformation(resumeAfter is { } id ? "{Symbol}: resuming after trade {Id}" : "{Symbol}: first collection, starting at the stream",
                symbol, resumeAfter);
            feeds.Add(new SymbolFeed(symbol, resumeAfter, options, services));
            Stats.For(symbol);
        }

        using var abandon = new CancellationTokenSource();
        var workers = feeds.Select(f => Task.Run(() => f.RunAsync(abandon.Token), CancellationToken.None)).ToArray();
        var router = new MessageRouter(feeds, Stats, rest.Governor.Clock, logger);
        var limiter = new ConnectAttemptLimiter(options.ConnectAttemptsPer5Minutes, TimeProvider.System);
        var groups = BinanceStreams.CombinedUrls(options.WebSocketUrl, feeds.Select(f => f.Symbol).ToList(), options.StreamsPerConnection)
            .Select(g => new ConnectionGroup(g.Url, options, router, limiter, Stats, logger))
            .Select(g => Task.Run(() => g.RunAsync(stop), CancellationToken.None))
            .ToList();
        logger.LogInformation("Collecting {Symbols} on {Connections} connection(s) into the {Sink} sink",
            string.Join(", ", feeds.Select(f => f.Symbol)), groups.Count, sink.Name);
        try
        {
            await Task.WhenAll([.. groups, CloseAgedBatchesAsync(feeds, stop)]).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping: connections are closed; what they delivered is drained below.
        }
        finally
        {
            foreach (var feed in feeds)
                feed.Complete();
            abandon.CancelAfter(options.DrainTimeout);
            try
            {
                await Task.WhenAll(workers).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (abandon.IsCancellationRequested)
            {
                logger.LogWarning("The sink did not take everything within {Timeout:0} s; what it lacks is repaired from REST at the next start",
                    options.DrainTimeout.TotalSeconds);
            }
            foreach (var s in Stats.Symbols.Values.OrderBy(s => s.Symbol, StringComparer.Ordinal))
                logger.LogInformation("{Symbol}: stopped after trade {LastId}: {Trades} trades from the stream, {Gaps} gaps ({Repaired} trades repaired from REST), {Duplicates} repeats dropped, {Batches} batches written",
                    s.Symbol, s.LastId, s.Trades, s.Gaps, s.Repaired, s.Duplicates, s.BatchesWritten);
        }
    }

    private async Task CloseAgedBatchesAsync(IReadOnlyList<SymbolFeed> feeds, CancellationToken stop)
    {
        var every = TimeSpan.FromTicks(Math.Clamp(options.BatchMaxAge.Ticks / 10, TimeSpan.FromMilliseconds(5).Ticks, TimeSpan.FromSeconds(1).Ticks));
        var maxAge = (long)(options.BatchMaxAge.TotalSeconds * Stopwatch.Frequency);
        using var timer = new PeriodicTimer(every);
        while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
        {
            var openedBy = Stopwatch.GetTimestamp() - maxAge;
            foreach (var feed in feeds)
                feed.CloseIfOpenedBy(openedBy);
        }
    }
}

/// <summary>The collector cannot run as asked: bad options or an unknown symbol.</summary>
public sealed class LiveInputException(string message) : Exception(message);
