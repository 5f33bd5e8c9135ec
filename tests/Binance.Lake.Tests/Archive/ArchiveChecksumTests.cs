using System.Text;
using Binance.Lake.Extract.Archive;
using Xunit;

namespace Binance.Lake.Tests.Archive;

public sealed class ArchiveChecksumTests
{
    private static readonly ArchiveFile Day = ArchiveFile.Day("BTCUSDT", new DateOnly(2024, 8, 8));
    private static readonly string Hash = new string('a', 63) + "F";

    [Theory]
    [InlineData("{0}  BTCUSDT-trades-2024-08-08.zip\n")]
    [InlineData("{0} *BTCUSDT-trades-2024-08-08.zip\n")]
    [InlineData("{0}\tBTCUSDT-trades-2024-08-08.zip")]
    public void Both_sha256sum_modes_give_the_lowercase_hash(string line) =>
        Assert.Equal(Hash.ToLowerInvariant(), ArchiveChecksum.Parse(Day, Encoding.ASCII.GetBytes(string.Format(line, Hash))));

    [Theory]
    [InlineData("{0}  BTCUSDT-trades-2024-08-09.zip", "is for 'BTCUSDT-trades-2024-08-09.zip'")]
    [InlineData("xyz  BTCUSDT-trades-2024-08-08.zip", "does not hold a sha256")]
    [InlineData("<html>Not Found</html>", "does not hold a sha256")]
    public void Anything_else_is_refused_with_what_it_was(string line, string message)
    {
        var error = Assert.Throws<InvalidDataException>(() => ArchiveChecksum.Parse(Day, Encoding.ASCII.GetBytes(string.Format(line, Hash))));
        Assert.Contains(message, error.Message);
    }
}
