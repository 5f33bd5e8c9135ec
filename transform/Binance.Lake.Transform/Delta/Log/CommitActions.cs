namespace Binance.Lake.Transform.Delta.Log;

/// <summary>
/// The actions of one commit file or one checkpoint, grouped by kind. Order inside a commit carries no meaning
/// (writers differ: commitInfo first in Delta 1.x, last in delta-rs), so nothing here keeps it.
/// </summary>
internal sealed class CommitActions
{
    public Protocol? Protocol { get; set; }
    public Metadata? Metadata { get; set; }
    public CommitInfo? CommitInfo { get; set; }
    public List<Txn> Txns { get; } = [];
    public List<AddFile> Adds { get; } = [];
    public List<RemoveFile> Removes { get; } = [];
}
