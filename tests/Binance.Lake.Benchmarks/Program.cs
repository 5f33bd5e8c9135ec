using System.Globalization;
using Binance.Lake.Benchmarks;

// Benchmarks print figures against a baseline measured in the same run; they assert nothing.
// Usage: dotnet run -c Release --project tests/Binance.Lake.Benchmarks -- <name> [options]
var name = args.FirstOrDefault();
int Arg(string option, int fallback)
{
    var index = Array.IndexOf(args, option);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

return name switch
{
    "backfill-rate" => await BackfillRateBenchmark.RunAsync(Arg("--seconds", 70), Arg("--concurrency", 8)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        benchmarks:
          backfill-rate [--seconds 70] [--concurrency 8]   REST backfill under a 600-weight/10 s budget: weight used/allowed, 429s, trades/s, RSS
        """);
    return 1;
}
