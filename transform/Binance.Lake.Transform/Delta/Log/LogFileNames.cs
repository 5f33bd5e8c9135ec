using System.Globalization;
using System.Text.RegularExpressions;

namespace Binance.Lake.Transform.Delta.Log;

/// <summary>
/// Names of the files in <c>_delta_log/</c>. Matching is strict on purpose: real logs hold Hadoop <c>.crc</c>
/// side files, temp files and <c>.tmp/</c> folders whose names contain a version, and a loose match would
/// replay a commit that never happened.
/// </summary>
internal static partial class LogFileNames
{
    public const string Folder = "_delta_log";
    public const string LastCheckpoint = "_last_checkpoint";

    public static string Commit(long version) => version.ToString("D20", CultureInfo.InvariantCulture) + ".json";

    public static string Checkpoint(long version) => version.ToString("D20", CultureInfo.InvariantCulture) + ".checkpoint.parquet";

    public static bool TryParseCommit(string name, out long version) => TryParse(CommitName(), name, out version);

    /// <summary>Only classic single-file checkpoints; multi-part and V2 (UUID) checkpoints are not used.</summary>
    public static bool TryParseCheckpoint(string name, out long version) => TryParse(CheckpointName(), name, out version);

    private static bool TryParse(Regex pattern, string name, out long version)
    {
        version = -1;
        var match = pattern.Match(name);
        return match.Success && long.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out version);
    }

    [GeneratedRegex(@"^(\d{20})\.json$", RegexOptions.CultureInvariant)]
    private static partial Regex CommitName();

    [GeneratedRegex(@"^(\d{20})\.checkpoint\.parquet$", RegexOptions.CultureInvariant)]
    private static partial Regex CheckpointName();
}
