using System.Text.Json;

namespace Binance.Lake.Extract.Live;

/// <summary>What a websocket message is, as far as the collector cares.</summary>
public enum StreamMessageKind
{
    /// <summary>A complete trade event: e, E, s, t, p, q, T, m, M with the right JSON types.</summary>
    Trade,

    /// <summary>Binance's notice that this server is about to go: <c>{"e":"serverShutdown",...}</c>.</summary>
    ServerShutdown,

    /// <summary>A well-formed message of no interest: a subscription reply, another event type.</summary>
    Other,

    /// <summary>Not JSON, not an object, a trade lacking a field or holding one of the wrong type, or a line break inside.</summary>
    Invalid,
}

/// <summary>
/// The fields of a trade message the collector routes and checks by; the rest of the message is kept as received
/// and decoded only by compact (<c>LiveChunkDecoder</c>), which checks the decimals. This runs for every message, so
/// the layout Binance sends is matched byte by byte first (<see cref="BinanceLayout"/>, several times faster than a
/// JSON reader); anything else goes through one pass of a <see cref="Utf8JsonReader"/>. Neither allocates.
/// </summary>
public readonly record struct StreamMessage(StreamMessageKind Kind, long Id, long EventTime, long TradeTime, int SymbolStart, int SymbolLength)
{
    public static StreamMessage Parse(ReadOnlySpan<byte> message)
    {
        // A raw line break would split the message over two NDJSON lines: the raw zone could not keep it as received.
        if (message.IndexOfAny((byte)'\n', (byte)'\r') >= 0)
            return default(StreamMessage) with { Kind = StreamMessageKind.Invalid };
        if (BinanceLayout.TryParse(message, out var trade))
            return trade;
        try
        {
            var reader = new Utf8JsonReader(message);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return default(StreamMessage) with { Kind = StreamMessageKind.Invalid };
            var fields = new Fields();
            var envelope = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("data"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        reader.Skip();
                        continue;
                    }
                    envelope = true;
                    fields = new Fields();
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                        fields.Read(ref reader);
                }
                else if (envelope)
                {
                    reader.Read();
                    reader.Skip(); // "stream": the payload's own "s" names the symbol
                }
                else
                {
                    fields.Read(ref reader);
                }
            }
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
                return default(StreamMessage) with { Kind = StreamMessageKind.Invalid };
            return fields.ToMessage();
        }
        catch (JsonException)
        {
            return default(StreamMessage) with { Kind = StreamMessageKind.Invalid };
        }
    }

    private struct Fields
    {
        private const int Id = 1, EventTime = 2, Symbol = 4, Price = 8, Qty = 16, TradeTime = 32, Maker = 64, BestMatch = 128, All = 255;
        private int _present, _wrong;
        private bool _trade, _shutdown;
        private long _id, _eventTime, _tradeTime;
        private int _symbolStart, _symbolLength;

        public void Read(ref Utf8JsonReader reader)
        {
            if (reader.ValueTextEquals("e"u8))
            {
                reader.Read();
                _trade = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("trade"u8);
                _shutdown = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("serverShutdown"u8);
                reader.Skip();
            }
            else if (reader.ValueTextEquals("t"u8)) _id = Number(ref reader, Id);
            else if (reader.ValueTextEquals("E"u8)) _eventTime = Number(ref reader, EventTime);
            else if (reader.ValueTextEquals("T"u8)) _tradeTime = Number(ref reader, TradeTime);
            else if (reader.ValueTextEquals("s"u8))
            {
                if (Text(ref reader, Symbol) && !reader.ValueIsEscaped)
                {
                    _symbolStart = (int)reader.TokenStartIndex + 1;
                    _symbolLength = reader.ValueSpan.Length;
                }
                else
                {
                    _wrong |= Symbol;
                }
            }
            else if (reader.ValueTextEquals("p"u8)) Text(ref reader, Price);
            else if (reader.ValueTextEquals("q"u8)) Text(ref reader, Qty);
            else if (reader.ValueTextEquals("m"u8)) Boolean(ref reader, Maker);
            else if (reader.ValueTextEquals("M"u8)) Boolean(ref reader, BestMatch);
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        public readonly StreamMessage ToMessage()
        {
            if (_shutdown)
                return default(StreamMessage) with { Kind = StreamMessageKind.ServerShutdown };
            if (!_trade)
                return default(StreamMessage) with { Kind = StreamMessageKind.Other };
            if (_present != All || _wrong != 0)
                return default(StreamMessage) with { Kind = StreamMessageKind.Invalid };
            return new StreamMessage(StreamMessageKind.Trade, _id, _eventTime, _tradeTime, _symbolStart, _symbolLength);
        }

        private long Number(ref Utf8JsonReader reader, int field)
        {
            reader.Read();
            _present |= field;
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value))
                return value;
            _wrong |= field;
            reader.Skip();
            return 0;
        }

        private bool Text(ref Utf8JsonReader reader, int field)
        {
            reader.Read();
            _present |= field;
            if (reader.TokenType == JsonTokenType.String)
                return true;
            _wrong |= field;
            reader.Skip();
            return false;
        }

        private void Boolean(ref Utf8JsonReader reader, int field)
        {
            reader.Read();
            _present |= field;
            if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False))
            {
                _wrong |= field;
                reader.Skip();
            }
        }
    }
}
