using System.Security.Cryptography;
using System.Text;
using Binance.Lake.Transform.Delta;

namespace Binance.Lake.Serving.Planning;

/// <summary>
/// What a partition's rows are made of: the SHA-256 of its live data files' paths, sorted. Data files are immutable
/// and named uniquely, so the same set means the same rows; any commit that changes the partition's rows (compact
/// appending a repair, optimize rewriting) changes the set.
/// </summary>
internal static class FileSetFingerprint
{
    public static string Of(IEnumerable<AddFile> files)
    {
        var paths = files.Select(f => f.Path).Order(StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', paths))));
    }
}
