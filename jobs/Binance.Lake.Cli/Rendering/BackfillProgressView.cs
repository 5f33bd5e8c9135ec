using Binance.Lake.Extract.Backfill;
using Binance.Lake.Extract.Rest;
using Microsoft.Extensions.Logging;

namespace Binance.Lake.Cli.Rendering;

/// <summary>A running backfill's progress: trades fetched of those planned, with chunks, weight and 429s beside.</summary>
internal static class BackfillProgressView
{
    public static Task<T> ShowAsync<T>(BackfillRunner runner, BinanceRestClient client, bool live, ILogger logger, Func<Task<T>> work) =>
        ProgressView.ShowAsync(live, logger, () => Read(runner.Progress, client), work);

    private static ProgressView.Reading? Read(BackfillProgress progress, BinanceRestClient client) =>
        progress.Plan is null
            ? null
            : new ProgressView.Reading(progress.Plan.Symbol, progress.TradesFetched, progress.TradesToFetch,
                $"{progress.TradesFetched:N0}/{progress.TradesToFetch:N0} trades, chunks {progress.ChunksDone:N0}/{progress.Plan.ChunkCount:N0}, "
                + $"weight {client.Governor.Stats.WeightAdmitted:N0}, 429s {client.Stats.RateLimited}");
}
