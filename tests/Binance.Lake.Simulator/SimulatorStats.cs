namespace Binance.Lake.Simulator;

/// <summary>
/// Live counters, safe to read from any thread while the simulator runs (tests and benchmarks
/// poll them to check that clients backed off, retried or stayed within budget).
/// </summary>
public sealed class SimulatorStats
{
    private long _requests, _weightServed, _status400, _status404, _status429, _status418;
    private long _faults5xx, _faultsTruncated, _faultsDropped, _faultsSlowed, _archiveFiles;
    private long _wsConnections, _wsMessages, _wsSkipped, _wsRepeated, _wsDrops, _wsStalls, _wsLifetimeCloses;

    /// <summary>Every request received, whatever its outcome.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Total weight of requests answered with a complete 2xx body.</summary>
    public long WeightServed => Interlocked.Read(ref _weightServed);

    public long Status400 => Interlocked.Read(ref _status400);
    public long Status404 => Interlocked.Read(ref _status404);
    public long Status429 => Interlocked.Read(ref _status429);
    public long Status418 => Interlocked.Read(ref _status418);

    public long Faults5xx => Interlocked.Read(ref _faults5xx);
    public long FaultsTruncated => Interlocked.Read(ref _faultsTruncated);
    public long FaultsDropped => Interlocked.Read(ref _faultsDropped);

    /// <summary>Responses delayed by FaultSlowMs (every response when it is set).</summary>
    public long FaultsSlowed => Interlocked.Read(ref _faultsSlowed);

    /// <summary>Archive zips and CHECKSUM files answered 200 (HEAD included); they carry no weight.</summary>
    public long ArchiveFilesServed => Interlocked.Read(ref _archiveFiles);

    /// <summary>5xx + truncated + dropped: the faults that cost the client a retry.</summary>
    public long FaultsInjected => Faults5xx + FaultsTruncated + FaultsDropped;

    /// <summary>Websocket connections accepted (rejected handshakes count as requests with a 400).</summary>
    public long WsConnections => Interlocked.Read(ref _wsConnections);

    /// <summary>Trade messages sent on websockets, repeats included; control replies not.</summary>
    public long WsMessagesSent => Interlocked.Read(ref _wsMessages);

    /// <summary>Trades a websocket passed over because of WsSkipRate.</summary>
    public long WsSkipped => Interlocked.Read(ref _wsSkipped);

    /// <summary>Trade messages sent a second time because of WsRepeatRate.</summary>
    public long WsRepeated => Interlocked.Read(ref _wsRepeated);

    /// <summary>Websockets aborted by WsDropEvery.</summary>
    public long WsDrops => Interlocked.Read(ref _wsDrops);

    /// <summary>Websockets that went silent because of WsStallEvery.</summary>
    public long WsStalls => Interlocked.Read(ref _wsStalls);

    /// <summary>Websockets the server closed because they reached WsLifetime.</summary>
    public long WsLifetimeCloses => Interlocked.Read(ref _wsLifetimeCloses);

    internal void CountRequest() => Interlocked.Increment(ref _requests);
    internal void CountServed(int weight) => Interlocked.Add(ref _weightServed, weight);
    internal void Count400() => Interlocked.Increment(ref _status400);
    internal void Count404() => Interlocked.Increment(ref _status404);
    internal void Count429() => Interlocked.Increment(ref _status429);
    internal void Count418() => Interlocked.Increment(ref _status418);
    internal void Count5xx() => Interlocked.Increment(ref _faults5xx);
    internal void CountTruncated() => Interlocked.Increment(ref _faultsTruncated);
    internal void CountDropped() => Interlocked.Increment(ref _faultsDropped);
    internal void CountSlowed() => Interlocked.Increment(ref _faultsSlowed);
    internal void CountArchiveFile() => Interlocked.Increment(ref _archiveFiles);
    internal void CountWsConnection() => Interlocked.Increment(ref _wsConnections);
    internal void CountWsMessage() => Interlocked.Increment(ref _wsMessages);
    internal void CountWsSkipped() => Interlocked.Increment(ref _wsSkipped);
    internal void CountWsRepeated() => Interlocked.Increment(ref _wsRepeated);
    internal void CountWsDrop() => Interlocked.Increment(ref _wsDrops);
    internal void CountWsStall() => Interlocked.Increment(ref _wsStalls);
    internal void CountWsLifetimeClose() => Interlocked.Increment(ref _wsLifetimeCloses);

    public override string ToString() =>
        $"requests={Requests} weight={WeightServed} 400={Status400} 404={Status404} 429={Status429} 418={Status418} " +
        $"5xx={Faults5xx} truncated={FaultsTruncated} dropped={FaultsDropped} slowed={FaultsSlowed} archive={ArchiveFilesServed} " +
        $"ws: connections={WsConnections} messages={WsMessagesSent} skipped={WsSkipped} repeated={WsRepeated} " +
        $"drops={WsDrops} stalls={WsStalls} lifetime-closes={WsLifetimeCloses}";
}
