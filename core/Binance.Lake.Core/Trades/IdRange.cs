namespace Binance.Lake.Core.Trades;

/// <summary>An inclusive range of trade ids, the unit the whole lake counts in.</summary>
public readonly record struct IdRange(long First, long Last)
{
    public long Count => Last - First + 1;

    public bool IsEmpty => Last < First;

    public bool Contains(long id) => id >= First && id <= Last;

    public bool Contains(IdRange other) => other.First >= First && other.Last <= Last;

    public override string ToString() => $"{First}–{Last}";
}
