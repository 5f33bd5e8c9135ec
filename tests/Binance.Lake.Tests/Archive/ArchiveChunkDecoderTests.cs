using System.IO.Compression;
using System.Text;
using Binance.Lake.Core.Trades;
using Binance.Lake.Extract.RawFormats;
using Xunit;

namespace Binance.Lake.Tests.Archive;

/// <summary>The archive CSV as Binance (and older tools) wrote it, and the ways a file can be damaged.</summary>
public sealed class ArchiveChunkDecoderTests
{
    private const string Key = "raw/binance-spot/BTCUSDT/archive/000000000001-000000000004.zip";

    [Fact]
    public void Headers_blank_lines_CRLF_lowercase_booleans_and_a_missing_last_newline_are_all_read()
    {
        var csv = "id,price,qty,quote_qty,time,is_buyer_maker,is_best_match\r\n"
            + "1,87123.45000000,0.00100000,87.12345000,1723161600000,True,True\r\n"
            + "\r\n"
            + "2,87123.46000000,0.50000000,43561.73000000,1735689600000123,false,true\r\n"
            + "3,0.00000001,99999999.00000000,0.99999999,1735689600000124,False,False";

        var trades = Decode(Zip(csv));

        Assert.Equal(
            [
                new Trade(1, 87123.45m, 0.001m, 87.12345m, 1723161600000000, true, true),
                new Trade(2, 87123.46m, 0.5m, 43561.73m, 1735689600000123, false, true),
                new Trade(3, 0.00000001m, 99999999m, 0.99999999m, 1735689600000124, false, false),
            ],
            trades);
    }

    [Fact]
    public void A_repeated_line_is_dropped_but_a_different_trade_under_an_old_id_is_damage()
    {
        const string line = "7,1.00000000,1.00000000,1.00000000,1735689600000000,True,True\n";
        Assert.Single(Decode(Zip(line + line)));

        var error = Assert.Throws<InvalidDataException>(() => Decode(Zip(line + "7,2.00000000,1.00000000,2.00000000,1735689600000000,True,True\n")));
        Assert.Contains("line 2: trade id 7 does not follow 7", error.Message);
    }

    [Fact]
    public void Many_blocks_of_lines_arrive_whole_and_in_order()
    {
        var csv = new StringBuilder();
        for (var id = 1; id <= 60_000; id++)
            csv.Append(id).Append(",1.50000000,2.00000000,3.00000000,").Append(1735689600000000L + id).Append(",True,True\n");

        var trades = Decode(Zip(csv.ToString()));

        Assert.Equal(Enumerable.Range(1, 60_000).Select(i => (long)i), trades.Select(t => t.Id));
    }

    [Theory]
    [InlineData("1,abc,1,1,1735689600000000,True,True\n", "line 1: price, qty or quoteQty is not a decimal")]
    [InlineData("1,1,1,1,1735689600000000,Yes,True\n", "line 1: isBuyerMaker or isBestMatch is not True/False")]
    [InlineData("1,1,1,1,1735689600000000,True\n", "line 1: expected 7 comma-separated fields")]
    public void A_damaged_row_names_its_line(string csv, string message)
    {
        var error = Assert.Throws<InvalidDataException>(() => Decode(Zip(csv)));
        Assert.Contains(message, error.Message);
        Assert.Contains(Key, error.Message);
    }

    [Fact]
    public void Corrupt_compressed_data_and_a_line_longer_than_a_block_are_damage()
    {
        var csv = string.Concat(Enumerable.Range(1, 20_000).Select(i => $"{i},1.{i % 97:D8},2.00000000,3.00000000,{1735689600000000L + i},True,True\n"));
        var zip = Zip(csv);
        // Flip bytes in the middle of the compressed entry; the zip's directory at the end stays readable.
        for (var i = zip.Length / 3; i < zip.Length / 3 + 64; i++)
            zip[i] ^= 0x5A;
        Assert.Contains("is damaged", Assert.Throws<InvalidDataException>(() => Decode(zip)).Message);

        var longLine = Assert.Throws<InvalidDataException>(() => Decode(Zip(new string('9', 2 << 20))));
        Assert.Contains("longer than", longLine.Message);
    }

    [Fact]
    public void A_zip_that_is_not_one_csv_is_damage()
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            archive.CreateEntry("a.csv");
            archive.CreateEntry("b.csv");
        }
        Assert.Contains("holds 2 files", Assert.Throws<InvalidDataException>(() => Decode(buffer.ToArray())).Message);
        Assert.Contains("not a readable zip", Assert.Throws<InvalidDataException>(() => Decode("PK not really"u8.ToArray())).Message);
    }

    private static List<Trade> Decode(byte[] zip) =>
        new ArchiveChunkDecoder().Decode(Key, new MemoryStream(zip)).SelectMany(batch => batch).ToList();

    private static byte[] Zip(string csv)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = archive.CreateEntry("BTCUSDT-trades-2025-01-01.csv").Open();
            entry.Write(Encoding.ASCII.GetBytes(csv));
        }
        return buffer.ToArray();
    }
}
