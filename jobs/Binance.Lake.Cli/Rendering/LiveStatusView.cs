using System.Globalization;
using Binance.Lake.Extract.Live;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Binance.Lake.Cli.Rendering;

/// <summary>
/// The status of a running collector or sink, per symbol: trade rate, last id, lag behind the exchange, gaps repaired.
/// A table refreshed every second on a terminal; on a pipe or in CI one log line per symbol every 10 s.
/// </summary>
internal static class LiveStatusView
{
    public static Task ShowAsync(LiveStats stats, bool live, ILogger logger, Func<Task> work) =>
        live ? LiveAsync(stats, work) : LoggedAsync(stats, logger, work);

    private static async Task LiveAsync(LiveStats stats, Func<Task> work)
    {
        var table = new Table().AddColumns("symbol", "trades/s", "last id", "lag", "gaps", "repaired", "duplicates", "batches");
        await AnsiConsole.Live(table).StartAsync(async context =>
        {
            var rates = new Rates();
            var running = work();
            while (await Task.WhenAny(running, Task.Delay(TimeSpan.FromSeconds(1))).ConfigureAwait(false) != running)
            {
                table.Rows.Clear();
                foreach (var s in Ordered(stats))
                    table.AddRow(s.Symbol, rates.Of(s).ToString("N0", CultureInfo.InvariantCulture), s.LastId.ToString(CultureInfo.InvariantCulture),
                        $"{s.Lag.TotalMilliseconds:N0} ms", s.Gaps.ToString(CultureInfo.InvariantCulture), s.Repaired.ToString(CultureInfo.InvariantCulture),
                        s.Duplicates.ToString(CultureInfo.InvariantCulture), s.BatchesWritten.ToString(CultureInfo.InvariantCulture));
                table.Caption($"connections {stats.Connections}, reconnects {stats.Reconnects}, rollovers {stats.Rollovers}, stalls {stats.Stalls}, rejected {stats.Invalid}");
                context.Refresh();
            }
            await running.ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private static async Task LoggedAsync(LiveStats stats, ILogger logger, Func<Task> work)
    {
        var rates = new Rates();
        var running = work();
        while (await Task.WhenAny(running, Task.Delay(TimeSpan.FromSeconds(10))).ConfigureAwait(false) != running)
        {
            foreach (var s in Ordered(stats))
                logger.LogInformation("{Symbol}: {Rate:N0} trades/s, last id {LastId}, lag {Lag:N0} ms, gaps {Gaps} ({Repaired} trades repaired), duplicates {Duplicates}, batches {Batches}",
                    s.Symbol, rates.Of(s), s.LastId, s.Lag.TotalMilliseconds, s.Gaps, s.Repaired, s.Duplicates, s.BatchesWritten);
        }
        await running.ConfigureAwait(false);
    }

    private static IEnumerable<SymbolStats> Ordered(LiveStats stats) => stats.Symbols.Values.OrderBy(s => s.Symbol, StringComparer.Ordinal);

    /// <summary>Trades per second of each symbol since the previous reading.</summary>
    private sealed class Rates
    {
        private readonly Dictionary<string, (long Trades, DateTimeOffset At)> _previous = [];

        public double Of(SymbolStats s)
        {
            var now = DateTimeOffset.UtcNow;
            var rate = _previous.TryGetValue(s.Symbol, out var before) && now > before.At
                ? (s.Trades - before.Trades) / (now - before.At).TotalSeconds
                : 0;
            _previous[s.Symbol] = (s.Trades, now);
            return rate;
        }
    }
}
