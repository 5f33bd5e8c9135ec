namespace Binance.Lake.Extract.Live;

/// <summary>
/// Binance's trade message exactly as it sends it today, field for field:
/// <c>{"stream":"btcusdt@trade","data":{"e":"trade","E":…,"s":"BTCUSDT","t":…,"p":"…","q":"…","T":…,"m":…,"M":…}}</c>
/// (or the bare payload). Accepts only what the JSON reader would accept as a complete trade: strings of printable
/// ASCII without escapes, integers that fit a long, no whitespace. Any other byte, order or shape returns false and
/// the message takes the general path, so a change on Binance's side costs speed, never correctness.
/// </summary>
internal static class BinanceLayout
{
    public static bool TryParse(ReadOnlySpan<byte> message, out StreamMessage trade)
    {
        trade = default;
        var at = 0;
        var envelope = Literal(message, ref at, "{\"stream\":\""u8);
        if (envelope && !(Text(message, ref at, out _, out _) && Literal(message, ref at, ",\"data\":"u8)))
            return false;
        if (!(Literal(message, ref at, "{\"e\":\"trade\",\"E\":"u8) && Number(message, ref at, out var eventTime)
              && Literal(message, ref at, ",\"s\":\""u8) && Text(message, ref at, out var symbolStart, out var symbolLength)
              && Literal(message, ref at, ",\"t\":"u8) && Number(message, ref at, out var id)
              && Literal(message, ref at, ",\"p\":\""u8) && Text(message, ref at, out _, out _)
              && Literal(message, ref at, ",\"q\":\""u8) && Text(message, ref at, out _, out _)
              && Literal(message, ref at, ",\"T\":"u8) && Number(message, ref at, out var tradeTime)
              && Literal(message, ref at, ",\"m\":"u8) && Boolean(message, ref at)
              && Literal(message, ref at, ",\"M\":"u8) && Boolean(message, ref at)
              && Literal(message, ref at, "}"u8)
              && (!envelope || Literal(message, ref at, "}"u8))
              && at == message.Length))
            return false;
        trade = new StreamMessage(StreamMessageKind.Trade, id, eventTime, tradeTime, symbolStart, symbolLength);
        return true;
    }

    private static bool Literal(ReadOnlySpan<byte> message, ref int at, ReadOnlySpan<byte> literal)
    {
        if (!message[at..].StartsWith(literal))
            return false;
        at += literal.Length;
        return true;
    }

    /// <summary>The rest of a string whose opening quote is consumed; the closing quote is consumed too.</summary>
    private static bool Text(ReadOnlySpan<byte> message, ref int at, out int start, out int length)
    {
        start = at;
        length = 0;
        while (at < message.Length)
        {
            var b = message[at++];
            if (b == '"')
            {
                length = at - 1 - start;
                return true;
            }
            if (b is < 0x20 or > 0x7E or (byte)'\\')
                return false;
        }
        return false;
    }

    /// <summary>A non-negative integer of at most 18 digits, without a leading zero: anything longer is left to the reader.</summary>
    private static bool Number(ReadOnlySpan<byte> message, ref int at, out long value)
    {
        value = 0;
        var start = at;
        while (at < message.Length && (uint)(message[at] - '0') <= 9 && at - start < 18)
            value = value * 10 + (message[at++] - '0');
        var digits = at - start;
        return digits > 0 && !(digits > 1 && message[start] == '0') && (at == message.Length || (uint)(message[at] - '0') > 9);
    }

    private static bool Boolean(ReadOnlySpan<byte> message, ref int at) =>
        Literal(message, ref at, "true"u8) || Literal(message, ref at, "false"u8);
}
