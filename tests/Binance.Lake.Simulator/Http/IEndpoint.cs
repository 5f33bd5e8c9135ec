namespace Binance.Lake.Simulator.Http;

/// <summary>A successful JSON answer; errors travel as <see cref="ApiException"/>.</summary>
internal readonly record struct EndpointResponse(byte[] Body);

internal interface IEndpoint
{
    string Path { get; }

    /// <summary>REQUEST_WEIGHT charged before the request is processed, as on Binance.</summary>
    int Weight { get; }

    /// <summary>Trade-data endpoints are subject to fault injection; ping/time/exchangeInfo stay reliable for health checks.</summary>
    bool FaultEligible { get; }

    EndpointResponse Handle(RequestContext context);
}
