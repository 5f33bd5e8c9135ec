using Binance.Lake.Core.Trades;

namespace Binance.Lake.Transform.Audit;

/// <summary>
/// One instrument on one UTC day: the ids it holds, how many twice, and which ids are missing, both
/// inside the day and between the previous audited day's last id and this day's first.
/// </summary>
public sealed record DayAudit(
    string Instrument,
    DateOnly Day,
    long FirstId,
    long LastId,
    long Count,
    long Duplicates,
    IReadOnlyList<IdRange> Missing)
{
    public long MissingCount => Missing.Sum(r => r.Count);

    public bool Clean => Duplicates == 0 && Missing.Count == 0;
}

/// <summary>The audit of a range of days; <see cref="Clean"/> is what the exit code says.</summary>
public sealed record AuditReport(IReadOnlyList<DayAudit> Days)
{
    public bool Clean => Days.All(d => d.Clean);

    public long Trades => Days.Sum(d => d.Count);
}
