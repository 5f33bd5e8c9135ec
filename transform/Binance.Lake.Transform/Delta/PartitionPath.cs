using System.Text;

namespace Binance.Lake.Transform.Delta;

/// <summary>
/// How partitioned data files are named. Two separate encodings stack, and both are needed to match Spark:
/// the Hive directory name escapes characters that are unsafe in a file name (<see cref="Directory"/>), then
/// <c>add.path</c> URI-encodes that relative path once more (<see cref="AddPath"/>), so a <c>%</c> on disk
/// becomes <c>%25</c> in the log. Readers undo only the second one (<see cref="Decode"/>); partition values
/// always come from the log, never from directory names.
/// </summary>
public static class PartitionPath
{
    /// <summary>What Hive and Spark write for a null (or empty) partition value.</summary>
    public const string HiveDefaultPartition = "__HIVE_DEFAULT_PARTITION__";

    /// <summary>
    /// The Hive-style folder for a set of partition values, e.g. <c>trade_year=2024/trade_month=8</c>:
    /// names and values escaped as Spark's <c>escapePathName</c> does, null or empty as
    /// <see cref="HiveDefaultPartition"/>.
    /// </summary>
    public static string Directory(IReadOnlyList<(string Column, string? Value)> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var builder = new StringBuilder();
        foreach (var (column, value) in values)
        {
            ArgumentException.ThrowIfNullOrEmpty(column, nameof(values));
            if (builder.Length > 0)
                builder.Append('/');
            builder.Append(EscapePathName(column)).Append('=')
                .Append(string.IsNullOrEmpty(value) ? HiveDefaultPartition : EscapePathName(value));
        }
        return builder.ToString();
    }

    /// <summary>
    /// The <c>add.path</c> for a file at <paramref name="relativeFilePath"/> (relative to the table root, '/'-separated,
    /// directories already Hive-escaped): each segment percent-encoded once as UTF-8, '/' kept.
    /// Unreserved characters and '=' stay literal (RFC 3986 allows '=' in a segment), which is exactly what
    /// Spark writes for ASCII names such as <c>trade_year=2024/part-0.parquet</c>.
    /// </summary>
    public static string AddPath(string relativeFilePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(relativeFilePath);
        if (relativeFilePath.StartsWith('/'))
            throw new ArgumentException($"'{relativeFilePath}' must be relative to the table root.", nameof(relativeFilePath));
        return string.Join('/', relativeFilePath.Split('/').Select(EncodeSegment));
    }

    /// <summary>
    /// The storage path (relative to the table root) of an <c>add.path</c>: percent-decoded exactly once.
    /// <c>+</c> stays a plus (form-decoding it into a space is a known Trino bug).
    /// </summary>
    public static string Decode(string addPath)
    {
        ArgumentNullException.ThrowIfNull(addPath);
        return Uri.UnescapeDataString(addPath);
    }

    /// <summary>Spark's <c>ExternalCatalogUtils.escapePathName</c> on Unix: control characters and <c>"#%'*/:=?\{[]^</c> and DEL become %XX.</summary>
    public static string EscapePathName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (NeedsHiveEscape(c))
                builder.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            else
                builder.Append(c);
        }
        return builder.ToString();
    }

    /// <summary>Undoes <see cref="EscapePathName"/> (Hive's unescapePathName): %XX with two hex digits becomes the character.</summary>
    public static string UnescapePathName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var builder = new StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] == '%' && i + 2 < name.Length && Uri.IsHexDigit(name[i + 1]) && Uri.IsHexDigit(name[i + 2]))
            {
                builder.Append((char)Convert.ToInt32(name.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                builder.Append(name[i]);
            }
        }
        return builder.ToString();
    }

    private static bool NeedsHiveEscape(char c) =>
        c < 0x20 || c == 0x7F || c is '"' or '#' or '%' or '\'' or '*' or '/' or ':' or '=' or '?' or '\\' or '{' or '[' or ']' or '^';

    private static string EncodeSegment(string segment)
    {
        var builder = new StringBuilder(segment.Length);
        foreach (var b in Encoding.UTF8.GetBytes(segment))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '=')
                builder.Append(c);
            else
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }
}
