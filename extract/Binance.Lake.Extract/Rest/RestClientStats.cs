namespace Binance.Lake.Extract.Rest;

/// <summary>What the client has seen so far; updated from many workers at once.</summary>
public sealed class RestClientStats
{
    private long _requests, _retries, _rateLimited, _malformed;

    public long Requests => Interlocked.Read(ref _requests);
    public long Retries => Interlocked.Read(ref _retries);
    public long RateLimited => Interlocked.Read(ref _rateLimited);
    public long Malformed => Interlocked.Read(ref _malformed);

    internal void Request() => Interlocked.Increment(ref _requests);
    internal void Retry() => Interlocked.Increment(ref _retries);

    internal void Failure(Exception failure)
    {
        if (failure is RateLimitedException)
            Interlocked.Increment(ref _rateLimited);
        else if (failure is MalformedResponseException)
            Interlocked.Increment(ref _malformed);
    }
}
