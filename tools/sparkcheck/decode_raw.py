#!/usr/bin/env python3
"""Decodes every file of a lake's raw zone with the Spark job's decoders (jobs/spark/binance_raw.py), without Spark.

usage: decode_raw.py LAKE_DIR

One JSON object a line, per file in key order: {"key", "chunk": is it a raw chunk, "rows": [[trade_id, price, qty,
quote_qty, trade_time_us, is_buyer_maker, is_best_match, source, instrument, year, month, day], ...]} with the
decimals as text with 8 decimals, or {"key", "chunk", "error"} when the decoder rejects the file. The tests compare
this with the C# decoders on the same files.
"""

import json
import sys
from decimal import Decimal
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "jobs" / "spark"))
import binance_raw  # noqa: E402  (found through the path above)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 1
    lake = Path(argv[1])
    for path in sorted(p for p in (lake / "raw").rglob("*") if p.is_file()):
        key = path.relative_to(lake).as_posix()
        line = {"key": key, "chunk": binance_raw.chunk_of(key) is not None}
        try:
            line["rows"] = [[format(v, "f") if isinstance(v, Decimal) else v for v in row]
                            for batch in binance_raw.rows(key, path.read_bytes()) for row in batch]
        except ValueError as e:
            line["error"] = str(e)
        print(json.dumps(line))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
