"""binance_lake_nightly: every night at 01:30 UTC, the raw zone into the table, then the table checked.

compact -> optimize -> audit -> repair (per symbol, only when the audit failed) -> table_ready.

- audit exits 3 when an id is missing or duplicated: the task fails (no retry: the same table gives the same
  answer), which is what alerts. Its failure is also what starts repair.
- repair runs only when something upstream failed (trigger rule one_failed): the audit's gaps, or a compact or
  optimize that failed. repair is itself audit + refetch + compact + audit for its symbol, so its success means
  that symbol is compacted and complete; exit 3 (REST no longer serves the ids) fails it.
- table_ready runs when nothing failed (a clean audit, or every repair succeeded) and updates the asset
  binance-lake://curated/trades, which schedules binance_lake_load. A night that ends with gaps loads nothing.
Vacuum is weekly, in binance_lake_vacuum.
"""

from binance_lake_common import DAG, DAG_SETTINGS, TRADES_TABLE, cli, cli_task, per_symbol_cli_task

with DAG(
    dag_id="binance_lake_nightly",
    schedule="30 1 * * *",
    doc_md=__doc__,
    **DAG_SETTINGS,
):
    compact = cli_task("compact", "compact", "--json")
    optimize = cli_task("optimize", "optimize", "--json")
    audit = cli_task("audit", "audit", retries=0)
    repair = per_symbol_cli_task(
        "repair", cli.repair_commands, {"symbols": "{{ var.value.binance_lake_symbols }}"}, trigger_rule="one_failed"
    )
    table_ready = cli_task("table_ready", "table", "info", trigger_rule="none_failed", outlets=[TRADES_TABLE])

    compact >> optimize >> audit >> repair >> table_ready
