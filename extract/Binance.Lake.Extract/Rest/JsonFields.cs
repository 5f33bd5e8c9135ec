using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;

namespace Binance.Lake.Extract.Rest;

/// <summary>Strict readers for the value shapes Binance uses: a malformed value is a <see cref="MalformedResponseException"/>.</summary>
internal static class JsonFields
{
    public static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string what)
    {
        if (!reader.Read() || reader.TokenType != type)
            throw new MalformedResponseException($"expected {what} at byte {reader.BytesConsumed}, found {reader.TokenType}");
    }

    public static long ReadInt64(ref Utf8JsonReader reader, string field)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var value))
            throw new MalformedResponseException($"field '{field}' is not an integer");
        return value;
    }

    public static bool ReadBoolean(ref Utf8JsonReader reader, string field)
    {
        if (!reader.Read() || (reader.TokenType != JsonTokenType.True && reader.TokenType != JsonTokenType.False))
            throw new MalformedResponseException($"field '{field}' is not a boolean");
        return reader.GetBoolean();
    }

    /// <summary>Binance sends decimals as strings ("61234.56000000") so they stay exact.</summary>
    public static decimal ReadDecimalString(ref Utf8JsonReader reader, string field)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.String)
            throw new MalformedResponseException($"field '{field}' is not a decimal string");
        if (!reader.ValueIsEscaped
            && Utf8Parser.TryParse(reader.ValueSpan, out decimal value, out var consumed)
            && consumed == reader.ValueSpan.Length)
            return value;
        if (decimal.TryParse(reader.GetString(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
            return value;
        throw new MalformedResponseException($"field '{field}' is not a decimal: '{reader.GetString()}'");
    }

    public static Utf8JsonReader Open(ReadOnlySpan<byte> body) =>
        new(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });

    /// <summary>Runs a parse, turning the reader's own errors (truncation, bad syntax) into malformed-response errors.</summary>
    public static T Guard<T>(Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (JsonException e)
        {
            throw new MalformedResponseException($"not valid JSON ({e.Message})", e);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            // JsonDocument's typed getters throw these when a field is missing or of the wrong kind.
            throw new MalformedResponseException(e.Message, e);
        }
    }
}
