#!/usr/bin/env bash
# Reprocesses the raw zone into the Delta table `trades` on a Spark cluster, with `binance-lake compact`'s semantics:
# builds the spark-submit command line for jobs/spark/reprocess_raw.py and passes the arguments through.
# Not run in this repository's environment (no Spark there); the README's "Spark reprocessing" says how it is checked.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

usage() {
  cat <<EOF
Usage: ./spark-submit.sh RAW_PREFIX TABLE
  RAW_PREFIX  the raw zone or part of it: s3://bucket/lake/raw/binance-spot/ (all symbols),
              .../raw/binance-spot/BTCUSDT/, or .../raw/binance-spot/BTCUSDT/archive/
  TABLE       the Delta table: s3://bucket/lake/curated/trades (created when missing)

Exit code: spark-submit's; the job itself exits 3 when files over 2 GiB were left for binance-lake compact.

Environment (defaults for Spark 4.0, Scala 2.13; for Spark 3.5 use SCALA_VERSION=2.12 DELTA_VERSION=3.3.1
HADOOP_AWS_VERSION=3.3.4):
  SPARK_SUBMIT           spark-submit to run (default: spark-submit on PATH)
  SPARK_SUBMIT_OPTIONS   extra spark-submit options, e.g. "--master yarn --deploy-mode cluster --num-executors 20"
  SCALA_VERSION          Scala version of the Spark build (${SCALA_VERSION:-2.13})
  DELTA_VERSION          Delta Lake (delta-spark) version matching the Spark version (${DELTA_VERSION:-4.0.0})
  HADOOP_AWS_VERSION     hadoop-aws version matching the Spark build's Hadoop (${HADOOP_AWS_VERSION:-3.4.1})
S3 credentials and region come from the standard AWS chain (instance role, AWS_* variables, profile).
EOF
}

case "${1:-}" in
  -h|--help) usage; exit 0 ;;
esac
if [[ $# -ne 2 ]]; then
  usage >&2
  exit 1
fi

job="$here/jobs/spark"
read -r -a extra <<< "${SPARK_SUBMIT_OPTIONS:-}"
# Delta's SQL extension and catalog make MERGE and DeltaTable work; s3:// goes through S3A (not EMRFS) so the same
# URIs work everywhere; timestamps are written as Parquet TIMESTAMP_MICROS, as compact writes them, not INT96.
exec "${SPARK_SUBMIT:-spark-submit}" \
  --name binance-lake-reprocess-raw \
  --packages "io.delta:delta-spark_${SCALA_VERSION:-2.13}:${DELTA_VERSION:-4.0.0},org.apache.hadoop:hadoop-aws:${HADOOP_AWS_VERSION:-3.4.1}" \
  --conf spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension \
  --conf spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog \
  --conf spark.hadoop.fs.s3.impl=org.apache.hadoop.fs.s3a.S3AFileSystem \
  --conf spark.sql.parquet.outputTimestampType=TIMESTAMP_MICROS \
  --py-files "$job/binance_raw.py" \
  ${extra[@]+"${extra[@]}"} \
  "$job/reprocess_raw.py" "$@"
