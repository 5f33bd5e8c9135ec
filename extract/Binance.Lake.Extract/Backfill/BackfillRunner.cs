using System.Diagnostics;
using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Storage;
using Binance.Lake.Core.Trades;
using Binance.Lake.Extract.Backfill.IdLocators;
using Binance.Lake.Extract.Rest;
using Microsoft.Extensions.Logging;

namespace Binance.Lake.Extract.Backfill;

/// <summary>
/// Runs one backfill: plan (or resume the journal's plan), fetch every chunk with x workers over the
/// brief's queue, mark the plan complete, and say what was done and what Binance would not serve.
/// </summary>
public sealed class BackfillRunner(BinanceRestClient client, IObjectStore store, ILogger logger, TimeProvider time)
{
    public BackfillProgress Progress { get; } = new();

    public async Task<BackfillSummary> RunAsync(BackfillRequest request, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        request.Validate(time.GetUtcNow());
        if (client.ExchangeInfo is null)
            await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
        CheckSymbolIsListed(request.Symbol);

        var journal = new BackfillJournal(store);
        var plan = await journal.FindUnfinishedAsync(request, cancellationToken).ConfigureAwait(false);
        var resumed = plan is not null;
        if (plan is null)
        {
            plan = await new BackfillPlanner(client, Locator(request.IdSearch), time).PlanAsync(request, cancellationToken).ConfigureAwait(false);
            await journal.StartAsync(plan, cancellationToken).ConfigureAwait(false);
        }
        logger.LogInformation("{Symbol}: {Action} backfill {Mode}: ids {Range} ({Count} trades) in {Chunks} chunks of {Limit}, {Workers} workers",
            plan.Symbol, resumed ? "resuming the unfinished" : "starting", plan.Mode, plan.Range, Math.Max(plan.Range.Count, 0),
            plan.ChunkCount, plan.ChunkLimit, request.Concurrency);
        foreach (var range in plan.NotServed)
            logger.LogWarning("{Symbol}: Binance REST does not serve trades {Range} (retention floor); take them from the bulk archive", plan.Symbol, range);

        var fetched = await journal.FetchedAsync(plan.Symbol, cancellationToken).ConfigureAwait(false);
        Progress.TradesAlreadyPresent = plan.Range.IsEmpty ? 0 : plan.Range.Count - fetched.Gaps(plan.Range).Sum(g => g.Count);
        Progress.Plan = plan;

        var fetcher = new ChunkFetcher(client, store, fetched, Progress, logger);
        await FetchAllAsync(plan, request.Concurrency, fetcher, cancellationToken).ConfigureAwait(false);
        await journal.CompleteAsync(plan, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);

        var notServed = new IdRangeSet();
        foreach (var range in plan.NotServed.Concat(fetcher.NotServed))
            notServed.Add(range);
        return new BackfillSummary(
            plan.Symbol, plan.Mode,
            plan.NotServed.Count > 0 ? plan.NotServed[0].First : plan.FirstId, plan.LastId,
            Math.Max(plan.Range.Count, 0), Progress.TradesFetched, Progress.TradesAlreadyPresent,
            plan.ChunkCount, Progress.FilesWritten,
            client.Stats.Requests, client.Stats.Retries, client.Stats.RateLimited, client.Governor.Stats.WeightAdmitted,
            stopwatch.Elapsed.TotalSeconds, resumed,
            store.Describe(RawZone.SourcePrefix(plan.Symbol, RawSource.Rest)),
            notServed.Ranges);
    }

    private static async Task FetchAllAsync(BackfillPlan plan, int concurrency, ChunkFetcher fetcher, CancellationToken cancellationToken)
    {
        // The first failure (a ban, an exhausted retry, a full disk) stops every worker.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var queue = new ChunkQueue(plan.ChunkCount, concurrency);
        async Task Worker()
        {
            try
            {
                await foreach (var chunk in queue.ReadAllAsync(stop.Token).ConfigureAwait(false))
                {
                    await fetcher.FetchAsync(plan.Symbol, plan.Chunk(chunk), stop.Token).ConfigureAwait(false);
                    queue.Finish(chunk);
                }
            }
            catch
            {
                await stop.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(Worker, CancellationToken.None)).ToArray();
        try
        {
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
        catch when (!cancellationToken.IsCancellationRequested)
        {
            // A worker cancelled mid-request by another's failure may end faulted with a cancellation of its own;
            // surface the failure that stopped the run, not whichever worker happens to come first.
            var failure = workers.Where(w => w.IsFaulted).SelectMany(w => w.Exception!.InnerExceptions)
                .FirstOrDefault(e => e is not OperationCanceledException);
            if (failure is not null)
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            throw;
        }
    }

    private void CheckSymbolIsListed(string symbol)
    {
        var symbols = client.ExchangeInfo!.SymbolStatus;
        if (!symbols.TryGetValue(symbol, out var status))
            throw new BackfillInputException(
                $"Unknown symbol {symbol}: Binance's exchangeInfo does not list it. Check the spelling (pairs are written like BTCUSDT).");
        if (status != "TRADING")
            logger.LogWarning("{Symbol} has status {Status} on Binance; its history may still be served", symbol, status);
    }

    private ITradeIdLocator Locator(IdSearch search) => search switch
    {
        IdSearch.AggTrades => new AggTradesIdLocator(client),
        IdSearch.Interpolate => new InterpolationIdLocator(client),
        _ => throw new ArgumentOutOfRangeException(nameof(search), search, null),
    };
}
