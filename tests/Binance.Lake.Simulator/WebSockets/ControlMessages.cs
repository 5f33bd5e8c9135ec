using System.Text.Json;
using Binance.Lake.Simulator.Http;

namespace Binance.Lake.Simulator.WebSockets;

internal enum ControlMethod
{
    Invalid,
    Subscribe,
    Unsubscribe,
    ListSubscriptions,
}

/// <summary>
/// A client's JSON request; <paramref name="IdJson"/> is echoed verbatim, as Binance does. A request that
/// could not be understood is <see cref="ControlMethod.Invalid"/> and carries its error reply.
/// </summary>
internal sealed record ControlRequest(ControlMethod Method, IReadOnlyList<string> Params, string IdJson, byte[]? ErrorReply = null);

/// <summary>
/// Live SUBSCRIBE / UNSUBSCRIBE / LIST_SUBSCRIPTIONS with Binance's replies: {"result":…,"id":…} or
/// {"error":{"code","msg"},"id":…} (code 2 bad request, 3 bad JSON). SET_PROPERTY and GET_PROPERTY
/// are not served: a client that needs them gets an error, not a silent difference.
/// </summary>
internal static class ControlMessages
{
    public const int BadRequest = 2;
    private const int BadJson = 3;

    public static ControlRequest Parse(ReadOnlyMemory<byte> message)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(message);
        }
        catch (JsonException e)
        {
            return Invalid("null", BadJson, $"Invalid JSON: {e.Message}");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return Invalid("null", BadJson, "Invalid JSON: expected an object");
            string id = root.TryGetProperty("id", out var idElement) ? idElement.GetRawText() : "null";
            if (idElement.ValueKind is not (JsonValueKind.Number or JsonValueKind.String or JsonValueKind.Null or JsonValueKind.Undefined))
                return Invalid("null", BadRequest, "Invalid request: request ID must be an unsigned integer");
            if (!root.TryGetProperty("method", out var methodElement) || methodElement.ValueKind != JsonValueKind.String)
                return Invalid(id, BadRequest, "Invalid request: missing field `method`");
            var method = methodElement.GetString() switch
            {
                "SUBSCRIBE" => ControlMethod.Subscribe,
                "UNSUBSCRIBE" => ControlMethod.Unsubscribe,
                "LIST_SUBSCRIPTIONS" => ControlMethod.ListSubscriptions,
                _ => ControlMethod.Invalid,
            };
            if (method == ControlMethod.Invalid)
                return Invalid(id, BadRequest, $"Invalid request: unknown variant `{methodElement.GetString()}`, expected one of `SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`");
            var names = new List<string>();
            if (root.TryGetProperty("params", out var parameters))
            {
                if (parameters.ValueKind != JsonValueKind.Array || parameters.EnumerateArray().Any(p => p.ValueKind != JsonValueKind.String))
                    return Invalid(id, BadRequest, "Invalid request: params must be an array of stream names");
                names.AddRange(parameters.EnumerateArray().Select(p => p.GetString()!));
            }
            return new ControlRequest(method, names, id);
        }
    }

    public static byte[] Result(string idJson, IEnumerable<string>? list = null) => JsonBody.Write(w =>
    {
        w.WriteStartObject();
        w.WritePropertyName("result");
        if (list is null)
        {
            w.WriteNullValue();
        }
        else
        {
            w.WriteStartArray();
            foreach (var name in list) w.WriteStringValue(name);
            w.WriteEndArray();
        }
        WriteId(w, idJson);
        w.WriteEndObject();
    });

    public static byte[] Error(string idJson, int code, string message) => JsonBody.Write(w =>
    {
        w.WriteStartObject();
        w.WritePropertyName("error");
        w.WriteStartObject();
        w.WriteNumber("code", code);
        w.WriteString("msg", message);
        w.WriteEndObject();
        WriteId(w, idJson);
        w.WriteEndObject();
    });

    private static void WriteId(Utf8JsonWriter w, string idJson)
    {
        w.WritePropertyName("id");
        w.WriteRawValue(idJson, skipInputValidation: true);
    }

    private static ControlRequest Invalid(string idJson, int code, string message) =>
        new(ControlMethod.Invalid, [], idJson, Error(idJson, code, message));
}
