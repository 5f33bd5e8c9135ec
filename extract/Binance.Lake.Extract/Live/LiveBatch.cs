using System.Buffers;
using Binance.Lake.Core.Trades;

namespace Binance.Lake.Extract.Live;

/// <summary>
/// One symbol's trade messages in arrival order, each exactly as received and ended by <c>\n</c>: the content of
/// one live raw chunk. Ids ascend (the feed drops repeats) but may skip ids that REST repairs. Buffers are pooled:
/// at full speed a batch is megabytes, several times a second.
/// </summary>
public sealed class LiveBatch : IDisposable
{
    private byte[] _content;
    private int _length;
    private long[] _receivedAt;

    public LiveBatch(string symbol, int expectedTrades = 1024)
    {
        Symbol = symbol;
        _content = ArrayPool<byte>.Shared.Rent(expectedTrades * 192);
        _receivedAt = ArrayPool<long>.Shared.Rent(expectedTrades);
    }

    public string Symbol { get; }

    public int Count { get; private set; }

    public long FirstId { get; private set; } = -1;

    public long LastId { get; private set; } = -1;

    public IdRange Ids => new(FirstId, LastId);

    /// <summary>The NDJSON content: every message followed by <c>\n</c>.</summary>
    public ReadOnlyMemory<byte> Content => _content.AsMemory(0, _length);

    /// <summary><see cref="System.Diagnostics.Stopwatch"/> timestamp of each message's arrival, for the receive-to-durable latency.</summary>
    public ReadOnlySpan<long> ReceivedAt => _receivedAt.AsSpan(0, Count);

    /// <summary>Arrival of the first message: the batch's age counts from it.</summary>
    public long OpenedAt => Count == 0 ? 0 : _receivedAt[0];

    public void Add(ReadOnlySpan<byte> message, long id, long receivedAt)
    {
        if (_length + message.Length + 1 > _content.Length)
            _content = Grow(_content, _length, _length + message.Length + 1);
        if (Count == _receivedAt.Length)
            _receivedAt = Grow(_receivedAt, Count, Count + 1);
        message.CopyTo(_content.AsSpan(_length));
        _length += message.Length;
        _content[_length++] = (byte)'\n';
        _receivedAt[Count++] = receivedAt;
        if (FirstId < 0)
            FirstId = id;
        LastId = id;
    }

    /// <summary>Each message without its line end, in order.</summary>
    public IEnumerable<ReadOnlyMemory<byte>> Messages()
    {
        var start = 0;
        while (start < _length)
        {
            var end = Array.IndexOf(_content, (byte)'\n', start, _length - start);
            yield return _content.AsMemory(start, end - start);
            start = end + 1;
        }
    }

    private static T[] Grow<T>(T[] array, int used, int needed)
    {
        var bigger = ArrayPool<T>.Shared.Rent(Math.Max(needed, array.Length * 2));
        array.AsSpan(0, used).CopyTo(bigger);
        ArrayPool<T>.Shared.Return(array);
        return bigger;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_content);
        ArrayPool<long>.Shared.Return(_receivedAt);
        _content = [];
        _receivedAt = [];
    }
}
