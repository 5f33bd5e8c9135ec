"""What the binance-lake DAGs share: Airflow imports that work on 2.9+ and 3.x, task defaults, the asset the nightly
DAG produces, and the two ways a task runs the CLI. Command lines come from binance_lake_cli (no Airflow there)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Callable

import binance_lake_cli as cli

try:  # Airflow 3
    from airflow.providers.standard.operators.bash import BashOperator
    from airflow.sdk import DAG, Asset, Param, task
except ImportError:  # Airflow 2.9 / 2.10
    from airflow import DAG
    from airflow.datasets import Dataset as Asset
    from airflow.decorators import task
    from airflow.models.param import Param
    from airflow.operators.bash import BashOperator

__all__ = ["DAG", "DAG_SETTINGS", "Param", "TRADES_TABLE", "cli", "cli_task", "per_symbol_cli_task"]

START_DATE = datetime(2026, 1, 1, tzinfo=timezone.utc)

# A rerun resumes (backfill's journal, compact's idempotence), so retrying a failed or killed CLI call is always safe.
DEFAULT_ARGS = {
    "owner": "binance-lake",
    "retries": 2,
    "retry_delay": timedelta(minutes=5),
    "retry_exponential_backoff": True,
}

# What every binance-lake DAG has: one run at a time (runs of the same DAG would do the same work twice), and no
# catchup (a run always works on the whole lake, so missed intervals need no runs of their own).
DAG_SETTINGS = {
    "start_date": START_DATE,
    "catchup": False,
    "max_active_runs": 1,
    "default_args": DEFAULT_ARGS,
    "tags": ["binance-lake"],
}

# Updated when the nightly DAG has compacted and checked the table; the load DAG is scheduled on it.
TRADES_TABLE = Asset(cli.TRADES_TABLE_URI)


def cli_task(task_id: str, *args: str, env: dict[str, str] | None = None, single_line: bool = False, **kwargs) -> BashOperator:
    """One CLI call. Any exit code but 0 fails the task (3: data incomplete, 5: failed, ...)."""
    return BashOperator(
        task_id=task_id,
        bash_command=cli.command(*args, single_line=single_line),
        env=cli.environment(**(env or {})),
        append_env=True,  # keep PATH and the worker's AWS credentials
        **kwargs,
    )


def per_symbol_cli_task(task_id: str, build: Callable[[dict[str, str]], list[list[str]]], inputs: dict[str, str], **kwargs):
    """One CLI call per symbol, as mapped task instances. Symbols are known only at run time (trigger params, a
    Variable), so a small task `<task_id>_commands` gets `inputs` rendered and turns them into command lines with
    `build`; it decides nothing the CLI would not. Airflow does not render templates in values that come from
    XCom, so the lines it returns are complete: the CLI command is rendered as the task's argument too."""

    @task(task_id=f"{task_id}_commands")
    def commands(values: dict[str, str], program: str) -> list[str]:
        return [cli.command(*argv, program=program) for argv in build(values)]

    return BashOperator.partial(
        task_id=task_id,
        env=cli.environment(),
        append_env=True,
        max_active_tis_per_dagrun=cli.REST_PARALLEL,
        **kwargs,
    ).expand(bash_command=commands(inputs, cli.CLI))
