using Xunit.Abstractions;

namespace Binance.Lake.Tests.Serving;

/// <summary>The load contract against an embedded DuckDB file.</summary>
public sealed class DuckDbLoadTests(ITestOutputHelper output) : LoadContract(output)
{
    private protected override Task<ServingTestTarget> NewTargetAsync() =>
        Task.FromResult<ServingTestTarget>(new DuckDbTestTarget(Path.Combine(Lake.Path, "serving", $"{Guid.NewGuid():N}.duckdb")));
}
