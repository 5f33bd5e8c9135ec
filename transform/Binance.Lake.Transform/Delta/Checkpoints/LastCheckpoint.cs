using System.Text.Json;

namespace Binance.Lake.Transform.Delta.Checkpoints;

/// <summary>
/// The <c>_last_checkpoint</c> pointer. Written for other engines, which start from it; this code's reader
/// lists the log instead and trusts the listing (the file is optional, may be stale, and old delta-rs put the
/// file size into "size").
/// </summary>
internal static class LastCheckpoint
{
    public static byte[] Serialize(long version, long size, long sizeInBytes, long numOfAddFiles) =>
        JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, long>
        {
            ["version"] = version,
            ["size"] = size,
            ["sizeInBytes"] = sizeInBytes,
            ["numOfAddFiles"] = numOfAddFiles,
        });

    /// <summary>The version it points at, or null when the file is missing or unreadable.</summary>
    public static long? TryReadVersion(byte[]? content)
    {
        if (content is null)
            return null;
        try
        {
            using var document = JsonDocument.Parse(content);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("version", out var version)
                && version.TryGetInt64(out var v)
                    ? v
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
