namespace Binance.Lake.Simulator.Http;

/// <summary>Error codes and message texts as Binance's errors.md spells them.</summary>
internal static class BinanceErrors
{
    public const string DigitsRange = "^[0-9]{1,20}$";

    public static ApiException InvalidSymbol() => new(-1121, "Invalid symbol.");

    public static ApiException Mandatory(string name) =>
        new(-1102, $"Mandatory parameter '{name}' was not sent, was empty/null, or malformed.");

    public static ApiException IllegalChars(string name, string range) =>
        new(-1100, $"Illegal characters found in parameter '{name}'; legal range is '{range}'.");

    public static ApiException Duplicate(string name) => new(-1101, $"Duplicate values for parameter '{name}'.");

    public static ApiException Empty(string name) => new(-1105, $"Parameter '{name}' was empty.");

    public static ApiException InvalidData(string name) => new(-1130, $"Data sent for parameter '{name}' is not valid.");

    public static ApiException BadCombination() => new(-1128, "Combination of optional parameters invalid.");

    public const int TooManyRequestsCode = -1003;

    public static string TooMuchWeight(int limit, int intervalNum, string interval) =>
        $"Too much request weight used; current limit is {limit} request weight per {intervalNum} {interval}. " +
        "Please use WebSocket Streams for live updates to avoid polling the API.";

    public static string Banned(long untilMs) =>
        $"Way too much request weight used; IP banned until {untilMs}. Please use WebSocket Streams for live updates to avoid bans.";

    public const int InternalErrorCode = -1001;
    public const string InternalError = "Internal error; unable to process your request. Please try again.";
}
