using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Binance.Lake.Simulator;

namespace Binance.Lake.Tests.Simulator;

/// <summary>
/// A websocket handshake and frame reader over a bare TCP socket, for what <see cref="System.Net.WebSockets.ClientWebSocket"/>
/// hides: the body of a refused handshake, ping frames, and a client that never answers them.
/// </summary>
public sealed class RawWebSocket : IDisposable
{
    public const int PingOpcode = 0x9;

    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;

    private RawWebSocket(TcpClient tcp, int status, string body)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        Status = status;
        Body = body;
    }

    /// <summary>101 when upgraded; otherwise the HTTP status of the refusal.</summary>
    public int Status { get; }

    public string Body { get; }

    public static async Task<RawWebSocket> ConnectAsync(ExchangeSimulator sim, string pathAndQuery)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, sim.BaseUrl.Port);
        var stream = tcp.GetStream();
        stream.ReadTimeout = (int)StreamClient.Patience.TotalMilliseconds;
        string request = $"GET {pathAndQuery} HTTP/1.1\r\nHost: 127.0.0.1:{sim.BaseUrl.Port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));

        var head = new StringBuilder();
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal)) head.Append((char)ReadByte(stream));
        string[] lines = head.ToString().Split("\r\n");
        int status = int.Parse(lines[0].Split(' ')[1]);
        var length = lines.FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        var body = new byte[length is null ? 0 : int.Parse(length["Content-Length:".Length..])];
        await stream.ReadExactlyAsync(body);
        return new RawWebSocket(tcp, status, Encoding.UTF8.GetString(body));
    }

    /// <summary>The next server frame; null when the server has closed the TCP connection.</summary>
    public async Task<(int Opcode, byte[] Payload)?> ReadFrameAsync()
    {
        var header = new byte[2];
        try
        {
            await _stream.ReadExactlyAsync(header);
            long length = header[1] & 0x7F;
            if (length >= 126)
            {
                var extended = new byte[length == 126 ? 2 : 8];
                await _stream.ReadExactlyAsync(extended);
                length = extended.Length == 2 ? BinaryPrimitives.ReadUInt16BigEndian(extended) : (long)BinaryPrimitives.ReadUInt64BigEndian(extended);
            }
            var payload = new byte[length];
            await _stream.ReadExactlyAsync(payload);
            return (header[0] & 0x0F, payload);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException)
        {
            return null;
        }
    }

    private static int ReadByte(NetworkStream stream) =>
        stream.ReadByte() is var b and >= 0 ? b : throw new EndOfStreamException("The server closed the connection during the handshake.");

    public void Dispose() => _tcp.Dispose();
}
