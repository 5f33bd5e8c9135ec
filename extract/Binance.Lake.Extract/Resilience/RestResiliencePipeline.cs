using Binance.Lake.Extract.Rest;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Binance.Lake.Extract.Resilience;

/// <summary>
/// Retry with jittered backoff. What is retried: 5xx, timeouts, dropped connections, malformed bodies, and
/// 429s (whose wait the governor imposes on every worker, so the retry itself does not wait). What is not:
/// Binance error bodies (the request is wrong) and 418 (the IP is banned). Each attempt times only its HTTP
/// exchange (see <see cref="Rest.BinanceRestClient"/>): waiting for the governor is not a timeout.
/// </summary>
internal static class RestResiliencePipeline
{
    public static ResiliencePipeline Create(BinanceRestOptions options, RestClientStats stats, ILogger logger, TimeProvider time) =>
        new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                MaxDelay = TimeSpan.FromSeconds(20),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                    args.Outcome.Exception is RateLimitedException ? TimeSpan.Zero : null),
                OnRetry = args =>
                {
                    stats.Retry();
                    logger.LogWarning("Retrying a Binance request (attempt {Attempt}) after: {Reason}",
                        args.AttemptNumber + 2, args.Outcome.Exception?.Message);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

    private static bool IsTransient(Exception e) => e is RateLimitedException or TransientHttpException
        or MalformedResponseException or TimeoutException or HttpRequestException or IOException;
}
