namespace Binance.Lake.Serving;

/// <summary>
/// The serving database cannot be used: unreachable, refusing the login, or held by another process. The message
/// names the target (never its password) and what to check.
/// </summary>
public sealed class ServingException(string message, Exception? inner = null) : Exception(message, inner);
