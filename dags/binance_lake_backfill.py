"""binance_lake_backfill: history of some symbols into the lake, on demand (Trigger DAG w/ config).

One mapped `backfill` task per symbol (at most two at once, each told to use half the IP's request weight), then
one `compact`. max_active_runs=1: two runs would fetch the same ids twice and fight over the weight budget. A
failed or killed backfill is retried and resumes from its journal; a symbol whose range no source serves (exit 3)
fails, and compact then waits for a rerun (the nightly compact picks up what did land).

Modes, as the CLI's: from-date (from_date, optional to_date), from-id (from_id; 0 = the first trade), reverse
(optional first_date). source: auto (bulk archive for whole past days, REST for the rest), rest, or archive.
"""

from binance_lake_common import DAG, DAG_SETTINGS, Param, cli, cli_task, per_symbol_cli_task

DATE = r"^(\d{4}-\d{2}-\d{2})?$"

with DAG(
    dag_id="binance_lake_backfill",
    schedule=None,
    doc_md=__doc__,
    **DAG_SETTINGS,
    params={
        "symbols": Param("BTCUSDT", type="string", pattern=r"^[A-Za-z0-9, ]+$", description="Comma-separated, e.g. BTCUSDT,ETHUSDT"),
        "mode": Param("from-date", type="string", enum=cli.BACKFILL_MODES),
        "from_date": Param("", type="string", pattern=DATE, description="from-date mode: first day, YYYY-MM-DD (UTC)"),
        "to_date": Param("", type="string", pattern=DATE, description="from-date mode: last day (inclusive); empty: up to now"),
        "from_id": Param("", type="string", pattern=r"^\d*$", description="from-id mode: first trade id"),
        "first_date": Param("", type="string", pattern=DATE, description="reverse mode: stop after this day; empty: id 0"),
        "source": Param("auto", type="string", enum=cli.BACKFILL_SOURCES),
    },
):
    backfill = per_symbol_cli_task(
        "backfill",
        cli.backfill_commands,
        {
            "symbols": "{{ params.symbols }}",
            "mode": "{{ params.mode }}",
            "from_date": "{{ params.from_date }}",
            "to_date": "{{ params.to_date }}",
            "from_id": "{{ params.from_id }}",
            "first_date": "{{ params.first_date }}",
            "source": "{{ params.source }}",
        },
    )
    compact = cli_task("compact", "compact", "--json")

    backfill >> compact
