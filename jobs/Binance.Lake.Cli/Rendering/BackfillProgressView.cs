using Binance.Lake.Extract.Backfill;
using Binance.Lake.Extract.Rest;
using Microsoft.Extensions.Logging;

namespace Binance.Lake.Cli.Rendering;

/// <summary>A running backfill as a <see cref="ProgressView"/>: trades fetched of the plan, chunks, weight, 429s.</summary>
internal static class BackfillProgressView
{
    public static Task<T> ShowAsync<T>(BackfillRunner runner, BinanceRestClient client, bool live, ILogger logger, Func<Task<T>> work) =>
        ProgressView.ShowAsync(live, logger, () => Snapshot(runner.Progress, client), work);

    private static ProgressSnapshot? Snapshot(BackfillProgress progress, BinanceRestClient client) =>
        progress.Plan is null
            ? null
            : new ProgressSnapshot(progress.Plan.Symbol, progress.TradesFetched, progress.TradesToFetch,
                $"{progress.TradesFetched:N0}/{progress.TradesToFetch:N0} trades, chunks {progress.ChunksDone:N0}/{progress.Plan.ChunkCount:N0}, "
                + $"weight {client.Governor.Stats.WeightAdmitted:N0}, 429s {client.Stats.RateLimited}");
}
