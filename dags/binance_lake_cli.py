"""The command lines and environment of every binance-lake DAG task.

Imports nothing of Airflow, so tools/dagcheck renders exactly what a task will run, and the tests run it against the
real CLI. Values reach a task as Jinja templates rendered by Airflow at run time (never at parse time, so a DAG file
parses without touching the metadata database). The templates use only dotted names, `.get('name', 'default')`
and `or`, which the checker can evaluate without Jinja.

Configuration goes to the CLI through its own environment variables (BINANCE_LAKE, BINANCE_REST_URL, ...): an
optional Variable left unset renders empty, which the CLI reads as "use my default", so no default is written twice.
"""

from __future__ import annotations

import re
import shlex

# The CLI as a command, unquoted on purpose: "dotnet /opt/binance-lake/binance-lake.dll" is a valid setting.
CLI = "{{ var.value.get('binance_lake_cli', 'binance-lake') }}"

# The Airflow Variables and Connection the DAGs read, with what each is for (dags/README.md lists them too).
VARIABLES = {
    "binance_lake_uri": "the lake: s3://bucket/prefix or a folder every worker sees (required)",
    "binance_lake_symbols": "comma-separated symbols the nightly DAG repairs (required)",
    "binance_lake_cli": "the CLI command on the workers (default: binance-lake on PATH)",
    "binance_lake_rest_url": "Binance spot REST base URL (default: the CLI's)",
    "binance_lake_archive_url": "Binance bulk archive base URL (default: the CLI's)",
    "binance_lake_athena_output": "s3:// folder for Athena query results (catalog DAG)",
    "binance_lake_athena_workgroup": "Athena workgroup (catalog DAG; default primary)",
}
SERVING_CONNECTION = "binance_lake_serving"

# A logical name, not a location: the lake's URI is a runtime Variable, and an asset must be known at parse time.
TRADES_TABLE_URI = "binance-lake://curated/trades"

# REST-bound tasks of one run that may run at once; each then gets this share of the IP's request weight.
REST_PARALLEL = 2

BACKFILL_MODES = ["from-date", "from-id", "reverse"]
BACKFILL_SOURCES = ["auto", "rest", "archive"]


def command(*args: str, single_line: bool = False, program: str = CLI) -> str:
    """The bash command line of one CLI call; every argument is shell-quoted. `single_line` joins the output into one
    line, because a BashOperator's XCom is the last line of stdout. `program` is the CLI, already rendered where
    the line will not be (see per_symbol_cli_task)."""
    line = " ".join([program, *(shlex.quote(arg) for arg in args)])
    return f"set -o pipefail; {line} | paste -sd ' ' -" if single_line else line


def environment(**extra: str) -> dict[str, str]:
    """The CLI's environment for a task: the lake and the exchange's URLs from Variables, plus `extra`."""
    return {
        "BINANCE_LAKE": "{{ var.value.binance_lake_uri }}",
        "BINANCE_REST_URL": "{{ var.value.get('binance_lake_rest_url', '') }}",
        "BINANCE_ARCHIVE_URL": "{{ var.value.get('binance_lake_archive_url', '') }}",
        **extra,
    }


def _conn(field: str) -> str:
    return f"{{{{ conn.{SERVING_CONNECTION}.{field} }}}}"


# The serving target as `load` reads it (postgres: + Npgsql key=value pairs) from the Connection; the password
# travels in PGPASSWORD, so it is on no command line and in no process list.
SERVING_ENV = {
    "BINANCE_SERVING_TARGET": (
        f"postgres:Host={_conn('host')};Port={{{{ conn.{SERVING_CONNECTION}.port or 5432 }}}};"
        f"Username={_conn('login')};Database={_conn('schema')}"
    ),
    "PGPASSWORD": f"{{{{ conn.{SERVING_CONNECTION}.password or '' }}}}",
}

_SYMBOL = re.compile(r"^[A-Z0-9]+$")


def symbols(text: str) -> list[str]:
    """`BTCUSDT, ethusdt` -> ['BTCUSDT', 'ETHUSDT']: any case, commas or spaces, each once."""
    found: list[str] = []
    for symbol in re.split(r"[\s,]+", text.strip().upper()):
        if not symbol:
            continue
        if not _SYMBOL.match(symbol):
            raise ValueError(f"'{symbol}' is not a spot symbol (letters and digits, e.g. BTCUSDT)")
        if symbol not in found:
            found.append(symbol)
    if not found:
        raise ValueError("no symbols given: set the binance_lake_symbols Variable or the run's symbols param")
    return found


def _weight_share(count: int) -> list[str]:
    """Tasks that share the IP's REST budget say so, or together they would draw 429s."""
    parallel = min(count, REST_PARALLEL)
    return [] if parallel == 1 else ["--weight-share", repr(1 / parallel)]


def repair_commands(values: dict[str, str]) -> list[list[str]]:
    """One `repair` per symbol of the Variable."""
    found = symbols(values["symbols"])
    return [["repair", "--symbol", symbol, *_weight_share(len(found))] for symbol in found]


def backfill_commands(values: dict[str, str]) -> list[list[str]]:
    """One `backfill` per symbol, in the mode the run was triggered with. The CLI judges the values (a missing
    date is its usage error, exit 1); this only picks the flags of the mode."""
    mode, source = values["mode"], values["source"]
    if mode not in BACKFILL_MODES:
        raise ValueError(f"mode '{mode}' is not one of {', '.join(BACKFILL_MODES)}")
    if source not in BACKFILL_SOURCES:
        raise ValueError(f"source '{source}' is not one of {', '.join(BACKFILL_SOURCES)}")
    flags = {
        "from-date": [("--from-date", values["from_date"]), ("--to-date", values["to_date"])],
        "from-id": [("--from-id", values["from_id"])],
        "reverse": [("--reverse", None), ("--first-date", values["first_date"])],
    }[mode]
    mode_args: list[str] = []
    for flag, value in flags:
        if value is None:
            mode_args.append(flag)  # a switch
        elif value:
            mode_args += [flag, value]
    found = symbols(values["symbols"])
    return [["backfill", "--symbol", symbol, *mode_args, "--source", source, *_weight_share(len(found))] for symbol in found]
