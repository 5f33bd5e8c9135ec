namespace Binance.Lake.Simulator.Http;

internal sealed class TimeEndpoint : IEndpoint
{
    public string Path => "/api/v3/time";
    public int Weight => 1;
    public bool FaultEligible => false;

    public EndpointResponse Handle(RequestContext context) => new(JsonBody.Write(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("serverTime", TimeUnits.FromMicros(context.NowMicros, context.Unit));
        w.WriteEndObject();
    }));
}
