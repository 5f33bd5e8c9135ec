using Binance.Lake.Simulator.History;
using Binance.Lake.Simulator.RateLimiting;
using Microsoft.AspNetCore.Http;

namespace Binance.Lake.Simulator.Http;

/// <summary>Everything an endpoint needs for one request; "now" is read once so a response is self-consistent.</summary>
internal sealed record RequestContext(
    IQueryCollection Query,
    TimeUnit Unit,
    long NowMicros,
    HistoryCatalog Catalog,
    long RestFloorId,
    WeightLimiter Limiter);
