namespace Binance.Lake.Transform.Delta.Log;

/// <summary>
/// Log replay (PROTOCOL "Action Reconciliation"): the latest protocol and metaData win, the latest txn version
/// per appId wins, and per path the newest add or remove wins. Paths are compared as the raw strings in the
/// log, never decoded, as delta-kernel does.
/// </summary>
internal sealed class LogState
{
    public Protocol? Protocol { get; private set; }
    public Metadata? Metadata { get; private set; }
    public Dictionary<string, AddFile> Files { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, RemoveFile> Tombstones { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Txn> Txns { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Applies one commit (or a checkpoint). Removes go before adds: a (1,2) commit never holds both for one
    /// path, and if a writer did it anyway, re-adding is the only reading that keeps a file it just wrote.
    /// </summary>
    public void Apply(CommitActions actions)
    {
        if (actions.Protocol is not null)
            Protocol = actions.Protocol;
        if (actions.Metadata is not null)
            Metadata = actions.Metadata;
        foreach (var txn in actions.Txns)
            Txns[txn.AppId] = txn;
        foreach (var remove in actions.Removes)
        {
            Files.Remove(remove.Path);
            Tombstones[remove.Path] = remove;
        }
        foreach (var add in actions.Adds)
        {
            Tombstones.Remove(add.Path);
            Files[add.Path] = add;
        }
    }
}
