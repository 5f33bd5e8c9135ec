#!/usr/bin/env bash
# Cluster reprocessing of the raw zone into the Delta table `trades` with the same semantics as
# `binance-lake compact`. Placeholder until issue 6 (the Spark job in jobs/ and compact do not exist yet).
echo "spark-submit.sh: not built yet (issue 6); use ./binance-lake for now." >&2
exit 2
