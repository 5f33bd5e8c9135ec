using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using Binance.Lake.Simulator.History;
using Binance.Lake.Simulator.Http;
using Microsoft.AspNetCore.Http;

namespace Binance.Lake.Simulator.WebSockets;

/// <summary>
/// One websocket connection. A pump sends each stream's trades in id order once the simulator's clock
/// has reached their time: from the first trade after the connect, like Binance, or from fromId as fast
/// as the socket takes them. It polls the history, so a test's fake clock drives it like the real one.
/// Every send happens on the pump; the receive loop beside it only reads close frames and requests.
/// </summary>
internal sealed class StreamSession
{
    // Per stream and round: bounds how long fault and request checks wait while catching up.
    private const int BatchSize = 1000;
    private const int MaxRequestBytes = 64 * 1024;

    // How soon after the clock passes a trade it goes out when the client is caught up.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan StalledRecheck = TimeSpan.FromHours(1);
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    private readonly StreamEndpoint _server;
    private readonly HttpContext _http;
    private readonly WebSocket _socket;
    private readonly List<Subscription> _subscriptions;
    private readonly TradeMessageWriter _writer;
    private readonly ConcurrentQueue<ControlRequest> _requests = new();
    private readonly PriorityQueue<int, (long Time, int Stream)> _merge = new();

    public StreamSession(StreamEndpoint server, HttpContext http, WebSocket socket, StreamRequest request, List<Subscription> subscriptions)
    {
        _server = server;
        _http = http;
        _socket = socket;
        _writer = new TradeMessageWriter(server.Seed, request.Unit, request.Combined);
        _subscriptions = subscriptions;
    }

    public async Task RunAsync()
    {
        using var writer = _writer;
        var receiving = ReceiveAsync();
        long started = Stopwatch.GetTimestamp();
        bool stalled = false;
        try
        {
            while (!receiving.IsCompleted && !_server.Stopping.IsCancellationRequested)
            {
                var age = Stopwatch.GetElapsedTime(started);
                switch (_server.Timeline.Due(age, stalled))
                {
                    case ConnectionEvent.Drop:
                        _server.Stats.CountWsDrop();
                        _http.Abort();
                        return;
                    case ConnectionEvent.Close:
                        _server.Stats.CountWsLifetimeClose();
                        await CloseAsync(WebSocketCloseStatus.NormalClosure, "connection lifetime reached");
                        // Let the client answer the close frame, so it sees a clean close rather than a reset.
                        await Task.WhenAny(receiving, Task.Delay(CloseTimeout, _server.Stopping));
                        return;
                    case ConnectionEvent.Stall:
                        stalled = true;
                        _server.Stats.CountWsStall();
                        break;
                }
                if (!stalled)
                {
                    await AnswerRequestsAsync();
                    if (await PumpAsync()) continue;
                }
                var untilNext = _server.Timeline.UntilNext(age, stalled);
                var recheck = stalled ? StalledRecheck : PollInterval;
                await Task.WhenAny(receiving, Task.Delay(untilNext < recheck ? untilNext : recheck, _server.Stopping));
            }
            if (_server.Stopping.IsCancellationRequested) await CloseAsync(WebSocketCloseStatus.EndpointUnavailable, "simulator stopping");
            else await CloseAsync(WebSocketCloseStatus.NormalClosure, "");
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException)
        {
            // The connection is gone: a missed pong, or the client vanished mid-send.
        }
        finally
        {
            // Ends the receive loop when no close handshake did.
            _socket.Abort();
            await receiving;
        }
    }

