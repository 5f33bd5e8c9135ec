using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Binance.Lake.Extract.Archive;

/// <summary>
/// Downloads archive files. The zip streams to a local file while its sha256 is computed, and it counts as
/// downloaded only when that matches the <c>.CHECKSUM</c>: a mismatch is retried (a CDN can serve a stale or cut
/// copy), then reported as damage. Archive downloads carry no REST weight, so no rate governor is involved.
/// </summary>
public sealed class ArchiveClient : IDisposable
{
    /// <summary>Binance's public bulk archive.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://data.binance.vision/");

    private readonly HttpClient _http;
    private readonly ResiliencePipeline _retry;

    public ArchiveClient(Uri baseUrl, ILogger logger, int maxRetries = 4)
    {
        _http = new HttpClient { BaseAddress = baseUrl, Timeout = Timeout.InfiniteTimeSpan };
        _retry = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is HttpRequestException or IOException or TimeoutException or ChecksumMismatchException),
                MaxRetryAttempts = maxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(500),
                OnRetry = args =>
                {
                    logger.LogWarning("Retrying an archive download (attempt {Attempt}) after: {Reason}", args.AttemptNumber + 2, args.Outcome.Exception?.Message);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    public Uri BaseUrl => _http.BaseAddress!;

    /// <summary>
    /// Downloads <paramref name="file"/> into <paramref name="target"/> and verifies it. Returns the sha256, or
    /// null when the archive has no such file (404: not published yet, or never).
    /// </summary>
    /// <exception cref="ArchiveDamagedException">The checksum never matched, or the checksum file is unreadable.</exception>
    public async Task<string?> DownloadAsync(ArchiveFile file, string target, IProgress<long>? bytes, CancellationToken cancellationToken)
    {
        try
        {
            return await _retry.ExecuteAsync(async ct =>
            {
                var checksum = await GetChecksumAsync(file, ct).ConfigureAwait(false);
                return checksum is null ? null : await DownloadZipAsync(file, checksum, target, bytes, ct).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ChecksumMismatchException e)
        {
            throw new ArchiveDamagedException(file, e.Message, e);
        }
        catch (InvalidDataException e)
        {
            throw new ArchiveDamagedException(file, e.Message, e);
        }
    }

    private async Task<string?> GetChecksumAsync(ArchiveFile file, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(file.ChecksumPath, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        EnsureSuccess(response, file.ChecksumPath);
        return ArchiveChecksum.Parse(file, await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
    }

    private async Task<string?> DownloadZipAsync(ArchiveFile file, string expected, string target, IProgress<long>? bytes, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(file.Path, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        EnsureSuccess(response, file.Path);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using (var output = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
        await using (var input = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false))
        {
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await ReadWithinAsync(input, buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                bytes?.Report(read);
            }
        }
        var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        return actual == expected
            ? actual
            : throw new ChecksumMismatchException($"checksum mismatch: the download hashes to {actual}, the .CHECKSUM says {expected}");
    }

    // A connection that stops delivering would otherwise hold the import forever: a read that waits longer than
    // this is a timeout, which the retry treats like a dropped connection.
    private static readonly TimeSpan ReadStall = TimeSpan.FromSeconds(60);

    private static async Task<int> ReadWithinAsync(Stream input, byte[] buffer, CancellationToken cancellationToken)
    {
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stall.CancelAfter(ReadStall);
        try
        {
            return await input.ReadAsync(buffer, stall.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"the download delivered nothing for {ReadStall.TotalSeconds:0} s");
        }
    }

    private static void EnsureSuccess(HttpResponseMessage response, string path)
    {
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"GET {path} answered {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
    }

    public void Dispose() => _http.Dispose();

    private sealed class ChecksumMismatchException(string message) : Exception(message);
}
