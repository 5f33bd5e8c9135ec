using System.Security.Cryptography;
using System.Text;

namespace Binance.Lake.Extract.Archive;

/// <summary>A <c>.CHECKSUM</c> file: <c>sha256sum</c> output, <c>&lt;64 hex&gt;  &lt;zip name&gt;</c>.</summary>
public static class ArchiveChecksum
{
    /// <summary>The expected sha256 (lowercase hex) for <paramref name="file"/>.</summary>
    /// <exception cref="InvalidDataException">The text is not a checksum line for that file.</exception>
    public static string Parse(ArchiveFile file, ReadOnlySpan<byte> content)
    {
        // sha256sum writes "<hash>  <name>" (text mode) or "<hash> *<name>" (binary mode); both mean the same.
        var text = Encoding.ASCII.GetString(content).Trim();
        var separator = text.IndexOfAny([' ', '\t']);
        var hash = separator < 0 ? text : text[..separator];
        var name = separator < 0 ? "" : text[separator..].TrimStart(' ', '\t', '*');
        if (hash.Length != 64 || !hash.All(char.IsAsciiHexDigit))
            throw new InvalidDataException($"{file.Name}.CHECKSUM does not hold a sha256 ('{Shorten(text)}').");
        if (name != file.Name)
            throw new InvalidDataException($"{file.Name}.CHECKSUM is for '{Shorten(name)}', not for {file.Name}.");
        return hash.ToLowerInvariant();
    }

    /// <summary>
    /// The sha256 of a local zip, checked against the <c>.CHECKSUM</c> beside it when there is one.
    /// </summary>
    /// <exception cref="ArchiveDamagedException">The zip does not match its checksum file.</exception>
    public static async Task<string> VerifyLocalAsync(ArchiveFile file, string path, CancellationToken cancellationToken)
    {
        await using var zip = File.OpenRead(path);
        var actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(zip, cancellationToken).ConfigureAwait(false));
        var checksum = path + ".CHECKSUM";
        if (!File.Exists(checksum))
            return actual;
        try
        {
            var expected = Parse(file, await File.ReadAllBytesAsync(checksum, cancellationToken).ConfigureAwait(false));
            return actual == expected
                ? actual
                : throw new ArchiveDamagedException(file, $"checksum mismatch: the file hashes to {actual}, {Path.GetFileName(checksum)} says {expected}");
        }
        catch (InvalidDataException e)
        {
            throw new ArchiveDamagedException(file, e.Message, e);
        }
    }

    private static string Shorten(string text) => text.Length <= 100 ? text : text[..100] + "…";
}