    /// <summary>Sends due trades, at most one batch per stream.</summary>
    /// <returns>True when a batch was cut at <see cref="BatchSize"/>: more trades are due right away.</returns>
    private async Task<bool> PumpAsync()
    {
        long now = UnixMicros.Of(_server.Clock.GetUtcNow());
        int count = _subscriptions.Count;
        var batches = new IReadOnlyList<Trade>[count];
        var cursors = new int[count];
        var cutShort = new bool[count];
        _merge.Clear();
        for (int i = 0; i < count; i++)
        {
            var s = _subscriptions[i];
            long due = s.History.NewestId(now) - s.NextId + 1;
            batches[i] = due > 0 ? s.History.GetTrades(s.NextId, (int)Math.Min(due, BatchSize), now) : [];
            cutShort[i] = due > BatchSize;
            if (batches[i].Count > 0) _merge.Enqueue(i, (batches[i][0].TimeMicros, i));
        }

        // Streams interleave in time order, as one exchange feed would deliver them.
        while (_merge.TryDequeue(out int i, out _))
        {
            var stream = _subscriptions[i];
            var trade = batches[i][cursors[i]++];
            await SendAsync(stream, trade);
            stream.NextId = trade.Id + 1;
            if (cursors[i] < batches[i].Count) _merge.Enqueue(i, (batches[i][cursors[i]].TimeMicros, i));
            // This stream's next trades are not fetched yet; sending the others' later ones first would break time order.
            else if (cutShort[i]) break;
        }
        return cutShort.Any(c => c);
    }

    /// <summary>One trade, as its fault fate says. Counted before sending, so a client never sees more than the stats.</summary>
    private async ValueTask SendAsync(Subscription stream, Trade trade)
    {
        var fate = _server.Faults.Fate(stream.Key, trade.Id);
        if (fate == StreamFate.Skip)
        {
            _server.Stats.CountWsSkipped();
            return;
        }
        var message = _writer.Write(stream, trade);
        _server.Stats.CountWsMessage();
        await SendAsync(message);
        if (fate != StreamFate.Repeat) return;
        _server.Stats.CountWsRepeated();
        _server.Stats.CountWsMessage();
        await SendAsync(message);
    }

    private async Task AnswerRequestsAsync()
    {
        while (_requests.TryDequeue(out var request)) await SendAsync(Answer(request));
    }

    private byte[] Answer(ControlRequest request)
    {
        if (request.ErrorReply is { } error) return error;
        if (request.Method == ControlMethod.ListSubscriptions)
            return ControlMessages.Result(request.IdJson, _subscriptions.Select(s => s.Name));

        List<ITradeHistory> streams;
        try
        {
            streams = request.Params.Distinct(StringComparer.Ordinal).Select(n => StreamName.Resolve(n, _server.Catalog)).ToList();
        }
        catch (ApiException e)
        {
            return ControlMessages.Error(request.IdJson, ControlMessages.BadRequest, $"Invalid request: {e.Message}");
        }
        if (request.Method == ControlMethod.Unsubscribe)
        {
            _subscriptions.RemoveAll(s => streams.Contains(s.History));
            return ControlMessages.Result(request.IdJson);
        }
        var added = streams.Where(h => !_subscriptions.Any(s => s.History == h)).ToList();
        if (_subscriptions.Count + added.Count > StreamRequest.MaxStreams)
            return ControlMessages.Error(request.IdJson, ControlMessages.BadRequest, $"Invalid request: at most {StreamRequest.MaxStreams} streams per connection");
        long now = UnixMicros.Of(_server.Clock.GetUtcNow());
        _subscriptions.AddRange(added.Select(h => Subscription.Start(h, fromId: null, now)));
        return ControlMessages.Result(request.IdJson);
    }

    private async Task ReceiveAsync()
    {
        // Off the caller's stack, so RunAsync starts pumping at once.
        await Task.Yield();
        var message = new ArrayBufferWriter<byte>(1024);
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(message.GetMemory(4096), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close) return;
                message.Advance(result.Count);
                if (message.WrittenCount > MaxRequestBytes)
                {
                    // Far beyond a 1024-stream SUBSCRIBE: a broken client, not a request.
                    _socket.Abort();
                    return;
                }
                if (!result.EndOfMessage) continue;
                _requests.Enqueue(ControlMessages.Parse(message.WrittenMemory));
                message.ResetWrittenCount();
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException)
        {
            // Aborted: drop fault, missed pong, server stop, or the client went away.
        }
    }

    private ValueTask SendAsync(ReadOnlyMemory<byte> message) =>
        _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, _server.Stopping);

    private async Task CloseAsync(WebSocketCloseStatus status, string reason)
    {
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived)) return;
        // A client that stopped reading must not hold the close (and the simulator's shutdown) forever.
        using var timeout = new CancellationTokenSource(CloseTimeout);
        await _socket.CloseOutputAsync(status, reason, timeout.Token);
    }
}
