namespace Binance.Lake.Simulator.Faults;

internal enum FaultKind
{
    None,

    /// <summary>503 with a Binance error body.</summary>
    ServerError,

    /// <summary>200 whose JSON body stops part-way (chunked, so the transport itself succeeds).</summary>
    Truncate,

    /// <summary>Connection aborted, no response at all.</summary>
    Drop,
}
