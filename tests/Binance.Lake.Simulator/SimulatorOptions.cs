namespace Binance.Lake.Simulator;

/// <summary>Configuration of one <see cref="ExchangeSimulator"/>. Defaults mirror Binance spot today.</summary>
public sealed record SimulatorOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free one (see <see cref="ExchangeSimulator.BaseUrl"/>).</summary>
    public int Port { get; init; } = 0;

    /// <summary>Symbols with generated history (uppercase letters and digits).</summary>
    public IReadOnlyList<string> Symbols { get; init; } = ["BTCUSDT", "ETHUSDT"];

    /// <summary>Everything random (history, faults) derives from this, so runs are reproducible.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>REQUEST_WEIGHT allowed per <see cref="WeightInterval"/>.</summary>
    public int WeightLimit { get; init; } = 6000;

    /// <summary>
    /// The REQUEST_WEIGHT limit exchangeInfo announces, when it should differ from the one enforced: a client
    /// with stale or wrong limits, or a budget shared with an unseen tenant. Null announces <see cref="WeightLimit"/>.
    /// </summary>
    public int? AdvertisedWeightLimit { get; init; }

    /// <summary>Length of the fixed, epoch-aligned weight window (whole seconds).</summary>
    public TimeSpan WeightInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Average trade density, for the generated history and its live growth.</summary>
    public double TradesPerSecond { get; init; } = 5;

    /// <summary>Generated history starts at UTC midnight of (start day − HistoryDays); at least 30.</summary>
    public int HistoryDays { get; init; } = 45;

    /// <summary>REST retention floor: trades (and aggregates starting) below this id are not served.</summary>
    public long RestFloorId { get; init; } = 0;

    /// <summary>Serve one symbol from a real capture (stream .gz or CSV) instead of generating it.</summary>
    public string? ReplayFile { get; init; }

    /// <summary>Share (0..1) of trade-data requests answered with a 503.</summary>
    public double Fault5xx { get; init; }

    /// <summary>Share (0..1) of trade-data requests answered 200 with the JSON body cut short.</summary>
    public double FaultTruncate { get; init; }

    /// <summary>Share (0..1) of trade-data requests whose connection is aborted without a response.</summary>
    public double FaultDrop { get; init; }

    /// <summary>Delay added to every response, in ms (0 = none).</summary>
    public int FaultSlowMs { get; init; }

    /// <summary>Rejected requests tolerated in the same window after a 429 before the IP is banned (418).</summary>
    public int BanAfter429s { get; init; } = 3;

    /// <summary>How long a 418 ban lasts.</summary>
    public TimeSpan BanDuration { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Interval of the websocket server's ping frames (Binance: 20 s).</summary>
    public TimeSpan WsPingInterval { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>A websocket client whose pong does not arrive within this after a ping is aborted (Binance: 1 min).</summary>
    public TimeSpan WsPongTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Connection time after which the server closes a websocket with a close frame (Binance: 24 h).</summary>
    public TimeSpan WsLifetime { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Fault: abort each websocket (no close handshake) after this much connection time; null = never.</summary>
    public TimeSpan? WsDropEvery { get; init; }

    /// <summary>Fault: after this much connection time a websocket sends nothing more but stays open; null = never.</summary>
    public TimeSpan? WsStallEvery { get; init; }

    /// <summary>Fault: share (0..1) of trade ids never sent on any websocket (REST still has them).</summary>
    public double WsSkipRate { get; init; }

    /// <summary>Fault: share (0..1) of websocket trade messages sent twice in a row.</summary>
    public double WsRepeatRate { get; init; }

    /// <summary>
    /// How long after its period ends an archive file is published. Binance's daily files appear around 09:00 UTC
    /// the next day and monthly ones in the first days of the next month; zero, the default, lets tests read
    /// yesterday's file at once.
    /// </summary>
    public TimeSpan ArchivePublishDelay { get; init; } = TimeSpan.Zero;

    /// <summary>Days whose daily archive file, and their month's file, are never published (404).</summary>
    public IReadOnlyList<DateOnly> ArchiveMissingDays { get; init; } = [];

    /// <summary>Days whose daily and monthly zips are cut short, with a CHECKSUM that matches the cut bytes.</summary>
    public IReadOnlyList<DateOnly> ArchiveTruncateDays { get; init; } = [];

    /// <summary>Days whose daily and monthly CHECKSUM files name the wrong hash (the zips are intact).</summary>
    public IReadOnlyList<DateOnly> ArchiveBadChecksumDays { get; init; } = [];

    /// <summary>Days whose daily and monthly files are published <see cref="ArchiveLateBy"/> later than usual.</summary>
    public IReadOnlyList<DateOnly> ArchiveLateDays { get; init; } = [];

    /// <summary>Extra publication delay of <see cref="ArchiveLateDays"/>.</summary>
    public TimeSpan ArchiveLateBy { get; init; } = TimeSpan.FromDays(2);

    /// <summary>Source of "now" for history growth, weight windows, bans and archive publication; tests may freeze or advance it.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>All problems with these options, as user-facing messages; empty when valid.</summary>
    internal IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Port is < 0 or > 65535) errors.Add($"Port must be 0..65535 (was {Port}).");
        if (Symbols.Count == 0 && ReplayFile is null) errors.Add("At least one symbol (or a replay file) is required.");
        foreach (var s in Symbols)
        {
            if (s.Length == 0 || !s.All(c => c is >= 'A' and <= 'Z' or >= '0' and <= '9'))
                errors.Add($"Symbol '{s}' must consist of uppercase letters and digits.");
        }
        if (Symbols.Distinct(StringComparer.Ordinal).Count() != Symbols.Count) errors.Add("Symbols must be distinct.");
        if (WeightLimit < 1) errors.Add($"Weight limit must be at least 1 (was {WeightLimit}).");
        if (WeightInterval < TimeSpan.FromSeconds(1) || WeightInterval.Ticks % TimeSpan.TicksPerSecond != 0)
            errors.Add($"Weight interval must be a whole number of seconds, at least 1 (was {WeightInterval}).");
        if (!(TradesPerSecond > 0 && TradesPerSecond <= 100_000)) errors.Add($"Trades per second must be in (0, 100000] (was {TradesPerSecond}).");
        if (HistoryDays < 30) errors.Add($"History must reach back at least 30 days (was {HistoryDays}).");
        if (HistoryDays > 3650) errors.Add($"History days must be at most 3650 (was {HistoryDays}).");
        if (RestFloorId < 0) errors.Add($"REST floor id must not be negative (was {RestFloorId}).");
        if (ReplayFile is not null && !File.Exists(ReplayFile)) errors.Add($"Replay file '{ReplayFile}' does not exist.");
        foreach (var (name, p) in new[] { ("5xx", Fault5xx), ("truncate", FaultTruncate), ("drop", FaultDrop), ("ws-skip", WsSkipRate), ("ws-repeat", WsRepeatRate) })
        {
            if (!(p is >= 0 and <= 1)) errors.Add($"Fault share '{name}' must be within 0..1 (was {p}).");
        }
        if (Fault5xx + FaultTruncate + FaultDrop > 1) errors.Add("Fault shares must add up to at most 1.");
        if (FaultSlowMs < 0) errors.Add($"Slow-response delay must not be negative (was {FaultSlowMs}).");
        if (BanAfter429s < 0) errors.Add($"Ban-after count must not be negative (was {BanAfter429s}).");
        if (BanDuration < TimeSpan.FromSeconds(1)) errors.Add($"Ban duration must be at least 1 second (was {BanDuration}).");
        foreach (var (name, d) in new[] { ("ping interval", (TimeSpan?)WsPingInterval), ("pong timeout", WsPongTimeout),
                     ("lifetime", WsLifetime), ("drop-every", WsDropEvery), ("stall-every", WsStallEvery) })
        {
            if (d < TimeSpan.FromMilliseconds(1)) errors.Add($"Websocket {name} must be at least 1 ms (was {d}).");
        }
        if (ArchivePublishDelay < TimeSpan.Zero) errors.Add($"Archive publish delay must not be negative (was {ArchivePublishDelay}).");
        if (ArchiveLateBy <= TimeSpan.Zero) errors.Add($"Archive late-by delay must be positive (was {ArchiveLateBy}).");
        return errors;
    }
}
