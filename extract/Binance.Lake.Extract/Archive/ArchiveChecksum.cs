using System.Text;

namespace Binance.Lake.Extract.Archive;

/// <summary>A <c>.CHECKSUM</c> file: <c>sha256sum</c> output, <c>&lt;64 hex&gt;  &lt;zip name&gt;</c>.</summary>
public static class ArchiveChecksum
{
    /// <summary>The expected sha256 (lowercase hex) for <paramref name="file"/>.</summary>
    /// <exception cref="InvalidDataException">The text is not a checksum line for that file.</exception>
    public static string Parse(ArchiveFile file, ReadOnlySpan<byte> content)
    {
        var text = Encoding.ASCII.GetString(content).Trim();
        var separator = text.IndexOf("  ", StringComparison.Ordinal);
        var hash = separator < 0 ? text : text[..separator];
        var name = separator < 0 ? "" : text[(separator + 2)..].TrimStart('*');
        if (hash.Length != 64 || !hash.All(char.IsAsciiHexDigit))
            throw new InvalidDataException($"{file.Name}.CHECKSUM does not hold a sha256 ('{Shorten(text)}').");
        if (name != file.Name)
            throw new InvalidDataException($"{file.Name}.CHECKSUM is for '{Shorten(name)}', not for {file.Name}.");
        return hash.ToLowerInvariant();
    }

    private static string Shorten(string text) => text.Length <= 100 ? text : text[..100] + "…";
}
