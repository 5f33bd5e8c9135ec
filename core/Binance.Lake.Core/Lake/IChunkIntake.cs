using Binance.Lake.Core.Trades;

namespace Binance.Lake.Core.Lake;

/// <summary>
/// The curated table, fed with a raw chunk's trades while the chunk is read for the first time. A bulk-archive
/// zip has to be read whole before it may be kept (damage anywhere rejects it), and compacting it afterwards
/// means inflating and parsing it a second time; fed through an intake, the same pass does both, and the table
/// takes the trades only once the chunk has proved sound and is stored. Chunks go in one at a time.
/// </summary>
public interface IChunkIntake
{
    /// <summary>Starts a chunk of one symbol and source, waiting while another chunk is in.</summary>
    Task<IIncomingChunk> BeginAsync(string symbol, RawSource source, CancellationToken cancellationToken);
}

/// <summary>
/// One chunk going in: its trades in id order, <see cref="EndAsync"/> once they are all in, then
/// <see cref="CompleteAsync"/> once the chunk is stored in the raw zone. Disposed without completing (the chunk was
/// damaged, the import failed), nothing of it enters the table.
/// </summary>
public interface IIncomingChunk : IAsyncDisposable
{
    /// <summary>The chunk's next trades. The intake may take them in on another thread: the list must not change after.</summary>
    Task AddAsync(IReadOnlyList<Trade> trades, CancellationToken cancellationToken);

    /// <summary>
    /// Every trade is in: the chunk's last files are finished and written, but not committed. The caller may store
    /// the chunk meanwhile; it awaits this before <see cref="CompleteAsync"/> and before disposing.
    /// </summary>
    Task EndAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Commits the chunk's trades to the table and records <paramref name="rawKey"/>, where the chunk is now
    /// stored, as consumed: a later compact does not read it again.
    /// </summary>
    Task CompleteAsync(string rawKey, CancellationToken cancellationToken);
}
