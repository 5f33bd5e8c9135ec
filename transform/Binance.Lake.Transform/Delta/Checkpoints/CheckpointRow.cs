namespace Binance.Lake.Transform.Delta.Checkpoints;

/// <summary>One checkpoint row: exactly one action, the other struct columns null.</summary>
internal sealed record CheckpointRow(
    Txn? Txn = null,
    AddFile? Add = null,
    RemoveFile? Remove = null,
    Metadata? Metadata = null,
    Protocol? Protocol = null);
