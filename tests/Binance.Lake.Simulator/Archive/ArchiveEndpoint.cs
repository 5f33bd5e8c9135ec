using System.Globalization;
using System.Security;
using System.Text;
using Binance.Lake.Simulator.History;
using Microsoft.AspNetCore.Http;

namespace Binance.Lake.Simulator.Archive;

/// <summary>
/// GET/HEAD of the bulk archive's spot trade zips and their CHECKSUM files under /data/. The archive
/// is a CDN on another host at Binance, so it carries no weight headers, is never rate limited or
/// banned, and REST fault shares do not touch it; its own defects come from <see cref="ArchiveFaults"/>.
/// Everything else under /data/ (futures, aggTrades, listings) is S3's NoSuchKey.
/// </summary>
internal sealed class ArchiveEndpoint(HistoryCatalog catalog, ArchivePublication publication, ArchiveCache cache, SimulatorStats stats)
{
    public static readonly PathString Prefix = new("/data");

    public async Task HandleAsync(HttpContext http, DateTimeOffset now)
    {
        long nowMicros = UnixMicros.Of(now);
        if (!ArchivePath.TryParse(http.Request.Path.Value, out var file, out bool isChecksum)
            || !catalog.TryGet(file.Symbol, out var history)
            || publication.PublishedAt(file, history, nowMicros) is not { } published
            || published > now)
        {
            stats.Count404();
            await WriteAsync(http, 404, "application/xml", NoSuchKey(http.Request.Path.Value ?? ""), etag: null);
            return;
        }

        var zip = await cache.GetAsync(file, history, nowMicros, http.RequestAborted);
        stats.CountArchiveFile();
        http.Response.Headers.LastModified = published.ToString("R", CultureInfo.InvariantCulture);
        if (isChecksum)
        {
            await WriteAsync(http, 200, "text/plain", zip.Checksum, ArchiveChecksum.ETag(zip.Checksum));
            return;
        }
        SetHeaders(http.Response, 200, "application/zip", zip.Length, zip.ETag);
        if (!HttpMethods.IsHead(http.Request.Method))
            await http.Response.SendFileAsync(zip.LocalPath, 0, zip.Length, http.RequestAborted);
    }

    private static async Task WriteAsync(HttpContext http, int status, string contentType, byte[] body, string? etag)
    {
        SetHeaders(http.Response, status, contentType, body.Length, etag);
        if (!HttpMethods.IsHead(http.Request.Method)) await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }

    private static void SetHeaders(HttpResponse response, int status, string contentType, long length, string? etag)
    {
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = length;
        if (etag is not null) response.Headers.ETag = etag;
    }

    private static byte[] NoSuchKey(string path) => Encoding.UTF8.GetBytes(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>"
        + $"<Key>{SecurityElement.Escape(path.TrimStart('/'))}</Key></Error>");
}
