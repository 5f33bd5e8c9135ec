using System.Text.RegularExpressions;
using Binance.Lake.Core.Storage;

namespace Binance.Lake.Serving.Catalog;

/// <summary>
/// The DDL that registers a Delta table in the Glue catalog for Athena (engine v3), natively: only the location and
/// <c>table_type</c>, which is all Athena accepts for a Delta table. Columns, partitions and the live files come
/// from the Delta log at query time, so the statement never goes stale as the table grows, and readers see only
/// committed files, never a compact's orphans or the files an optimize replaced.
/// </summary>
public static partial class AthenaDeltaTable
{
    /// <summary>
    /// The CREATE EXTERNAL TABLE statement, one statement without a trailing semicolon (as Athena's API takes it).
    /// Throws <see cref="ArgumentException"/> naming the bad input.
    /// </summary>
    public static string CreateStatement(string database, string table, string location) =>
        $"CREATE EXTERNAL TABLE {Identifier(database, "database")}.{Identifier(table, "table")}\n"
        + $"LOCATION '{Location(location)}'\n"
        + "TBLPROPERTIES ('table_type' = 'DELTA')";

    /// <summary>
    /// Glue names are lower case (Athena lowers them anyway), at most 255 bytes; letters, digits and '_' need no
    /// quoting anywhere, and a name starting with a digit or '_' is quoted with backticks, as Athena requires.
    /// </summary>
    private static string Identifier(string name, string what)
    {
        if (!IdentifierPattern().IsMatch(name ?? ""))
            throw new ArgumentException($"'{name}' is not a valid {what} name: use 1-255 letters, digits and '_', e.g. market_data.");
        var lower = name!.ToLowerInvariant();
        return char.IsAsciiLetter(lower[0]) ? lower : $"`{lower}`";
    }

    /// <summary>The table's folder as an s3:// URI ending in '/', checked like a lake location.</summary>
    private static string Location(string location)
    {
        if (!S3Location.IsS3Uri(location ?? ""))
            throw new ArgumentException($"--location '{location}' is not an S3 location: Athena reads s3://bucket/prefix/curated/trades.");
        if (location!.IndexOfAny(['\'', '\n', '\r']) >= 0)
            throw new ArgumentException($"--location '{location}' must not contain quotes or line breaks.");
        S3Location parsed;
        try
        {
            parsed = S3Location.Parse(location);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"--location: {e.Message}", e);
        }
        return parsed + "/";
    }

    [GeneratedRegex("^[A-Za-z0-9_]{1,255}$")]
    private static partial Regex IdentifierPattern();
}
