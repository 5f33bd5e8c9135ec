using System.Globalization;
using System.Text;
using Binance.Lake.Core.Storage;

namespace Binance.Lake.Extract.Live;

/// <summary>
/// The collector's counters in Prometheus' text exposition format, written to a file every few seconds: node_exporter's
/// textfile collector (or any reader) scrapes it, and nothing listens on a port. The file is replaced atomically, so a
/// scrape never reads half of it.
/// </summary>
public static class PrometheusMetrics
{
    public static string Render(LiveStats stats, string process)
    {
        var text = new StringBuilder();
        var label = $"process=\"{process}\"";
        void Metric(string name, string type, string help, IEnumerable<(string Labels, double Value)> samples)
        {
            text.Append("# HELP binance_lake_live_").Append(name).Append(' ').Append(help).Append('\n');
            text.Append("# TYPE binance_lake_live_").Append(name).Append(' ').Append(type).Append('\n');
            foreach (var (labels, value) in samples)
                text.Append("binance_lake_live_").Append(name).Append('{').Append(labels).Append("} ")
                    .Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }
        void Global(string name, string type, string help, double value) => Metric(name, type, help, [(label, value)]);
        void PerSymbol(string name, string type, string help, Func<SymbolStats, double> value) =>
            Metric(name, type, help, stats.Symbols.Values.OrderBy(s => s.Symbol, StringComparer.Ordinal)
                .Select(s => ($"{label},symbol=\"{s.Symbol}\"", value(s))));

        Global("connections_total", "counter", "Websocket connections opened.", stats.Connections);
        Global("reconnects_total", "counter", "Connections opened to replace one (drop, stall, rollover).", stats.Reconnects);
        Global("rollovers_total", "counter", "Connections replaced before Binance's 24 h cut, with overlap.", stats.Rollovers);
        Global("stalls_total", "counter", "Connections dropped for delivering nothing within the stall timeout.", stats.Stalls);
        Global("connect_failures_total", "counter", "Connection attempts that failed.", stats.ConnectFailures);
        Global("messages_total", "counter", "Websocket (or Kafka) messages received.", stats.Messages);
        Global("rejected_messages_total", "counter", "Messages the raw zone could not keep as received (their ids are repaired from REST).", stats.Invalid);
        Global("server_shutdown_notices_total", "counter", "serverShutdown events received.", stats.ShutdownNotices);
        PerSymbol("trades_total", "counter", "Trades taken from the stream, each id once.", s => s.Trades);
        PerSymbol("duplicates_total", "counter", "Messages dropped because their id was already taken.", s => s.Duplicates);
        PerSymbol("gaps_total", "counter", "Id gaps found in the stream.", s => s.Gaps);
        PerSymbol("repaired_trades_total", "counter", "Trades written from REST to fill gaps.", s => s.Repaired);
        PerSymbol("not_served_trades_total", "counter", "Gap ids REST no longer serves (take them from the bulk archive).", s => s.NotServed);
        PerSymbol("batches_written_total", "counter", "Batches made durable in the sink.", s => s.BatchesWritten);
        PerSymbol("sink_failures_total", "counter", "Sink writes or repairs that failed and were retried.", s => s.SinkFailures);
        PerSymbol("last_trade_id", "gauge", "Id of the last trade taken from the stream.", s => s.LastId);
        PerSymbol("lag_seconds", "gauge", "Receive time of the last trade message minus its event time, in the exchange's clock.", s => s.Lag.TotalSeconds);

        var histogram = stats.DurableLatency;
        const string Latency = "binance_lake_live_durable_latency_seconds";
        text.Append("# HELP ").Append(Latency).Append(" Time from receiving a trade message to the sink holding it durably.\n");
        text.Append("# TYPE ").Append(Latency).Append(" histogram\n");
        var cumulative = histogram.Cumulative();
        for (var i = 0; i < cumulative.Length; i++)
        {
            var bound = i < LatencyHistogram.UpperBounds.Count ? LatencyHistogram.UpperBounds[i].ToString("G4", CultureInfo.InvariantCulture) : "+Inf";
            text.Append(Latency).Append("_bucket{").Append(label).Append(",le=\"").Append(bound).Append("\"} ").Append(cumulative[i]).Append('\n');
        }
        text.Append(Latency).Append("_sum{").Append(label).Append("} ").Append(histogram.SumSeconds.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        text.Append(Latency).Append("_count{").Append(label).Append("} ").Append(histogram.Count).Append('\n');
        return text.ToString();
    }

    /// <summary>Rewrites <paramref name="path"/> every <paramref name="every"/> until <paramref name="stop"/>, and once more at the end.</summary>
    public static async Task WritePeriodicallyAsync(string path, TimeSpan every, LiveStats stats, string process, CancellationToken stop)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var file = new LocalObjectStore(folder);
        var key = Path.GetFileName(path);
        using var timer = new PeriodicTimer(every);
        try
        {
            do
                await file.PutAsync(key, Encoding.UTF8.GetBytes(Render(stats, process)), CancellationToken.None).ConfigureAwait(false);
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await file.PutAsync(key, Encoding.UTF8.GetBytes(Render(stats, process)), CancellationToken.None).ConfigureAwait(false);
        }
    }
}
