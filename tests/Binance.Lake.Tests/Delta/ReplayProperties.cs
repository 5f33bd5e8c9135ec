using Binance.Lake.Core.Storage;
using Binance.Lake.Tests.Support;
using Binance.Lake.Transform.Delta;
using FsCheck;
using FsCheck.Fluent;

namespace Binance.Lake.Tests.Delta;

/// <summary>
/// For random histories of appends, removes and txns (25 to 32 commits, so checkpoints at 10, 20 and maybe 30),
/// replaying the JSON commits alone, replaying from the newest checkpoint, and an in-memory model of the same
/// operations all agree, at the latest version and at a version in between.
/// </summary>
public sealed class ReplayProperties
{
    private abstract record Op;
    private sealed record AddOp(int Partition) : Op;
    private sealed record RemoveOp(int Pick) : Op;
    private sealed record TxnOp(string AppId, long Version) : Op;

    private sealed record Model(Dictionary<string, AddFile> Files, HashSet<string> Tombstones, Dictionary<string, long> Txns)
    {
        public Model Copy() => new(new(Files), new(Tombstones), new(Txns));
    }

    private static readonly string[] Partitions = ["2024-08-08", "2024-08-09", null!];

    private static readonly Gen<Op> Ops = Gen.Frequency(
        (5, Gen.Choose(0, 2).Select(p => (Op)new AddOp(p))),
        (2, Gen.Choose(0, 1000).Select(i => (Op)new RemoveOp(i))),
        (1, Gen.Elements("ingest", "backfill").Zip(Gen.Choose(0, 50)).Select(t => (Op)new TxnOp(t.Item1, t.Item2))));

    private static readonly Gen<(Op[][] Commits, int Probe)> Histories =
        from count in Gen.Choose(25, 32)
        from commits in Gen.Choose(1, 3).SelectMany(n => Ops.ArrayOf(n)).ArrayOf(count)
        from probe in Gen.Choose(1, count)
        select (commits, probe);

    [Fact]
    public void Json_replay_checkpoint_replay_and_model_agree()
    {
        Prop.ForAll(Arb.From(Histories), history => Check(history.Commits, history.Probe))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(12));
    }

    private static bool Check(Op[][] commits, int probe)
    {
        using var temp = new TempFolder();
        var clock = new FixedClock(new DateTimeOffset(2024, 8, 10, 0, 0, 0, TimeSpan.Zero));
        var table = new DeltaTable(new LocalObjectStore(temp.Path), "t", clock: clock);
        var create = table.StartTransaction(null);
        create.SetMetadata(TradeFiles.NewMetadata());
        create.CommitAsync("CREATE TABLE").GetAwaiter().GetResult();
        var model = new Model(new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal));
        var models = new List<Model> { model.Copy() };
        var fileNumber = 0;
        foreach (var ops in commits)
        {
            var transaction = table.StartTransaction(table.LoadAsync().GetAwaiter().GetResult());
            var touched = new HashSet<string>(StringComparer.Ordinal);
            foreach (var op in ops)
            {
                switch (op)
                {
                    case AddOp add:
                        var date = Partitions[add.Partition];
                        var path = PartitionPath.AddPath($"{PartitionPath.Directory([("trade_date", date)])}/part-{fileNumber++:D5}.parquet");
                        var file = new AddFile(path, new Dictionary<string, string?> { ["trade_date"] = date }, fileNumber, 1000 + fileNumber, true, new FileStats(fileNumber).ToJson(), null);
                        transaction.Add(file);
                        model.Files[path] = file;
                        model.Tombstones.Remove(path);
                        touched.Add(path);
                        break;
                    case RemoveOp remove:
                        var candidates = model.Files.Keys.Where(p => !touched.Contains(p)).Order(StringComparer.Ordinal).ToList();
                        if (candidates.Count == 0)
                            break;
                        var victim = model.Files[candidates[remove.Pick % candidates.Count]];
                        transaction.Remove(victim.ToRemove(clock.Now.ToUnixTimeMilliseconds()));
                        model.Files.Remove(victim.Path);
                        model.Tombstones.Add(victim.Path);
                        touched.Add(victim.Path);
                        break;
                    case TxnOp txn:
                        transaction.SetTxn(txn.AppId, txn.Version);
                        model.Txns[txn.AppId] = txn.Version;
                        break;
                }
            }
            transaction.CommitAsync("WRITE").GetAwaiter().GetResult();
            models.Add(model.Copy());
        }

        foreach (var version in new long?[] { null, probe })
        {
            var expected = models[(int)(version ?? commits.Length)];
            var viaCheckpoint = table.LoadAsync(version).GetAwaiter().GetResult();
            var viaJson = table.LoadAsync(version, useCheckpoints: false, default).GetAwaiter().GetResult();
            foreach (var snapshot in new[] { viaCheckpoint, viaJson })
            {
                Assert.Equal(version ?? commits.Length, snapshot.Version);
                Assert.Equal(
                    expected.Files.Values.Select(f => (f.Path, f.Size, f.ModificationTime, f.Stats, f.PartitionValues["trade_date"])).Order(),
                    snapshot.Files.Select(f => (f.Path, f.Size, f.ModificationTime, f.Stats, f.PartitionValues["trade_date"])).Order());
                Assert.Equal(expected.Tombstones.Order(StringComparer.Ordinal), snapshot.Tombstones.Select(r => r.Path).Order(StringComparer.Ordinal));
                Assert.Equal(expected.Txns.OrderBy(kv => kv.Key), snapshot.AppTransactions.OrderBy(kv => kv.Key));
            }
        }
        Assert.True(File.Exists(Path.Combine(temp.Path, "t", "_delta_log", "00000000000000000020.checkpoint.parquet")));
        return true;
    }
}
