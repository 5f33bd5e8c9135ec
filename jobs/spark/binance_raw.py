"""Raw-zone chunks back into trade rows, as `binance-lake compact` reads them (extract/Binance.Lake.Extract/RawFormats).

Plain Python, no pyspark: reprocess_raw.py runs it on the executors, and the tests run it on the real fixtures next
to the C# decoders. Damage raises ValueError naming the key, where compact would stop on InvalidDataException.

  raw/binance-spot/<SYMBOL>/rest/<first>-<last>.json      a historicalTrades body: [{id, price, qty, quoteQty, time,
                                                          isBuyerMaker, isBestMatch}], contiguous ids
  raw/binance-spot/<SYMBOL>/live/<first>-<last>.ndjson    websocket messages, one a line: {"e":"trade",...} or
                                                          {"stream":..,"data":{...}}; quoteQty = p x q truncated
  raw/binance-spot/<SYMBOL>/archive/<first>-<last>.zip    one headerless CSV: id,price,qty,quoteQty,time,
                                                          isBuyerMaker,isBestMatch (True/False)

Times are microseconds from 10^14 up, milliseconds below. Decimals stay decimal.Decimal from the text: never a float.
"""

from __future__ import annotations

import datetime
import io
import json
import re
import zipfile
from decimal import ROUND_DOWN, Context, Decimal
from typing import Iterator, NamedTuple

COLUMNS = (
    "trade_id", "price", "qty", "quote_qty", "trade_time_us", "is_buyer_maker", "is_best_match",
    "source", "instrument", "trade_year", "trade_month", "trade_day",
)
PARTITION_COLUMNS = ("trade_year", "trade_month", "trade_day", "instrument")

