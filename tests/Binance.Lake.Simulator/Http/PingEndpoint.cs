namespace Binance.Lake.Simulator.Http;

internal sealed class PingEndpoint : IEndpoint
{
    private static readonly byte[] Empty = "{}"u8.ToArray();

    public string Path => "/api/v3/ping";
    public int Weight => 1;
    public bool FaultEligible => false;

    public EndpointResponse Handle(RequestContext context) => new(Empty);
}
