namespace Binance.Lake.Extract.Rest;

/// <summary>What the client has seen so far; updated from many workers at once.</summary>
public sealed class RestClientStats
{
    private long _requests, _retries, _rateLimited, _serverErrors, _malformed, _transportErrors;

    public long Requests => Interlocked.Read(ref _requests);
    public long Retries => Interlocked.Read(ref _retries);
    public long RateLimited => Interlocked.Read(ref _rateLimited);
    public long ServerErrors => Interlocked.Read(ref _serverErrors);
    public long Malformed => Interlocked.Read(ref _malformed);
    public long TransportErrors => Interlocked.Read(ref _transportErrors);

    internal void Request() => Interlocked.Increment(ref _requests);
    internal void Retry() => Interlocked.Increment(ref _retries);

    internal void Failure(Exception failure)
    {
        switch (failure)
        {
            case RateLimitedException: Interlocked.Increment(ref _rateLimited); break;
            case TransientHttpException: Interlocked.Increment(ref _serverErrors); break;
            case MalformedResponseException: Interlocked.Increment(ref _malformed); break;
            default: Interlocked.Increment(ref _transportErrors); break;
        }
    }
}
