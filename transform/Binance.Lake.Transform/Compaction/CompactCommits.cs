using System.Globalization;
using Binance.Lake.Transform.Delta;
using Binance.Lake.Transform.Trades;

namespace Binance.Lake.Transform.Compaction;

/// <summary>
/// A compact run's commits. A long run (years of archive) commits every few hundred files rather than once at
/// the end, so a kill loses at most that much work and files never wait long uncommitted. Each commit adds its
/// files, advances the <c>txn</c> that keeps concurrent compacts apart, and is followed by the manifest of the
/// raw files it consumed in full (see <see cref="CompactManifests"/>).
/// </summary>
internal sealed class CompactCommits(DeltaTable table, CompactManifests manifests, Snapshot? snapshot)
{
    private Snapshot? _snapshot = snapshot;

    public long? LastVersion { get; private set; }

    public int Count { get; private set; }

    public async Task CommitAsync(IReadOnlyList<AddFile> files, IReadOnlyList<string> rawKeys, long rows, CancellationToken cancellationToken)
    {
        var transaction = table.StartTransaction(_snapshot);
        var tableId = _snapshot?.Metadata.Id;
        if (_snapshot is null)
        {
            var metadata = TradesTable.NewMetadata();
            transaction.SetProtocol(Protocol.Default);
            transaction.SetMetadata(metadata);
            tableId = metadata.Id;
        }
        foreach (var add in files)
            transaction.Add(add);
        transaction.SetTxn(CompactManifests.AppId, (_snapshot?.TxnVersion(CompactManifests.AppId) ?? 0) + 1);
        var version = await transaction.CommitAsync("WRITE",
            new Dictionary<string, string> { ["mode"] = "Append", ["partitionBy"] = "[\"trade_year\",\"trade_month\",\"trade_day\",\"instrument\"]" },
            new Dictionary<string, string>
            {
                ["numFiles"] = files.Count.ToString(CultureInfo.InvariantCulture),
                ["numOutputRows"] = rows.ToString(CultureInfo.InvariantCulture),
                ["numRawFiles"] = rawKeys.Count.ToString(CultureInfo.InvariantCulture),
            },
            cancellationToken).ConfigureAwait(false);
        await manifests.WriteAsync(tableId!, version, rawKeys, cancellationToken).ConfigureAwait(false);
        _snapshot = await table.LoadAsync(version, ct: cancellationToken).ConfigureAwait(false);
        LastVersion = version;
        Count++;
    }
}
