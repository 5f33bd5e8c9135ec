"""Reprocess a raw-zone prefix into the Delta table `trades`, with `binance-lake compact`'s semantics, on Spark.

Run it through ../../spark-submit.sh (Delta Lake and S3 packages, session settings). Not run in this repository's
environment (no Spark there); see the README's "Spark reprocessing" section for what was checked instead.

Same as compact:
- every file under the prefix named raw/binance-spot/<SYMBOL>/{rest,live,archive}/<first>-<last>.<ext> is decoded
  by binance_raw (the same rules as the CLI's decoders: exact decimals from the text, times in µs, damage stops
  the job), other files are skipped;
- rows are partitioned by trade_year/trade_month/trade_day (UTC) and instrument, each trade id once per partition,
  and inserted only where the table does not hold the id yet (a MERGE that only inserts), so a rerun adds nothing;
- the table is created when missing with the same schema and protocol (reader 1, writer 2) as compact's.
Where the raw zone holds one id twice (REST and live, or archive), the copies are the same trade; compact keeps the
one it reads first, this job prefers REST, then live, then archive (the finer time for pre-2025 archive rows).
Unlike compact, it records nothing in _state/compact/: a later compact reads those raw files once more, finds every
id already in the table, and adds nothing.
"""

from __future__ import annotations

import argparse
import sys

# binaryFile holds a file in one byte array, so 2 GiB is Spark's limit; larger (monthly archive) zips are listed,
# left out, and the job exits 3 so they are not forgotten: `binance-lake compact` streams them.
MAX_FILE_BYTES = 2**31 - 1
EXIT_INCOMPLETE = 3
SOURCE_PREFERENCE = ("rest", "live", "archive")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="reprocess_raw.py",
        description="Reprocess raw Binance chunks into the Delta table `trades` (binance-lake compact's semantics).",
    )
    parser.add_argument("raw_prefix", help="raw zone or part of it, e.g. s3://bucket/lake/raw/binance-spot/BTCUSDT/")
    parser.add_argument("table", help="the Delta table, e.g. s3://bucket/lake/curated/trades")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # Imported here so `--help` and the tests work where Spark is not installed.
    from delta.tables import DeltaTable
    from pyspark.sql import SparkSession, Window
    from pyspark.sql import functions as F

    import binance_raw

    spark = SparkSession.builder.appName("binance-lake reprocess_raw").getOrCreate()
    # A few files per Arrow batch: one batch of archive zips is already hundreds of MB.
    spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", "8")
    files = spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(args.raw_prefix)
    too_large = [r.path for r in files.filter(F.col("length") > MAX_FILE_BYTES).select("path").collect()]

    decoded_schema = (
        "trade_id long, price decimal(28,8), qty decimal(28,8), quote_qty decimal(28,8), trade_time_us long, "
        "is_buyer_maker boolean, is_best_match boolean, source string, instrument string, "
        "trade_year int, trade_month int, trade_day int"
    )

    def decode(batches):
        import pandas as pd

        for batch in batches:
            for path, content in zip(batch["path"], batch["content"]):
                for rows in binance_raw.rows(path, bytes(content)):
                    yield pd.DataFrame.from_records(rows, columns=binance_raw.COLUMNS)

    keys = [*binance_raw.PARTITION_COLUMNS, "trade_id"]
    preference = F.array_position(F.array(*[F.lit(s) for s in SOURCE_PREFERENCE]), F.col("source"))
    fresh = (
        files.filter(F.col("length") <= MAX_FILE_BYTES)
        .select("path", "content")
        .mapInPandas(decode, decoded_schema)
        .withColumn("copy", F.row_number().over(Window.partitionBy(*keys).orderBy(preference)))
        .filter("copy = 1")
        .select(
            "trade_id", "price", "qty", "quote_qty",
            F.expr("timestamp_micros(trade_time_us)").alias("trade_time"),
            "is_buyer_maker", "is_best_match", "source", *binance_raw.PARTITION_COLUMNS,
        )
    )

    table = ensure_table(DeltaTable, spark, args.table)
    (
        table.alias("t")
        .merge(fresh.alias("s"), " AND ".join(f"t.{k} = s.{k}" for k in keys))
        .whenNotMatchedInsertAll()
        .execute()
    )
    metrics = table.history(1).select("operationMetrics").first()[0]
    print(f"reprocess_raw: {metrics.get('numTargetRowsInserted', '?')} trades inserted into {args.table} "
          f"({metrics.get('numSourceRows', '?')} distinct trades read)")
    if too_large:
        print(f"reprocess_raw: {len(too_large)} file(s) over 2 GiB not read; run `binance-lake compact` for them:",
              *too_large, sep="\n  ", file=sys.stderr)
        return EXIT_INCOMPLETE
    return 0


def ensure_table(delta_table, spark, path: str):
    """The table at `path`, created as compact creates it when missing (same columns, order, nullability)."""
    columns = [
        ("trade_id", "BIGINT"), ("price", "DECIMAL(28,8)"), ("qty", "DECIMAL(28,8)"), ("quote_qty", "DECIMAL(28,8)"),
        ("trade_time", "TIMESTAMP"), ("is_buyer_maker", "BOOLEAN"), ("is_best_match", "BOOLEAN"), ("source", "STRING"),
        ("trade_year", "INT"), ("trade_month", "INT"), ("trade_day", "INT"), ("instrument", "STRING"),
    ]
    builder = delta_table.createIfNotExists(spark).location(path)
    for name, kind in columns:
        builder = builder.addColumn(name, kind, nullable=False)
    return (
        builder.partitionedBy("trade_year", "trade_month", "trade_day", "instrument")
        .property("delta.minReaderVersion", "1")
        .property("delta.minWriterVersion", "2")
        .execute()
    )


if __name__ == "__main__":
    sys.exit(main())
