using Binance.Lake.Extract.Backfill;
using Binance.Lake.Extract.Rest;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Binance.Lake.Cli.Rendering;

/// <summary>
/// Shows a running backfill: a live progress bar on a terminal; on a pipe or in CI (where a live bar
/// prints nothing) a log line every few seconds instead.
/// </summary>
internal static class BackfillProgressView
{
    private static readonly TimeSpan LogEvery = TimeSpan.FromSeconds(10);

    public static Task<T> ShowAsync<T>(BackfillRunner runner, BinanceRestClient client, bool live, ILogger logger, Func<Task<T>> work) =>
        live ? LiveAsync(runner, client, work) : LoggedAsync(runner, client, logger, work);

    private static Task<T> LiveAsync<T>(BackfillRunner runner, BinanceRestClient client, Func<Task<T>> work) =>
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 24 }, new PercentageColumn(),
                new RemainingTimeColumn(), new TextColumn(() => Counters(runner.Progress, client)))
            .StartAsync(async context =>
            {
                var task = context.AddTask("planning", autoStart: true, maxValue: 1);
                var running = work();
                while (!running.IsCompleted)
                {
                    Update(task, runner.Progress);
                    await Task.WhenAny(running, Task.Delay(250)).ConfigureAwait(false);
                }
                Update(task, runner.Progress);
                return await running.ConfigureAwait(false);
            });

    private static void Update(ProgressTask task, BackfillProgress progress)
    {
        if (progress.Plan is null)
            return;
        task.MaxValue = Math.Max(progress.TradesToFetch, 1);
        task.Value = progress.TradesToFetch == 0 ? 1 : progress.TradesFetched;
        task.Description = progress.Plan.Symbol;
    }

    private static async Task<T> LoggedAsync<T>(BackfillRunner runner, BinanceRestClient client, ILogger logger, Func<Task<T>> work)
    {
        var running = work();
        var started = DateTimeOffset.UtcNow;
        while (await Task.WhenAny(running, Task.Delay(LogEvery)).ConfigureAwait(false) != running)
        {
            var progress = runner.Progress;
            if (progress.Plan is null || progress.TradesToFetch == 0)
                continue;
            var share = (double)progress.TradesFetched / progress.TradesToFetch;
            var elapsed = DateTimeOffset.UtcNow - started;
            var eta = share > 0 ? TimeSpan.FromSeconds(elapsed.TotalSeconds * (1 - share) / share) : (TimeSpan?)null;
            logger.LogInformation("progress {Share:P1}: {Description}, ETA {Eta}",
                share, Describe(progress, client), eta is { } e ? e.ToString(@"hh\:mm\:ss") : "unknown");
        }
        return await running.ConfigureAwait(false);
    }

    private static string Describe(BackfillProgress progress, BinanceRestClient client) =>
        $"{progress.Plan!.Symbol} {Counters(progress, client)}";

    private static string Counters(BackfillProgress progress, BinanceRestClient client) =>
        progress.Plan is null
            ? ""
            : $"{progress.TradesFetched:N0}/{progress.TradesToFetch:N0} trades, chunks {progress.ChunksDone:N0}/{progress.Plan.ChunkCount:N0}, "
              + $"weight {client.Governor.Stats.WeightAdmitted:N0}, 429s {client.Stats.RateLimited}";
}
