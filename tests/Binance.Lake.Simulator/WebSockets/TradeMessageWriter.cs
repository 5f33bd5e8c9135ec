using System.Buffers;
using System.Text.Json;
using Binance.Lake.Simulator.History;
using Binance.Lake.Simulator.Http;

namespace Binance.Lake.Simulator.WebSockets;

/// <summary>
/// Formats one stream message into a buffer the connection reuses, so a message costs no allocation:
/// the event object on raw streams, wrapped as {"stream","data"} on combined ones.
/// </summary>
internal sealed class TradeMessageWriter : IDisposable
{
    private static readonly JsonEncodedText Stream = JsonEncodedText.Encode("stream");
    private static readonly JsonEncodedText Data = JsonEncodedText.Encode("data");

    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private readonly Utf8JsonWriter _writer;
    private readonly ulong _seed;
    private readonly TimeUnit _unit;
    private readonly bool _combined;

    public TradeMessageWriter(ulong seed, TimeUnit unit, bool combined)
    {
        _writer = new Utf8JsonWriter(_buffer, JsonBody.Options);
        _seed = seed;
        _unit = unit;
        _combined = combined;
    }

    /// <summary>The message, valid until the next call.</summary>
    public ReadOnlyMemory<byte> Write(Subscription stream, in Trade trade)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset();
        if (_combined)
        {
            _writer.WriteStartObject();
            _writer.WriteString(Stream, stream.EncodedName);
            _writer.WritePropertyName(Data);
        }
        TradeJson.WriteTradeEvent(_writer, trade, stream.EncodedSymbol, trade.TimeMicros + LatencyMicros(stream, trade.Id), _unit);
        if (_combined) _writer.WriteEndObject();
        _writer.Flush();
        return _buffer.WrittenMemory;
    }

    /// <summary>
    /// Matching engine to stream gateway, 0.2–3 ms, so E ≥ T as on Binance. A hash of the trade rather
    /// than a measurement: every connection and every run sends the same E for the same trade.
    /// </summary>
    private long LatencyMicros(Subscription stream, long id) =>
        200 + (long)(SplitMix.Mix(_seed ^ stream.Key, (ulong)id) % 2_800);

    public void Dispose() => _writer.Dispose();
}
