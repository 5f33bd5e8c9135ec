using System.Globalization;
using System.Text;
using System.Text.Json;
using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Trades;
using Binance.Lake.Extract.Rest;

namespace Binance.Lake.Extract.RawFormats;

/// <summary>
/// Live chunks: <c>raw/binance-spot/&lt;SYMBOL&gt;/live/&lt;first id&gt;-&lt;last id&gt;.ndjson</c>, UTF-8, one websocket
/// text message per line exactly as received (lines end in <c>\n</c>; a <c>\r</c> before it and blank lines are
/// ignored). A line is either a raw-stream payload <c>{"e":"trade","E":..,"s":"BTCUSDT","t":..,"p":"..","q":"..","T":..,"m":..,"M":..}</c>
/// or a combined-stream envelope <c>{"stream":"btcusdt@trade","data":{...}}</c>.
/// <list type="bullet">
/// <item>A trade is a payload with <c>e</c> = <c>"trade"</c> and <c>s</c> = the chunk's symbol (from its key). Every
/// other message (other streams, other symbols, <c>serverShutdown</c>, subscription replies) is skipped, but must
/// still be a JSON object.</item>
/// <item>Unknown fields are ignored, including the <c>b</c>/<c>a</c> order ids Binance sent until 2024-06-18.</item>
/// <item><c>T</c> in milliseconds or microseconds (told apart by magnitude) becomes microseconds; <c>M</c> is
/// isBestMatch; quoteQty, which the stream does not send, is <c>p × q</c> truncated to 8 decimals, as REST serves it.</item>
/// <item>Writers put lines in id order. The decoder sorts anyway, and a trade that arrives more than once (a
/// stream repeating a message, two connections overlapping at a rollover) is returned once: repeats are dropped
/// here, after checking they carry the same trade; two different trades under one id are damage.</item>
/// <item>The trades' first and last ids are the ones the name gives. Ids may have gaps in between (the collector
/// repairs gaps from REST, into REST chunks).</item>
/// </list>
/// Anything else (bad JSON, a trade lacking a field or with one of the wrong type, a misnamed file) is an
/// <see cref="InvalidDataException"/> naming the key and the line.
/// </summary>
public sealed class LiveChunkDecoder : WholeChunkDecoder
{
    /// <summary>The file extension of live chunks.</summary>
    public const string Extension = "ndjson";

    public override RawSource Source => RawSource.Live;

    public override IReadOnlyList<Trade> Decode(string key, ReadOnlyMemory<byte> content) => Read(key, content).Trades;

    /// <summary>The chunk's trades (id order, each id once) and what was skipped on the way.</summary>
    public LiveChunk Read(string key, ReadOnlyMemory<byte> content)
    {
        var (symbol, named) = ParseKey(key);
        var symbolUtf8 = Encoding.UTF8.GetBytes(symbol);
        var trades = new List<(Trade Trade, int Line)>();
        int lineNumber = 0, messages = 0, ignored = 0;
        var sorted = true;
        var rest = content.Span;
        if (rest.StartsWith("\uFEFF"u8))
            rest = rest[3..];
        while (!rest.IsEmpty)
        {
            lineNumber++;
            var end = rest.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            if (line.EndsWith("\r"u8))
                line = line[..^1];
            if (line.Trim(" \t"u8).IsEmpty)
                continue;
            messages++;
            Trade? trade;
            try
            {
                trade = ReadMessage(line, symbolUtf8);
            }
            catch (Exception e) when (e is JsonException or MalformedResponseException)
            {
                throw Damaged(key, lineNumber, e is JsonException ? $"not valid JSON ({e.Message})" : e.Message, e);
            }
            if (trade is not { } t)
            {
                ignored++;
                continue;
            }
            if (trades.Count > 0 && t.Id < trades[^1].Trade.Id)
                sorted = false;
            trades.Add((t, lineNumber));
        }

        if (!sorted)
            trades = [.. trades.OrderBy(x => x.Trade.Id)]; // stable: the first arrival of a repeated id stays first
        var unique = new List<Trade>(trades.Count);
        var repeats = 0;
        for (var i = 0; i < trades.Count; i++)
        {
            if (i > 0 && trades[i].Trade.Id == trades[i - 1].Trade.Id)
            {
                if (trades[i].Trade != trades[i - 1].Trade)
                    throw Damaged(key, trades[i].Line,
                        $"trade {trades[i].Trade.Id} differs from the same id on line {trades[i - 1].Line} ({trades[i].Trade} versus {trades[i - 1].Trade})", null);
                repeats++;
                continue;
            }
            unique.Add(trades[i].Trade);
        }

        if (unique.Count == 0 || unique[0].Id != named.First || unique[^1].Id != named.Last)
        {
            var held = unique.Count == 0 ? $"no {symbol} trade" : $"trades {unique[0].Id}-{unique[^1].Id}";
            throw new InvalidDataException(
                $"Raw chunk {key} is misnamed: its name says ids {named.First}-{named.Last}, it holds {held}. "
                + "A live chunk is named by the first and last trade id it holds.");
        }
        return new LiveChunk(unique, messages, ignored, repeats);
    }

    /// <summary>p × q truncated to 8 decimals, which is what Binance serves as quoteQty (exact below 7.9 × 10^12).</summary>
    public static decimal QuoteQty(decimal price, decimal qty) => decimal.Round(price * qty, 8, MidpointRounding.ToZero);

