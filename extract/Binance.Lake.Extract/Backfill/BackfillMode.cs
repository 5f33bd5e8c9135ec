using System.Globalization;

namespace Binance.Lake.Extract.Backfill;

/// <summary>The brief's three ways to walk history. Each names itself for the journal and for people.</summary>
public abstract record BackfillMode
{
    /// <summary>A stable name for the journal: the same request resumes the same plan.</summary>
    public abstract string Key { get; }

    /// <summary>Mode 1: from the newest trade back to id 0, the REST floor, or the first trade of <see cref="FirstDate"/>.</summary>
    public sealed record Reverse(DateOnly? FirstDate) : BackfillMode
    {
        public override string Key => FirstDate is { } date ? $"reverse-to-{Iso(date)}" : "reverse";

        public override string ToString() => FirstDate is { } date ? $"reverse to {Iso(date)}" : "reverse to the first trade";
    }

    /// <summary>Mode 2 (with id 0): forwards from a trade id to the newest trade at the start of the run.</summary>
    public sealed record FromId(long Id) : BackfillMode
    {
        public override string Key => $"from-id-{Id.ToString(CultureInfo.InvariantCulture)}";

        public override string ToString() => $"from trade id {Id}";
    }

    /// <summary>Exactly the ids <see cref="First"/>..<see cref="Last"/>: what <c>repair</c> refetches for an audit's gap.</summary>
    public sealed record Ids(long First, long Last) : BackfillMode
    {
        public override string Key => $"ids-{First.ToString(CultureInfo.InvariantCulture)}-{Last.ToString(CultureInfo.InvariantCulture)}";

        public override string ToString() => $"trade ids {First}–{Last}";
    }

    /// <summary>Mode 3: every trade from the start of <see cref="From"/> to the end of <see cref="To"/> (or the newest trade), UTC.</summary>
    public sealed record DateRange(DateOnly From, DateOnly? To) : BackfillMode
    {
        public override string Key => To is { } to ? $"from-{Iso(From)}-to-{Iso(to)}" : $"from-{Iso(From)}";

        public override string ToString() => To is { } to ? $"from {Iso(From)} to {Iso(to)}" : $"from {Iso(From)} to now";
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>Walking forwards (ascending ids) or backwards from the newest trade.</summary>
public enum BackfillDirection
{
    Forward,
    Backward,
}
