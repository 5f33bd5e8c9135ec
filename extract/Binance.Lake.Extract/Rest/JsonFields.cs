using Binance.Lake.Core.Trades;
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

    public static long ReadInt64(ref Utf8JsonReader reader, string field) =>
        TryReadInt64(ref reader, out var value) ? value : throw new MalformedResponseException($"field '{field}' is not an integer");

    public static bool ReadBoolean(ref Utf8JsonReader reader, string field) =>
        TryReadBoolean(ref reader, out var value) ? value : throw new MalformedResponseException($"field '{field}' is not a boolean");

    /// <summary>Binance sends decimals as strings ("61234.56000000") so they stay exact.</summary>
    public static decimal ReadDecimalString(ref Utf8JsonReader reader, string field)
    {
        if (TryReadDecimalString(ref reader, out var value))
            return value;
        if (reader.TokenType != JsonTokenType.String)
            throw new MalformedResponseException($"field '{field}' is not a decimal string");
        throw new MalformedResponseException($"field '{field}' is not a decimal: '{reader.GetString()}'");
    }

    // The Try readers read a property's value whatever its shape, and say whether it has the shape asked for.
    // They serve messages whose kind is known only once all their fields are read (a websocket line may be a
    // trade or a depth update): a field of the wrong shape is damage only if the message turns out to be a trade.
    // On false the reader is on the value's last token (a container is skipped whole); true JSON damage still throws.

    public static bool TryReadInt64(ref Utf8JsonReader reader, out long value)
    {
        value = 0;
        if (!reader.Read())
            return false;
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out value))
            return true;
        reader.Skip();
        return false;
    }

    public static bool TryReadBoolean(ref Utf8JsonReader reader, out bool value)
    {
        value = false;
        if (!reader.Read())
            return false;
        if (reader.TokenType is JsonTokenType.True or JsonTokenType.False)
        {
            value = reader.GetBoolean();
            return true;
        }
        reader.Skip();
        return false;
    }

    public static bool TryReadDecimalString(ref Utf8JsonReader reader, out decimal value)
    {
        value = 0;
        if (!reader.Read())
            return false;
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return false;
        }
        if (!reader.ValueIsEscaped && DecimalText.TryParse(reader.ValueSpan, out value))
            return true;
        return decimal.TryParse(reader.GetString(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    public delegate T ObjectReader<out T>(ref Utf8JsonReader reader);

    /// <summary>
    /// Reads a body that must be exactly one JSON array of objects. <paramref name="readObject"/> is called
    /// on each object's first token and must leave the reader on its EndObject.
    /// </summary>
    public static List<T> ReadArrayOfObjects<T>(ReadOnlySpan<byte> body, string what, ObjectReader<T> readObject)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        Expect(ref reader, JsonTokenType.StartArray, "an array of " + what);
        var items = new List<T>();
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            items.Add(readObject(ref reader));
            if (reader.TokenType != JsonTokenType.EndObject)
                throw new MalformedResponseException($"an object in the array of {what} is not closed");
        }
        if (reader.TokenType != JsonTokenType.EndArray)
            throw new MalformedResponseException($"the array of {what} is not closed");
        if (reader.Read())
            throw new MalformedResponseException($"data after the array of {what}");
        return items;
    }

    /// <summary>Skips a property's value: Binance adds fields over time, and an unknown one is not damage.</summary>
    public static void SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

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
