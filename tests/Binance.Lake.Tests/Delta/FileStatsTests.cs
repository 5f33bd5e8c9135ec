using System.Text.Json;
using Binance.Lake.Transform.Delta;

namespace Binance.Lake.Tests.Delta;

public sealed class FileStatsTests
{
    [Fact]
    public void Builds_the_stats_json_string_delta_expects()
    {
        var json = new FileStats(numRecords: 3)
            .Column("trade_id", 100L, 102L, 0)
            .Column("qty", 1, 7, 0)
            .Column("price", 61234.5m, 61240.12345678m, 0)
            .Column("is_buyer_maker", false, true, 0)
            .Column("trade_time", new DateTimeOffset(2024, 8, 8, 23, 54, 0, 123, TimeSpan.Zero).AddTicks(4567), new DateTimeOffset(2024, 8, 9, 1, 0, 0, TimeSpan.FromHours(2)).AddTicks(9999), 0)
            .Column("trade_date", new DateOnly(2024, 8, 8), new DateOnly(2024, 8, 8), 0)
            .NullCount("note", 3)
            .ToJson();

        Assert.Equal(
            """{"numRecords":3,"minValues":{"trade_id":100,"qty":1,"price":61234.5,"is_buyer_maker":false,"trade_time":"2024-08-08T23:54:00.123Z","trade_date":"2024-08-08"},"maxValues":{"trade_id":102,"qty":7,"price":61240.12345678,"is_buyer_maker":true,"trade_time":"2024-08-08T23:00:00.000Z","trade_date":"2024-08-08"},"nullCount":{"trade_id":0,"qty":0,"price":0,"is_buyer_maker":0,"trade_time":0,"trade_date":0,"note":3}}""",
            json);
    }

    [Fact]
    public void Timestamps_are_truncated_down_to_the_millisecond()
    {
        Assert.Equal("1970-01-01T00:00:00.999Z", FileStats.FormatTimestamp(DateTimeOffset.UnixEpoch.AddTicks(9_999_999)));
    }

    [Fact]
    public void Long_strings_keep_a_prefix_as_min_and_no_max()
    {
        var longText = new string('a', 40);

        using var doc = JsonDocument.Parse(new FileStats(2).Column("s", longText, longText + "b", 0).ToJson());

        Assert.Equal(new string('a', FileStats.StringPrefixLength), doc.RootElement.GetProperty("minValues").GetProperty("s").GetString());
        Assert.False(doc.RootElement.GetProperty("maxValues").TryGetProperty("s", out _));
    }

    [Fact]
    public void All_null_column_has_only_a_null_count()
    {
        using var doc = JsonDocument.Parse(new FileStats(4).Column("x", (long?)null, null, 4).ToJson());

        Assert.False(doc.RootElement.GetProperty("minValues").TryGetProperty("x", out _));
        Assert.Equal(4, doc.RootElement.GetProperty("nullCount").GetProperty("x").GetInt64());
    }
}