    private static (string Symbol, IdRange Ids) ParseKey(string key)
    {
        // raw/binance-spot/<SYMBOL>/live/<first>-<last>.ndjson
        var parts = key.Split('/');
        var root = RawZone.Root.Split('/');
        if (parts.Length != root.Length + 3 || !parts.AsSpan(0, root.Length).SequenceEqual(root)
            || parts[^2] != RawSource.Live.FolderName() || parts[^3].Length == 0
            || RawZone.ParseChunkRange(key) is not { } ids)
            throw new ArgumentException($"'{key}' is not a live raw chunk key ({RawZone.Root}/<SYMBOL>/live/<first>-<last>.{Extension})", nameof(key));
        return (parts[^3], ids);
    }

    /// <summary>The trade a message carries, or null when it carries none for this symbol.</summary>
    private static Trade? ReadMessage(ReadOnlySpan<byte> line, byte[] symbol)
    {
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        JsonFields.Expect(ref reader, JsonTokenType.StartObject, "a JSON object");
        var top = new Payload();
        var data = new Payload();
        var envelope = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("data"u8))
            {
                if (!reader.Read())
                    break;
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }
                envelope = true;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    data.ReadProperty(ref reader, symbol);
            }
            else
            {
                top.ReadProperty(ref reader, symbol);
            }
        }
        if (reader.TokenType != JsonTokenType.EndObject)
            throw new MalformedResponseException("the message is not a closed JSON object");
        if (reader.Read())
            throw new MalformedResponseException("data after the message's closing brace");
        return (envelope ? data : top).ToTrade();
    }

    private static InvalidDataException Damaged(string key, int line, string detail, Exception? inner) =>
        new($"Raw chunk {key} is damaged at line {line}: {detail}. Move it out of the raw zone and run compact, "
            + "audit and repair: the audit names its ids and repair refetches them from REST.", inner);

    /// <summary>The trade fields of one payload, collected in any order; their shape is judged once the event type is known.</summary>
    private struct Payload
    {
        private bool _isTrade;
        private bool? _symbolMatches;
        private string? _bad;
        private long? _id, _time;
        private decimal? _price, _qty;
        private bool? _maker, _bestMatch;

        public void ReadProperty(ref Utf8JsonReader reader, byte[] symbol)
        {
            if (reader.ValueTextEquals("e"u8))
            {
                reader.Read();
                _isTrade = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("trade"u8);
                reader.Skip();
            }
            else if (reader.ValueTextEquals("s"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                    _symbolMatches = reader.ValueTextEquals(symbol);
                else
                    _bad ??= "s";
                reader.Skip();
            }
            else if (reader.ValueTextEquals("t"u8)) _id = Int64(ref reader, "t");
            else if (reader.ValueTextEquals("p"u8)) _price = DecimalString(ref reader, "p");
            else if (reader.ValueTextEquals("q"u8)) _qty = DecimalString(ref reader, "q");
            else if (reader.ValueTextEquals("T"u8)) _time = Int64(ref reader, "T");
            else if (reader.ValueTextEquals("m"u8)) _maker = Boolean(ref reader, "m");
            else if (reader.ValueTextEquals("M"u8)) _bestMatch = Boolean(ref reader, "M");
            else JsonFields.SkipValue(ref reader);
        }

        public readonly Trade? ToTrade()
        {
            if (!_isTrade)
                return null;
            if (_symbolMatches == false)
                return null; // another symbol's trade: another stream, as far as this chunk is concerned
            if (_bad is not null)
                throw new MalformedResponseException($"trade {_id?.ToString(CultureInfo.InvariantCulture) ?? "?"}: field '{_bad}' has the wrong type or value");
            if (_symbolMatches is null || _id is null || _price is null || _qty is null || _time is null || _maker is null || _bestMatch is null)
                throw new MalformedResponseException($"trade {_id?.ToString(CultureInfo.InvariantCulture) ?? "?"} lacks a field (s, t, p, q, T, m, M)");
            return new Trade(_id.Value, _price.Value, _qty.Value, QuoteQty(_price.Value, _qty.Value),
                TimeUnits.ToMicros(_time.Value), _maker.Value, _bestMatch.Value);
        }

        private long? Int64(ref Utf8JsonReader reader, string field) =>
            JsonFields.TryReadInt64(ref reader, out var value) ? value : Bad<long>(field);

        private decimal? DecimalString(ref Utf8JsonReader reader, string field) =>
            JsonFields.TryReadDecimalString(ref reader, out var value) ? value : Bad<decimal>(field);

        private bool? Boolean(ref Utf8JsonReader reader, string field) =>
            JsonFields.TryReadBoolean(ref reader, out var value) ? value : Bad<bool>(field);

        private T? Bad<T>(string field) where T : struct
        {
            _bad ??= field;
            return null;
        }
    }
}

/// <summary>
/// What a live chunk holds: its trades in id order, each id once; the messages it has (non-blank lines), those
/// that carried no trade of the chunk's symbol, and the repeats of trades already seen that were dropped.
/// </summary>
public sealed record LiveChunk(IReadOnlyList<Trade> Trades, int Messages, int IgnoredMessages, int RepeatsDropped);
