using Binance.Lake.Transform.Delta;

namespace Binance.Lake.Tests.Delta;

public sealed class StructTypeTests
{
    [Fact]
    public void To_json_matches_what_spark_writes()
    {
        var schema = new StructType([new StructField("letter", "string"), new StructField("date", "date"), new StructField("data", "binary"), new StructField("number", "long")]);

        // metaData.schemaString of the DAT multi_partitioned table, written by Spark 3.3.1.
        Assert.Equal(
            """{"type":"struct","fields":[{"name":"letter","type":"string","nullable":true,"metadata":{}},{"name":"date","type":"date","nullable":true,"metadata":{}},{"name":"data","type":"binary","nullable":true,"metadata":{}},{"name":"number","type":"long","nullable":true,"metadata":{}}]}""",
            schema.ToJson());
    }

    [Fact]
    public void Parse_keeps_nested_types_and_metadata_raw_so_they_round_trip()
    {
        const string schemaString =
            """{"type":"struct","fields":[{"name":"price","type":"decimal(18,8)","nullable":false,"metadata":{"comment":"quote asset"}},{"name":"as_list_of_records","type":{"type":"array","elementType":{"type":"struct","fields":[{"name":"val","type":"integer","nullable":true,"metadata":{}}]},"containsNull":true},"nullable":true,"metadata":{}}]}""";

        var schema = StructType.Parse(schemaString);

        Assert.Equal(new StructField("price", "decimal(18,8)", false, """{"comment":"quote asset"}"""), schema.Fields[0]);
        Assert.True(schema.Fields[1].IsNested);
        Assert.Equal(schemaString, schema.ToJson());
        Assert.Equal(schema, StructType.Parse(schema.ToJson()));
        Assert.Same(schema.Fields[0], schema.Field("PRICE"));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"type":"array"}""")]
    [InlineData("""{"type":"struct","fields":[{"type":"long"}]}""")]
    public void Parse_rejects_what_is_not_a_struct_schema(string schemaString)
    {
        Assert.Throws<DeltaException>(() => StructType.Parse(schemaString));
    }
}
