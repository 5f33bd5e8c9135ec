namespace Binance.Lake.Simulator.History;

/// <summary>
/// The taker orders of one UTC second: sorted µs offsets and fill counts. A scratch buffer that
/// callers reuse across seconds so generating a page allocates almost nothing.
/// </summary>
internal sealed class SecondDetail
{
    public long Second { get; set; }
    public int Orders { get; set; }
    public int Trades { get; set; }

    /// <summary>Per-order hash base; order i's key is Mix(OrderKeyBase, i).</summary>
    public ulong OrderKeyBase { get; set; }

    /// <summary>µs offset within the second of order i, ascending.</summary>
    public int[] Offsets { get; private set; } = new int[32];

    /// <summary>Number of trades (≥ 1) that order i fills.</summary>
    public int[] Fills { get; private set; } = new int[32];

    public void EnsureCapacity(int orders)
    {
        if (Offsets.Length >= orders) return;
        int size = Math.Max(orders, Offsets.Length * 2);
        Offsets = new int[size];
        Fills = new int[size];
    }
}
