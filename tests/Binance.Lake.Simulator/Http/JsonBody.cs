using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Binance.Lake.Simulator.Http;

/// <summary>Compact UTF-8 JSON, as Binance sends it (no indentation, no spaces).</summary>
internal static class JsonBody
{
    // Relaxed escaping: Binance writes ' and ^ literally in error messages, and clients compare them.
    public static readonly JsonWriterOptions Options = new()
    {
        Indented = false,
        SkipValidation = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] Write(Action<Utf8JsonWriter> write, int capacityHint = 256)
    {
        var buffer = new ArrayBufferWriter<byte>(capacityHint);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            write(writer);
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] Error(int code, string message) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("code", code);
        w.WriteString("msg", message);
        w.WriteEndObject();
    });
}
