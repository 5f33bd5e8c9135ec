using System.Security.Cryptography;
using System.Text;

namespace Binance.Lake.Simulator.Archive;

/// <summary>Digests of a built zip and its CHECKSUM file in sha256sum format ("&lt;hex&gt;  &lt;name&gt;\n").</summary>
internal static class ArchiveChecksum
{
    public static (string Sha256, string Md5) Hash(Stream zip)
    {
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var buffer = new byte[1 << 16];
        int read;
        while ((read = zip.Read(buffer)) > 0)
        {
            sha256.AppendData(buffer, 0, read);
            md5.AppendData(buffer, 0, read);
        }
        return (Convert.ToHexStringLower(sha256.GetHashAndReset()), Convert.ToHexStringLower(md5.GetHashAndReset()));
    }

    /// <param name="wrong">Name a hash that is still 64 lowercase hex digits but differs in every byte.</param>
    public static byte[] FileContent(string sha256, string zipName, bool wrong)
    {
        string hash = wrong ? Convert.ToHexStringLower(Convert.FromHexString(sha256).Select(b => (byte)~b).ToArray()) : sha256;
        return Encoding.ASCII.GetBytes($"{hash}  {zipName}\n");
    }

    /// <summary>S3's ETag for a single-part upload: the quoted md5 of the content.</summary>
    public static string ETag(string md5) => $"\"{md5}\"";

    public static string ETag(byte[] content) => ETag(Convert.ToHexStringLower(MD5.HashData(content)));
}
