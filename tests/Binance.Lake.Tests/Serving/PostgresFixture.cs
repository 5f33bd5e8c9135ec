using Binance.Lake.Testing;

namespace Binance.Lake.Tests.Serving;

/// <summary>
/// One throwaway PostgreSQL cluster for every test class in the collection, each test in a database of its own.
/// Missing server binaries fail the tests with the launcher's message; nothing is skipped.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private ThrowawayPostgres? _cluster;

    public ThrowawayPostgres Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    public Task<string> NewDatabaseAsync() => Cluster.CreateDatabaseAsync($"test_{Guid.NewGuid():N}");

    public async Task InitializeAsync() => _cluster = await ThrowawayPostgres.StartAsync();

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
            await _cluster.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL server";
}
