using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Binance.Lake.Simulator;

namespace Binance.Lake.Tests.Simulator;

/// <summary>
/// A <see cref="ClientWebSocket"/> on the simulator's streams that keeps one receive pending across waits:
/// cancelling a receive would abort the socket, so "nothing came for a while" is a wait beside the
/// pending receive. A pending receive is also what lets the client answer the server's pings.
/// </summary>
public sealed class StreamClient : IAsyncDisposable
{
    /// <summary>Generous: a busy CI machine must not turn a slow message into a failure.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly ClientWebSocket _socket;
    private Task<string?>? _pending;

    private StreamClient(ClientWebSocket socket) => _socket = socket;

    public WebSocketState State => _socket.State;
    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public static Uri Url(ExchangeSimulator sim, string pathAndQuery) => new($"ws://127.0.0.1:{sim.BaseUrl.Port}{pathAndQuery}");

    public static async Task<StreamClient> ConnectAsync(ExchangeSimulator sim, string pathAndQuery)
    {
        var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(Patience);
        await socket.ConnectAsync(Url(sim, pathAndQuery), timeout.Token);
        return new StreamClient(socket);
    }

    /// <summary>The next message; null when the server closed the connection with a close frame.</summary>
    /// <exception cref="WebSocketException">The connection broke without a close frame.</exception>
    /// <exception cref="TimeoutException">Nothing arrived within <see cref="Patience"/>.</exception>
    public async Task<string?> NextAsync()
    {
        _pending ??= ReadAsync();
        if (await Task.WhenAny(_pending, Task.Delay(Patience)) != _pending)
            throw new TimeoutException($"No websocket message within {Patience}.");
        var done = _pending;
        _pending = null;
        return await done;
    }

    public async Task<JsonElement> NextJsonAsync()
    {
        string text = await NextAsync() ?? throw new InvalidOperationException("The server closed the stream.");
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    public async Task<List<JsonElement>> TakeAsync(int count)
    {
        var messages = new List<JsonElement>(count);
        while (messages.Count < count) messages.Add(await NextJsonAsync());
        return messages;
    }

    /// <summary>Messages up to and including the first that <paramref name="isLast"/> accepts.</summary>
    public async Task<List<JsonElement>> TakeUntilAsync(Func<JsonElement, bool> isLast)
    {
        var messages = new List<JsonElement>();
        do messages.Add(await NextJsonAsync());
        while (!isLast(messages[^1]));
        return messages;
    }

    /// <summary>True when no message (nor close) arrives within <paramref name="span"/>; the connection stays usable.</summary>
    public async Task<bool> SilentForAsync(TimeSpan span)
    {
        _pending ??= ReadAsync();
        return await Task.WhenAny(_pending, Task.Delay(span)) != _pending;
    }

    public async Task SendAsync(string text)
    {
        using var timeout = new CancellationTokenSource(Patience);
        await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
    }

    /// <summary>The client's close handshake; the server's data still in flight is discarded.</summary>
    public async Task CloseAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            try
            {
                await CloseAsync();
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // The test is over; a server that vanished meanwhile is not its failure.
            }
        }
        _socket.Dispose();
    }

    private async Task<string?> ReadAsync()
    {
        var buffer = new byte[4096];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage) return Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
        }
    }
}
