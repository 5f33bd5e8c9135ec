namespace Binance.Lake.Extract.Hybrid;

/// <summary>Where a backfill takes history from.</summary>
public enum BackfillSource
{
    /// <summary>The bulk archive for whole past days it has, REST for the rest (today, missing days, gaps, the REST floor's far side).</summary>
    Auto,

    /// <summary>REST only: weight-limited, and only as far back as Binance still serves.</summary>
    Rest,

    /// <summary>The bulk archive only: whole past days, no weight limit; nothing newer than yesterday.</summary>
    Archive,
}
