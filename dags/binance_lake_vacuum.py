"""binance_lake_vacuum: every Sunday at 04:00 UTC, delete data files unreferenced for longer than the retention.

A DAG of its own rather than a weekday branch of the nightly one: vacuum's safety does not depend on the night's
outcome (its 7-day retention, the CLI's default, spares any file a running compact or optimize has not committed
yet), so a night with gaps should not put it off, and a cron schedule needs no Python to decide the day.
"""

from binance_lake_common import DAG, DAG_SETTINGS, cli_task

with DAG(
    dag_id="binance_lake_vacuum",
    schedule="0 4 * * 0",
    doc_md=__doc__,
    **DAG_SETTINGS,
):
    cli_task("vacuum", "vacuum", "--json")
