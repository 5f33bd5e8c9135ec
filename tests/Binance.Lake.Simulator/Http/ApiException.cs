namespace Binance.Lake.Simulator.Http;

/// <summary>A request error answered with Binance's {"code","msg"} body (HTTP 400 unless stated).</summary>
internal sealed class ApiException(int code, string message, int status = 400) : Exception(message)
{
    public int Code => code;
    public int Status => status;
}
