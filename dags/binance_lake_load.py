"""binance_lake_load: the table into the serving database, each time binance_lake_nightly has checked it.

Scheduled on the asset binance-lake://curated/trades, which only the nightly DAG's table_ready task updates (after
a clean audit or successful repairs), rather than on a clock with a sensor: it runs once the table is ready, not at
a guessed time, and never after a night that ended with gaps. load is idempotent per partition, so a repeated
event costs a ledger check. The target comes from the Connection binance_lake_serving (PostgreSQL: host, port,
login, schema = database); its password reaches the CLI only as PGPASSWORD.
"""

from binance_lake_common import DAG, DAG_SETTINGS, TRADES_TABLE, cli, cli_task

with DAG(
    dag_id="binance_lake_load",
    schedule=[TRADES_TABLE],
    doc_md=__doc__,
    **DAG_SETTINGS,
):
    cli_task("load", "load", "--json", env=cli.SERVING_ENV)