# <anything>/raw/binance-spot/<SYMBOL>/<source>/<first>-<last>.<ext>; other files are not chunks, and compact skips them.
_KEY = re.compile(r"(?:^|/)raw/binance-spot/([^/]+)/(rest|live|archive)/(\d+)-(\d+)\.[^/]*$")
_DECIMAL = re.compile(r"^(?:\d+\.?\d*|\.\d+)$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_EIGHT_DECIMALS = Decimal("0.00000001")
# Python's default context rounds to 28 digits; products and rescaling must be exact before the truncation.
_EXACT = Context(prec=64)
_MICROS_FROM = 100_000_000_000_000
_MICROS_PER_DAY = 86_400_000_000
_EPOCH = datetime.date(1970, 1, 1).toordinal()


class Chunk(NamedTuple):
    """What a raw key names: symbol, source, and the id range of the chunk."""

    key: str
    symbol: str
    source: str
    first: int
    last: int


def chunk_of(key: str) -> Chunk | None:
    match = _KEY.search(key)
    if match is None or int(match.group(4)) < int(match.group(3)):
        return None
    return Chunk(key, match.group(1), match.group(2), int(match.group(3)), int(match.group(4)))


def decimal8(text: object, field: str) -> Decimal:
    """A Binance decimal string, exact, at scale 8 (the table's decimal(28,8)); more decimals is damage."""
    if not isinstance(text, str) or not _DECIMAL.match(text):
        raise ValueError(f"field '{field}' is not a decimal string: {text!r}")
    value = Decimal(text)
    scaled = value.quantize(_EIGHT_DECIMALS, context=_EXACT)
    if scaled != value or len(scaled.as_tuple().digits) > 28:
        raise ValueError(f"field '{field}' does not fit decimal(28,8): {text}")
    return scaled


def micros(value: int) -> int:
    return value if value >= _MICROS_FROM else value * 1000


def rows(key: str, content: bytes, batch: int = 100_000) -> Iterator[list[tuple]]:
    """Every trade of a raw chunk as table rows (COLUMNS order), in batches; nothing for a key that is not a chunk."""
    chunk = chunk_of(key)
    if chunk is None:
        return
    trades = {"rest": _rest, "live": _live, "archive": _archive}[chunk.source](chunk, content)
    days: dict[int, datetime.date] = {}
    out: list[tuple] = []
    for trade in trades:
        day_number = trade[4] // _MICROS_PER_DAY
        day = days.get(day_number) or days.setdefault(day_number, datetime.date.fromordinal(_EPOCH + day_number))
        out.append((*trade, chunk.source, chunk.symbol, day.year, day.month, day.day))
        if len(out) == batch:
            yield out
            out = []
    if out:
        yield out


def _damaged(chunk: Chunk, what: str) -> ValueError:
    return ValueError(f"Raw chunk {chunk.key} is damaged: {what}")


def _integer(value: object) -> bool:
    return type(value) is int  # bool is an int in Python, not in JSON


def _rest(chunk: Chunk, content: bytes) -> list[tuple]:
    try:
        body = json.loads(content)
    except ValueError as e:
        raise _damaged(chunk, f"not valid JSON ({e})") from e
    if not isinstance(body, list) or not all(isinstance(t, dict) for t in body):
        raise _damaged(chunk, "not an array of trades")
    trades = []
    for t in body:
        try:
            if not (_integer(t["id"]) and _integer(t["time"])):
                raise ValueError(f"trade {t.get('id')}: id or time is not an integer")
            if type(t["isBuyerMaker"]) is not bool or type(t["isBestMatch"]) is not bool:
                raise ValueError(f"trade {t['id']}: isBuyerMaker or isBestMatch is not a boolean")
            trades.append((t["id"], decimal8(t["price"], "price"), decimal8(t["qty"], "qty"),
                           decimal8(t["quoteQty"], "quoteQty"), micros(t["time"]), t["isBuyerMaker"], t["isBestMatch"]))
        except KeyError as e:
            raise _damaged(chunk, f"trade {t.get('id', '?')} lacks a field ({e})") from e
        except ValueError as e:
            raise _damaged(chunk, str(e)) from e
    for before, after in zip(trades, trades[1:]):
        if after[0] != before[0] + 1:
            raise _damaged(chunk, f"trade ids are not contiguous: {before[0]} is followed by {after[0]}")
    return trades


def _live(chunk: Chunk, content: bytes) -> list[tuple]:
    text = content.decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    arrived: list[tuple] = []
    for number, line in enumerate(text.split("\n"), start=1):
        line = line[:-1] if line.endswith("\r") else line
        if not line.strip(" \t"):
            continue
        try:
            trade = _live_message(line, chunk.symbol)
        except ValueError as e:
            raise _damaged(chunk, f"line {number}: {e}") from e
        if trade is not None:
            arrived.append(trade)
    arrived.sort(key=lambda t: t[0])  # stable: the first arrival of a repeated id stays first
    trades: list[tuple] = []
    for trade in arrived:
        if trades and trades[-1][0] == trade[0]:
            if trades[-1] != trade:
                raise _damaged(chunk, f"trade {trade[0]} arrives twice with different values")
            continue
        trades.append(trade)
    if not trades or trades[0][0] != chunk.first or trades[-1][0] != chunk.last:
        raise ValueError(f"Raw chunk {chunk.key} is misnamed: it does not hold trades {chunk.first}-{chunk.last} first and last")
    return trades


def _live_message(line: str, symbol: str) -> tuple | None:
    message = json.loads(line)
    if not isinstance(message, dict):
        raise ValueError("the message is not a JSON object")
    payload = message["data"] if isinstance(message.get("data"), dict) else message
    if payload.get("e") != "trade":
        return None  # another stream's message
    if isinstance(payload.get("s"), str) and payload["s"] != symbol:
        return None  # another symbol's trade
    fields = {"s": str, "t": int, "p": str, "q": str, "T": int, "m": bool, "M": bool}
    for name, kind in fields.items():
        if name not in payload:
            raise ValueError(f"trade {payload.get('t', '?')} lacks a field (s, t, p, q, T, m, M)")
        if type(payload[name]) is not kind:
            raise ValueError(f"trade {payload.get('t', '?')}: field '{name}' has the wrong type or value")
    price, qty = decimal8(payload["p"], "p"), decimal8(payload["q"], "q")
    quote = _EXACT.multiply(price, qty).quantize(_EIGHT_DECIMALS, rounding=ROUND_DOWN, context=_EXACT)
    return payload["t"], price, qty, quote, micros(payload["T"]), payload["m"], payload["M"]


def _archive(chunk: Chunk, content: bytes) -> Iterator[tuple]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile as e:
        raise _damaged(chunk, f"it is not a readable zip ({e})") from e
    with archive:
        entries = [e for e in archive.infolist() if not e.filename.endswith("/")]
        if len(entries) != 1:
            raise _damaged(chunk, f"it holds {len(entries)} files, not one CSV")
        previous = None
        with archive.open(entries[0]) as csv:
            for number, raw in enumerate(csv, start=1):
                line = raw.rstrip(b"\n").rstrip(b"\r").decode("ascii", errors="replace")
                if not line or (number == 1 and not _INTEGER.match(line.split(",")[0])):
                    continue  # a blank line, or a header some tools add
                try:
                    trade = _archive_line(line)
                except ValueError as e:
                    raise _damaged(chunk, f"line {number}: {e}") from e
                if previous is not None and trade[0] <= previous[0]:
                    if trade == previous:
                        continue  # the same line twice
                    raise _damaged(chunk, f"line {number}: trade id {trade[0]} does not follow {previous[0]}")
                previous = trade
                yield trade


def _archive_line(line: str) -> tuple:
    fields = line.split(",")
    if len(fields) != 7:
        raise ValueError("expected 7 comma-separated fields")
    if not fields[0].isdigit() or not fields[4].isdigit():
        raise ValueError("the trade id or the time is not an integer")
    flags = {"True": True, "true": True, "False": False, "false": False}
    if fields[5] not in flags or fields[6] not in flags:
        raise ValueError("isBuyerMaker or isBestMatch is not True/False")
    return (int(fields[0]), decimal8(fields[1], "price"), decimal8(fields[2], "qty"), decimal8(fields[3], "quoteQty"),
            micros(int(fields[4])), flags[fields[5]], flags[fields[6]])
