namespace Binance.Lake.Extract.Backfill;

/// <summary>The request cannot be served as asked (unknown symbol, dates out of range, ...). The message says what to change.</summary>
public sealed class BackfillInputException(string message) : Exception(message);
