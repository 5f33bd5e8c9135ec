namespace Binance.Lake.Transform.Delta;

/// <summary>
/// The <c>txn</c> (SetTransaction) action: the latest batch <paramref name="Version"/> an application committed,
/// so a retried batch can see that it already landed and skip itself (exactly-once writes).
/// </summary>
public sealed record Txn(string AppId, long Version, long? LastUpdated);
