using Binance.Lake.Core.Storage;
using Binance.Lake.Serving.DuckDb;
using Binance.Lake.Serving.Postgres;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Binance.Lake.Serving;

/// <summary>
/// Where <c>load</c> puts the table, written <c>duckdb:PATH</c> or <c>postgres:CONNECTION-STRING</c> (Npgsql
/// key=value pairs): one string, so a DAG or a script passes a target the way it passes a lake.
/// </summary>
public abstract record ServingTarget
{
    public const string Examples =
        "duckdb:./lake/serving/trades.duckdb, or \"postgres:Host=localhost;Port=5432;Username=lake;Password=secret;Database=market\"";

    /// <summary>Where a local lake's table is served when no target is given.</summary>
    public const string DefaultDuckDbKey = "serving/trades.duckdb";

    /// <summary>The target for people and logs; a PostgreSQL password is never part of it.</summary>
    public abstract string Description { get; }

    public sealed override string ToString() => Description;

    /// <summary>Parses a target; throws <see cref="ArgumentException"/> with an example when it is not one.</summary>
    public static ServingTarget Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var scheme = colon < 0 ? "" : text[..colon].Trim().ToLowerInvariant();
        var rest = colon < 0 ? "" : text[(colon + 1)..].Trim();
        return scheme switch
        {
            "duckdb" when rest.Length > 0 => new DuckDbTarget(Path.GetFullPath(rest)),
            "duckdb" => throw Invalid(text, "duckdb: needs the database file's path"),
            "postgres" or "postgresql" => new PostgresTarget(PostgresConnectionString(text, rest)),
            _ => throw Invalid(text, "it must start with duckdb: or postgres:"),
        };
    }

    /// <summary>The DuckDB file beside a local lake's table; an S3 lake has no local place for one, so it has no default.</summary>
    public static ServingTarget DefaultFor(IObjectStore lake) => lake is LocalObjectStore
        ? new DuckDbTarget(lake.Describe(DefaultDuckDbKey))
        : throw new ArgumentException($"The lake {lake.Root} is not a local folder, so there is no default serving file: give --target, e.g. {Examples}.");

    internal abstract Task<IServingDatabase> OpenAsync(ILogger logger, CancellationToken cancellationToken);

    private static string PostgresConnectionString(string text, string rest)
    {
        if (rest.StartsWith("//", StringComparison.Ordinal))
            throw Invalid(text, "URIs are not supported; write the connection string as key=value pairs");
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(rest);
        }
        catch (ArgumentException e)
        {
            throw Invalid(text, e.Message, e);
        }
        if (string.IsNullOrWhiteSpace(builder.Host))
            throw Invalid(text, "the connection string needs Host=");
        return builder.ConnectionString;
    }

    private static ArgumentException Invalid(string text, string why, Exception? inner = null)
    {
        // A malformed connection string may still hold a password: never echo it back.
        var shown = text.Contains("password", StringComparison.OrdinalIgnoreCase) ? "the --target given" : $"'{text}'";
        return new ArgumentException($"{char.ToUpperInvariant(shown[0])}{shown[1..]} is not a serving target ({why}). Write duckdb:PATH or postgres:CONNECTION-STRING, e.g. {Examples}.", inner);
    }
}

/// <summary>An embedded DuckDB file: no server, one writer at a time.</summary>
public sealed record DuckDbTarget(string Path) : ServingTarget
{
    public override string Description => "duckdb:" + Path;

    internal override Task<IServingDatabase> OpenAsync(ILogger logger, CancellationToken cancellationToken) =>
        DuckDbDatabase.OpenAsync(this, cancellationToken);
}

/// <summary>A PostgreSQL database, reached with an Npgsql connection string.</summary>
public sealed record PostgresTarget(string ConnectionString) : ServingTarget
{
    public override string Description
    {
        get
        {
            var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
            return $"postgres:Host={builder.Host};Port={builder.Port};Database={builder.Database ?? builder.Username};Username={builder.Username}";
        }
    }

    internal override Task<IServingDatabase> OpenAsync(ILogger logger, CancellationToken cancellationToken) =>
        PostgresDatabase.OpenAsync(this, logger, cancellationToken);
}
