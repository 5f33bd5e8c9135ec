using System.Buffers;
using System.Collections.Concurrent;

namespace Binance.Lake.Extract.RawFormats;

/// <summary>
/// A text stream as blocks of whole lines, read on a background thread a few blocks ahead. Reading an archive
/// zip means inflating it, which takes about as long as parsing what comes out: with this the two overlap.
/// Blocks are pooled buffers the caller hands back with <see cref="Return"/>.
/// </summary>
internal sealed class LineBlocks : IDisposable
{
    private const int BlocksAhead = 4;

    private readonly BlockingCollection<(byte[] Buffer, int Length)> _ready = new(BlocksAhead);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;

    public LineBlocks(Stream source, int blockSize)
    {
        // A thread of its own: it blocks whenever the reader is behind, and a blocked pool thread holds up others' work.
        _reading = Task.Factory.StartNew(() => ReadAll(source, blockSize), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Why reading stopped early (corrupt compressed data, a line longer than a block), once <see cref="Read"/> is done.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>The blocks in order; each holds whole lines (the last one of the stream may lack its newline).</summary>
    public IEnumerable<(byte[] Buffer, int Length)> Read() => _ready.GetConsumingEnumerable();

    public static void Return((byte[] Buffer, int Length) block) => ArrayPool<byte>.Shared.Return(block.Buffer);

    private void ReadAll(Stream source, int blockSize)
    {
        try
        {
            var carry = Array.Empty<byte>();
            while (!_stop.IsCancellationRequested)
            {
                var buffer = ArrayPool<byte>.Shared.Rent(blockSize);
                carry.CopyTo(buffer, 0);
                var filled = carry.Length;
                int read;
                while (filled < blockSize && (read = source.Read(buffer, filled, blockSize - filled)) > 0)
                    filled += read;
                if (filled < blockSize)
                {
                    // The end of the stream: whatever is left is the last line.
                    Hand(buffer, filled);
                    return;
                }
                var end = buffer.AsSpan(0, filled).LastIndexOf((byte)'\n') + 1;
                if (end == 0)
                    throw new LineTooLongException(blockSize);
                carry = buffer.AsSpan(end, filled - end).ToArray();
                Hand(buffer, end);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The reader stopped early; nobody wants the rest.
        }
        catch (Exception e)
        {
            // Whatever stopped the reading, the lines after it were not read: the caller must not take the end for the file's.
            Failure = e;
        }
        finally
        {
            _ready.CompleteAdding();
        }
    }

    private void Hand(byte[] buffer, int length)
    {
        if (length == 0)
            ArrayPool<byte>.Shared.Return(buffer);
        else
            _ready.Add((buffer, length), _stop.Token);
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _reading.Wait();
        }
        catch (AggregateException)
        {
            // Its failure, if any, is in Failure; disposing must not throw.
        }
        while (_ready.TryTake(out var block))
            Return(block);
        _ready.Dispose();
        _stop.Dispose();
    }
}

/// <summary>A line that does not fit a block: no trade line is anywhere near that long, so the text is not what it claims.</summary>
internal sealed class LineTooLongException(int limit) : IOException($"a line is longer than {limit} bytes");
