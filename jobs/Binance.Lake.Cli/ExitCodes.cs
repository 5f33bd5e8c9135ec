namespace Binance.Lake.Cli;

/// <summary>Exit codes scripts can trust. Documented in the README; keep them stable.</summary>
public static class ExitCodes
{
    /// <summary>Done, nothing missing.</summary>
    public const int Ok = 0;

    /// <summary>The command line itself is wrong (unknown option, missing value); help is printed.</summary>
    public const int Usage = 1;

    /// <summary>The request cannot be served as asked: unknown symbol, dates out of range, a bad lake URI.</summary>
    public const int InvalidInput = 2;

    /// <summary>Finished, but Binance REST does not serve part of the range (retention floor): take it from the archive.</summary>
    public const int Incomplete = 3;

    /// <summary>Binance banned this IP (HTTP 418); the message says until when.</summary>
    public const int Banned = 4;

    /// <summary>Failed after retries (network, Binance errors, storage). Rerun to resume; nothing written is lost.</summary>
    public const int Failed = 5;

    /// <summary>Stopped by Ctrl-C or SIGTERM. Rerun to resume.</summary>
    public const int Interrupted = 130;
}
