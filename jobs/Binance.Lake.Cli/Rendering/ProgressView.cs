using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Binance.Lake.Cli.Rendering;

/// <summary>Where a long job stands: what it works on, how far along, and the counters worth watching.</summary>
internal readonly record struct ProgressSnapshot(string Title, double Done, double Total, string Counters);

/// <summary>
/// Shows a running job: a live progress bar on a terminal; on a pipe or in CI (where a live bar prints nothing)
/// a log line every few seconds instead. <c>read</c> returns null while the job is still planning.
/// </summary>
internal static class ProgressView
{
    private static readonly TimeSpan LogEvery = TimeSpan.FromSeconds(10);

    public static Task<T> ShowAsync<T>(bool live, ILogger logger, Func<ProgressSnapshot?> read, Func<Task<T>> work) =>
        live ? LiveAsync(read, work) : LoggedAsync(logger, read, work);

    private static Task<T> LiveAsync<T>(Func<ProgressSnapshot?> read, Func<Task<T>> work) =>
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 24 }, new PercentageColumn(),
                new RemainingTimeColumn(), new TextColumn(() => read()?.Counters ?? ""))
            .StartAsync(async context =>
            {
                var task = context.AddTask("planning", autoStart: true, maxValue: 1);
                var running = work();
                while (!running.IsCompleted)
                {
                    Update(task, read());
                    await Task.WhenAny(running, Task.Delay(250)).ConfigureAwait(false);
                }
                Update(task, read());
                return await running.ConfigureAwait(false);
            });

    private static void Update(ProgressTask task, ProgressSnapshot? snapshot)
    {
        if (snapshot is not { } s)
            return;
        task.MaxValue = Math.Max(s.Total, 1);
        task.Value = s.Total == 0 ? 1 : s.Done;
        task.Description = s.Title;
    }

    private static async Task<T> LoggedAsync<T>(ILogger logger, Func<ProgressSnapshot?> read, Func<Task<T>> work)
    {
        var running = work();
        var started = DateTimeOffset.UtcNow;
        while (await Task.WhenAny(running, Task.Delay(LogEvery)).ConfigureAwait(false) != running)
        {
            if (read() is not { Total: > 0 } s)
                continue;
            var share = s.Done / s.Total;
            var elapsed = DateTimeOffset.UtcNow - started;
            var eta = share > 0 ? TimeSpan.FromSeconds(elapsed.TotalSeconds * (1 - share) / share) : (TimeSpan?)null;
            logger.LogInformation("progress {Share:P1}: {Title} {Counters}, ETA {Eta}",
                share, s.Title, s.Counters, eta is { } e ? e.ToString(@"hh\:mm\:ss") : "unknown");
        }
        return await running.ConfigureAwait(false);
    }
}
