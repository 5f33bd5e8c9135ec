using Binance.Lake.Core.Lake;
using Binance.Lake.Core.Trades;

namespace Binance.Lake.Transform.Compaction;

/// <summary>
/// Compact fed by an importer (see <see cref="IChunkIntake"/>): one chunk at a time, each flushed and committed
/// on its own once the importer has stored it, so a chunk found damaged halfway leaves the table as it was.
/// A chunk given up is dropped whole: its written files are deleted and the run starts afresh from the table,
/// since the run's id index already counted the chunk's ids as held.
/// </summary>
public sealed class CompactIntake : IChunkIntake
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly Func<CancellationToken, Task<(CompactRun Run, CompactCommits Commits)>> _start;
    private (CompactRun Run, CompactCommits Commits)? _current;
    private CompactSummary _committed = new(null, 0, 0, 0, 0, 0, 0, 0);

    internal CompactIntake(Func<CancellationToken, Task<(CompactRun, CompactCommits)>> start) => _start = start;

    /// <summary>What the completed chunks added. Its time is part of the importer's: reading and compacting were one pass.</summary>
    public CompactSummary Summary => _committed;

    public async Task<IIncomingChunk> BeginAsync(string symbol, RawSource source, CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _current ??= await _start(cancellationToken).ConfigureAwait(false);
            return new Incoming(this, _current.Value.Run, symbol, source);
        }
        catch
        {
            _oneAtATime.Release();
            throw;
        }
    }

    private void Completed(CompactRun run, CompactSummary before)
    {
        var now = Counts(run, _current!.Value.Commits.LastVersion);
        _committed = _committed.Then(new CompactSummary(now.Version, now.RawFiles - before.RawFiles, now.TradesRead - before.TradesRead,
            now.TradesAdded - before.TradesAdded, now.DuplicatesDropped - before.DuplicatesDropped, now.Partitions - before.Partitions,
            now.FilesWritten - before.FilesWritten, 0));
    }

    private static CompactSummary Counts(CompactRun run, long? version) =>
        new(version, run.RawFilesCommitted, run.TradesRead, run.TradesAdded, run.DuplicatesDropped, run.Partitions, run.FilesWritten, 0);

    private sealed class Incoming(CompactIntake intake, CompactRun run, string symbol, RawSource source) : IIncomingChunk
    {
        private readonly CompactSummary _before = Counts(run, null);
        private readonly RunFeed _feed = new(run, symbol, source);
        private bool _completed;

        public Task AddAsync(IReadOnlyList<Trade> trades, CancellationToken cancellationToken) => _feed.AddAsync(trades, cancellationToken);

        public async Task EndAsync(CancellationToken cancellationToken)
        {
            await _feed.EndAsync().ConfigureAwait(false);
            // A chunk holds whole days (an archive file is a day or a month), so its days are complete once it is read.
            await run.FlushAllAsync(cancellationToken).ConfigureAwait(false);
        }

        public async Task CompleteAsync(string rawKey, CancellationToken cancellationToken)
        {
            run.ReadWhole(rawKey, symbol);
            await run.CommitAsync(cancellationToken).ConfigureAwait(false);
            _completed = true;
            intake.Completed(run, _before);
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await _feed.DisposeAsync().ConfigureAwait(false);
                if (!_completed)
                {
                    intake._current = null;
                    await run.AbandonAsync().ConfigureAwait(false);
                }
            }
            finally
            {
                intake._oneAtATime.Release();
            }
        }
    }
}
