using System.Text;
using Binance.Lake.Extract.RateLimiting;
using Microsoft.Extensions.Logging;

namespace Binance.Lake.Extract.Live;

/// <summary>Parses each message once and hands a trade to its symbol's feed; the generic half of a connection's receive loop.</summary>
internal sealed class MessageRouter
{
    private const int MaxSymbolLength = 32;
    private readonly Dictionary<string, SymbolFeed>.AlternateLookup<ReadOnlySpan<char>> _feeds;
    private readonly LiveStats _stats;
    private readonly ServerClock _clock;
    private readonly ILogger _logger;

    public MessageRouter(IEnumerable<SymbolFeed> feeds, LiveStats stats, ServerClock clock, ILogger logger)
    {
        _feeds = feeds.ToDictionary(f => f.Symbol, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        _stats = stats;
        _clock = clock;
        _logger = logger;
    }

    public StreamMessageKind Route(ReadOnlySpan<byte> message, long receivedAt)
    {
        var parsed = StreamMessage.Parse(message);
        switch (parsed.Kind)
        {
            case StreamMessageKind.Trade:
                Span<char> symbol = stackalloc char[MaxSymbolLength];
                var utf8 = message.Slice(parsed.SymbolStart, parsed.SymbolLength);
                if (utf8.Length <= MaxSymbolLength && Encoding.UTF8.TryGetChars(utf8, symbol, out var length)
                    && _feeds.TryGetValue(symbol[..length], out var feed))
                {
                    var lagMicros = Rest.TimeUnits.ToMicros(_clock.Now) - Rest.TimeUnits.ToMicros(parsed.EventTime);
                    feed.Take(message, parsed, receivedAt, lagMicros);
                }
                else
                {
                    // Only streams of collected symbols are asked for: a trade of another one means a misrouted stream.
                    Reject("a trade of a symbol not collected", message);
                }
                break;
            case StreamMessageKind.Invalid:
                // Its id, if it had one, becomes a gap that REST repairs; the raw zone never holds a line compact cannot read.
                Reject("a message the raw zone could not keep as received", message);
                break;
            case StreamMessageKind.ServerShutdown:
                _stats.ShutdownNoticed();
                break;
        }
        return parsed.Kind;
    }

    private void Reject(string what, ReadOnlySpan<byte> message)
    {
        _stats.Rejected();
        _logger.LogWarning("Rejected {What}: {Message}", what, Encoding.UTF8.GetString(message[..Math.Min(message.Length, 200)]));
    }
}
