using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Binance.Lake.Cli.Rendering;

/// <summary>
/// Shows a running job: a live progress bar on a terminal; on a pipe or in CI (where a live bar prints nothing) a
/// log line every few seconds instead. Jobs say how far they are through <see cref="Reading"/>.
/// </summary>
internal static class ProgressView
{
    private static readonly TimeSpan LogEvery = TimeSpan.FromSeconds(10);

    /// <summary>How far a job is: what it works on, units done of the total, and counters shown beside the bar.</summary>
    public sealed record Reading(string Description, long Done, long Total, string Counters);

    /// <param name="read">The job's state now, or null while it does not know its total yet.</param>
    public static Task<T> ShowAsync<T>(bool live, ILogger logger, Func<Reading?> read, Func<Task<T>> work) =>
        live ? LiveAsync(read, work) : LoggedAsync(logger, read, work);

    private static Task<T> LiveAsync<T>(Func<Reading?> read, Func<Task<T>> work) =>
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

    private static void Update(ProgressTask task, Reading? reading)
    {
        if (reading is null)
            return;
        task.MaxValue = Math.Max(reading.Total, 1);
        task.Value = reading.Total == 0 ? 1 : reading.Done;
        task.Description = reading.Description;
    }

    private static async Task<T> LoggedAsync<T>(ILogger logger, Func<Reading?> read, Func<Task<T>> work)
    {
        var running = work();
        var started = DateTimeOffset.UtcNow;
        while (await Task.WhenAny(running, Task.Delay(LogEvery)).ConfigureAwait(false) != running)
        {
            if (read() is not { Total: > 0 } reading)
                continue;
            var share = (double)reading.Done / reading.Total;
            var elapsed = DateTimeOffset.UtcNow - started;
            var eta = share > 0 ? TimeSpan.FromSeconds(elapsed.TotalSeconds * (1 - share) / share) : (TimeSpan?)null;
            logger.LogInformation("progress {Share:P1}: {Description} {Counters}, ETA {Eta}",
                share, reading.Description, reading.Counters, eta is { } e ? e.ToString(@"hh\:mm\:ss") : "unknown");
        }
        return await running.ConfigureAwait(false);
    }
}
