using System.Diagnostics;
using System.Net.WebSockets;

namespace Binance.Lake.Extract.Live;

/// <summary>
/// One websocket and its receive loop. Pings are answered by the websocket itself (a pong echoing the payload, as
/// Binance asks); the client sends nothing unsolicited, since Binance counts every incoming frame against its
/// 5 messages/s limit.
/// </summary>
internal sealed class StreamConnection : IDisposable
{
    private readonly ClientWebSocket _socket = new();
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);
    private readonly TaskCompletionSource _delivered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastMessageAt;

    private StreamConnection(Uri url)
    {
        Url = url;
        _socket.Options.KeepAliveInterval = TimeSpan.Zero;
        OpenedAt = Stopwatch.GetTimestamp();
        _lastMessageAt = OpenedAt;
    }

    public Uri Url { get; }

    public long OpenedAt { get; }

    /// <summary>Stopwatch timestamp of the last message, or of the opening while there was none.</summary>
    public long LastMessageAt => Volatile.Read(ref _lastMessageAt);

    /// <summary>Completes at the first message: a new connection has proved it delivers.</summary>
    public Task Delivered => _delivered.Task;

    /// <summary>The server said it is about to shut down: replace this connection now.</summary>
    public bool ShutdownNoticed { get; private set; }

    public static async Task<StreamConnection> OpenAsync(Uri url, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var connection = new StreamConnection(url);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(timeout);
        try
        {
            await connection._socket.ConnectAsync(url, attempt.Token).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Receives until the server closes, the connection fails, or it is aborted; each message goes to <paramref name="router"/>.</summary>
    public async Task ReceiveAsync(MessageRouter router, LiveStats stats)
    {
        try
        {
            await ReceiveMessagesAsync(router, stats).ConfigureAwait(false);
        }
        finally
        {
            _ended.TrySetResult();
        }
    }

    private async Task ReceiveMessagesAsync(MessageRouter router, LiveStats stats)
    {
        var buffer = new byte[1 << 16];
        var filled = 0;
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer.AsMemory(filled), CancellationToken.None).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await CloseOutputAsync(CloseTimeout).ConfigureAwait(false);
                return;
            }
            filled += result.Count;
            if (!result.EndOfMessage)
            {
                if (filled == buffer.Length)
                    Array.Resize(ref buffer, buffer.Length * 2);
                continue;
            }
            var now = Stopwatch.GetTimestamp();
            Volatile.Write(ref _lastMessageAt, now); // this loop is its only writer
            stats.Received();
            if (result.MessageType == WebSocketMessageType.Text
                && router.Route(buffer.AsSpan(0, filled), now) == StreamMessageKind.ServerShutdown)
                ShutdownNoticed = true;
            if (!_delivered.Task.IsCompleted)
                _delivered.TrySetResult();
            filled = 0;
        }
    }

    /// <summary>
    /// The close handshake, bounded: a server that does not answer is cut off. Only the close frame is sent here; the
    /// receive loop keeps taking messages until the server's close frame arrives. (<see cref="ClientWebSocket.CloseAsync"/>
    /// would wait for it with receives of its own, between the loop's, and drop the messages those read.)
    /// </summary>
    public async Task CloseAsync(TimeSpan timeout)
    {
        await CloseOutputAsync(timeout).ConfigureAwait(false);
        await Task.WhenAny(_ended.Task, Task.Delay(timeout)).ConfigureAwait(false);
        Abort();
    }

    private async Task CloseOutputAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", cancel.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Closing is best effort; an abort ends the connection either way.
        }
    }

    public void Abort() => _socket.Abort();

    public void Dispose() => _socket.Dispose();
}
