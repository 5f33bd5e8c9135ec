using System.Text.Json;

namespace Binance.Lake.Cli;

/// <summary>One JSON shape for every --json output: camelCase, indented.</summary>
internal static class JsonDefaults
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
