using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Amazon.S3;
using Amazon.S3.Model;

namespace Binance.Lake.Core.Storage;

/// <summary>
/// The lake under an S3 prefix. A single PutObject is already atomic on S3, and conditional writes
/// (If-None-Match: *) give put-if-absent, which is what makes concurrent commits safe without a lock service.
/// </summary>
public sealed class S3ObjectStore : IObjectStore, IDisposable
{
    // S3 answers 409 ConditionalRequestConflict while another write to the key is in flight; AWS's advice is to
    // retry, which then yields a definite 200 or 412. A handful of short retries covers any sane race.
    private const int ConflictRetries = 5;
    private static readonly TimeSpan ConflictBackoff = TimeSpan.FromMilliseconds(50);

    private readonly S3Location _location;
    private readonly IAmazonS3 _s3;
    private readonly bool _ownsClient;

    /// <param name="location">Bucket and prefix of the lake root.</param>
    /// <param name="s3">The client; credentials, region and endpoint are its business.</param>
    /// <param name="ownsClient">Dispose <paramref name="s3"/> with this store (true when the store was opened from a URI).</param>
    public S3ObjectStore(S3Location location, IAmazonS3 s3, bool ownsClient = false)
    {
        _location = location ?? throw new ArgumentNullException(nameof(location));
        _s3 = s3 ?? throw new ArgumentNullException(nameof(s3));
        _ownsClient = ownsClient;
    }

    public S3Location Location => _location;

    /// <summary>Keys per ListObjectsV2 page; S3 caps it at 1000, smaller pages only cost more requests.</summary>
    public int ListPageSize { get; init; } = 1000;

    public string Root => _location.ToString();

    public string Describe(string key)
    {
        ObjectKey.ValidatePrefix(key, nameof(key));
        return S3Location.Scheme + _location.Bucket + "/" + _location.ObjectKeyOf(key);
    }

    public async Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        ObjectKey.Validate(key);
        await _s3.PutObjectAsync(PutRequest(key, content), cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> PutIfAbsentAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        ObjectKey.Validate(key);
        for (var attempt = 0; ; attempt++)
        {
            var request = PutRequest(key, content);
            request.IfNoneMatch = "*";
            try
            {
                await _s3.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.PreconditionFailed)
            {
                return false;
            }
            catch (AmazonS3Exception e) when (IsConditionalConflict(e))
            {
                // Still contended after the retries: whether the other write will land is unknown, so "it exists"
                // would be a guess the Delta log cannot afford. Let the caller retry the whole operation.
                if (attempt >= ConflictRetries)
                    throw new IOException($"S3 kept answering ConditionalRequestConflict for {Describe(key)}; another writer is creating it. Try again.", e);
                await Task.Delay(ConflictBackoff * (1 << attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task PutAsync(string key, Stream content, CancellationToken cancellationToken = default)
    {
        ObjectKey.Validate(key);
        // S3 needs the length up front: a stream that cannot tell it is spooled to a temporary file first.
        await using var spool = content.CanSeek ? null : new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite,
            FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        if (spool is not null)
        {
            await content.CopyToAsync(spool, cancellationToken).ConfigureAwait(false);
            spool.Position = 0;
        }
        var request = new PutObjectRequest
        {
            BucketName = _location.Bucket,
            Key = _location.ObjectKeyOf(key),
            InputStream = spool ?? content,
            AutoCloseStream = false,
        };
        await _s3.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        ObjectKey.Validate(key);
        try
        {
            var request = new GetObjectRequest { BucketName = _location.Bucket, Key = _location.ObjectKeyOf(key) };
            var response = await _s3.GetObjectAsync(request, cancellationToken).ConfigureAwait(false);
            return new OwningStream(response.ResponseStream, response);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound || e.ErrorCode == "NoSuchKey")
        {
            return null;
        }
    }

    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ObjectKey.Validate(key);
        try
        {
            var request = new GetObjectRequest { BucketName = _location.Bucket, Key = _location.ObjectKeyOf(key) };
            using var response = await _s3.GetObjectAsync(request, cancellationToken).ConfigureAwait(false);
            // Size the buffer from Content-Length so a 20 MB object is not copied through a growing MemoryStream.
            if (response.ContentLength > 0 && response.ContentLength <= Array.MaxLength)
            {
                var bytes = new byte[response.ContentLength];
                await response.ResponseStream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
                return bytes;
            }
            using var buffer = new MemoryStream();
            await response.ResponseStream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound || e.ErrorCode == "NoSuchKey")
        {
            return null;
        }
    }

    public async IAsyncEnumerable<StoredObject> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectKey.ValidatePrefix(prefix);
        var request = new ListObjectsV2Request
        {
            BucketName = _location.Bucket,
            Prefix = _location.ListPrefixOf(prefix),
            MaxKeys = ListPageSize,
        };
        while (true)
        {
            var page = await _s3.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
            // SDK v4 gives null, not an empty list, for a page without keys.
            foreach (var item in page.S3Objects ?? [])
            {
                yield return new StoredObject(
                    _location.LakeKeyOf(item.Key),
                    item.Size ?? 0,
                    item.LastModified is { } modified ? new DateTimeOffset(modified.ToUniversalTime()) : DateTimeOffset.MinValue);
            }
            if (page.IsTruncated != true || string.IsNullOrEmpty(page.NextContinuationToken))
                yield break;
            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        ObjectKey.Validate(key);
        try
        {
            await _s3.DeleteObjectAsync(_location.Bucket, _location.ObjectKeyOf(key), cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // S3 itself answers 204 for a missing key; some compatible servers say 404. Either way it is gone.
        }
    }

    public void Dispose()
    {
        if (_ownsClient)
            _s3.Dispose();
    }

    private PutObjectRequest PutRequest(string key, ReadOnlyMemory<byte> content)
    {
        // Reuse the caller's array when there is one: lake objects can be tens of MB.
        var stream = MemoryMarshal.TryGetArray(content, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);
        return new PutObjectRequest
        {
            BucketName = _location.Bucket,
            Key = _location.ObjectKeyOf(key),
            InputStream = stream,
            AutoCloseStream = true,
        };
    }

    private static bool IsConditionalConflict(AmazonS3Exception e) =>
        e.StatusCode == HttpStatusCode.Conflict && e.ErrorCode == "ConditionalRequestConflict";
}
