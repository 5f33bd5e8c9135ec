#!/usr/bin/env bash
# Renders every notebook in this folder in place, headless, with the .NET Interactive C# kernel.
#
#   notebooks/run.sh                  first builds a lake in a temp folder with the README's main command, run against
#                                     the exchange simulator replaying the real BTCUSDT trades of 2024-08-08 23:54-24:00
#                                     (../shared/fixtures), then renders on it (how the committed outputs were made)
#   LAKE=$PWD/lake notebooks/run.sh   renders on an existing lake instead, e.g. the one the README's main command wrote
#
# SYMBOL, FROM_DATE and TO_DATE pass through to the notebooks. Installs what it lacks: Debian's python3-nbclient
# (needs root, as .ci/run does) and the dotnet-interactive tool (into NOTEBOOK_TOOLS, default ~/.cache/binance-lake/notebook-tools).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
cli="$repo/binance-lake"
tools="${NOTEBOOK_TOOLS:-$HOME/.cache/binance-lake/notebook-tools}"
capture="$repo/../shared/fixtures/binance/btcusdt_20240808.trade-stream.gz"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT=1

work="$(mktemp -d -t binance-lake-notebooks.XXXXXX)"
simulator=""
cleanup() {
  if [[ -n "$simulator" ]]; then kill "$simulator" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# Debian's Python on purpose: a pyenv or venv python3 earlier on PATH has none of Debian's modules.
if ! /usr/bin/python3 -c 'import nbclient' 2>/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-nbclient
fi
if [[ ! -x "$tools/dotnet-interactive" ]]; then
  dotnet tool install --tool-path "$tools" Microsoft.dotnet-interactive --version 1.0.712001
fi
# A kernel spec of our own, found through JUPYTER_PATH, so nothing is installed into the user's Jupyter.
mkdir -p "$work/jupyter/kernels/.net-csharp"
printf '{"argv": ["%s", "jupyter", "--default-kernel", "csharp", "{connection_file}"], "display_name": ".NET (C#)", "language": "C#"}\n' \
  "$tools/dotnet-interactive" > "$work/jupyter/kernels/.net-csharp/kernel.json"

# The notebooks reference the CLI's assemblies: build it now if any source changed (a no-op otherwise).
"$cli" --help > /dev/null

if [[ -z "${LAKE:-}" ]]; then
  "$cli" simulate --port 0 --replay "$capture" > "$work/simulator.log" 2>&1 &
  simulator=$!
  for _ in $(seq 300); do
    grep -q 'listening on' "$work/simulator.log" && break
    kill -0 "$simulator" 2>/dev/null || { cat "$work/simulator.log" >&2; exit 1; }
    sleep 0.1
  done
  url="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/simulator.log")"
  # The README's main command exactly, from the temp folder (so its ./lake is there), pointed at the simulator.
  (cd "$work" && "$cli" backfill --symbol BTCUSDT --from-date 2024-08-08 --to-date 2024-08-08 \
      --rest-url "$url" --archive-url "$url" && "$cli" compact)
  kill "$simulator"
  simulator=""
  export LAKE="$work/lake"
fi

JUPYTER_PATH="$work/jupyter" /usr/bin/python3 - "$here"/*.ipynb <<'PY'
import os, sys
import nbformat
from nbclient import NotebookClient

for path in sys.argv[1:]:
    print(f"rendering {path}", file=sys.stderr)
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, kernel_name=".net-csharp", timeout=600, record_timing=False,
                   resources={"metadata": {"path": os.path.dirname(path)}}).execute()
    # The kernel announces its HTTP API with a script listing this machine's network addresses: useless once
    # saved, and not ours to publish.
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if "probeAddresses" not in "".join(o.get("data", {}).get("text/html", ""))]
    nbformat.write(notebook, path)
PY
