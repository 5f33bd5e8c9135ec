using System.Text.RegularExpressions;

namespace Binance.Lake.Extract.Backfill;

/// <summary>Checks a request before any request is sent, so mistakes cost no weight and say what to change.</summary>
public static partial class BackfillRequestValidation
{
    public static void Validate(this BackfillRequest request, DateTimeOffset now)
    {
        if (!SymbolPattern().IsMatch(request.Symbol))
            throw new BackfillInputException($"'{request.Symbol}' is not a Binance symbol name; use the pair in capitals, e.g. BTCUSDT.");
        if (request.ChunkLimit is < 1 or > BackfillRequest.MaxChunkLimit)
            throw new BackfillInputException($"--chunk-limit (CHUNK_LIMIT) must be 1..{BackfillRequest.MaxChunkLimit}, Binance's page size limit; got {request.ChunkLimit}.");
        if (request.Concurrency < 1)
            throw new BackfillInputException($"--concurrency (RESERVED_CONCURRENCY) must be at least 1; got {request.Concurrency}.");

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        switch (request.Mode)
        {
            case BackfillMode.FromId { Id: < 0 } fromId:
                throw new BackfillInputException($"--from-id must be 0 or more; got {fromId.Id}.");
            case BackfillMode.Ids ids when ids.First < 0 || ids.Last < ids.First:
                throw new BackfillInputException($"The id range {ids.First}–{ids.Last} is empty or negative.");
            case BackfillMode.Reverse { FirstDate: { } first } when first > today:
                throw new BackfillInputException($"--first-date {first:yyyy-MM-dd} is in the future (today is {today:yyyy-MM-dd} UTC).");
            case BackfillMode.DateRange range when range.From > today:
                throw new BackfillInputException($"--from-date {range.From:yyyy-MM-dd} is in the future (today is {today:yyyy-MM-dd} UTC).");
            case BackfillMode.DateRange { To: { } to } range when to < range.From:
                throw new BackfillInputException($"--to-date {to:yyyy-MM-dd} is before --from-date {range.From:yyyy-MM-dd}.");
            case BackfillMode.DateRange { To: { } to } when to > today:
                throw new BackfillInputException($"--to-date {to:yyyy-MM-dd} is in the future (today is {today:yyyy-MM-dd} UTC); leave it out to fetch up to now.");
        }
    }

    [GeneratedRegex("^[A-Z0-9]{2,20}$")]
    private static partial Regex SymbolPattern();
}
