"""`newsroom parse` as a batch: inputs in, one JSON line per input out, in input order.

Pages go through the service's own `ParserPool` (the same worker code, time budget and crash
recovery), so the command line and the service turn a page into the same Article.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import sys
from collections import deque
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from newsroom_parser.pool import ParserPool
from newsroom_parser.worker import Outcome
from newsroom_shared.contracts import raw_page_for
from newsroom_shared.serialization import encode


@dataclass(frozen=True)
class Unreadable:
    """An input file that could not be read: its line says so, and the command fails."""

    label: str
    error: str


def outcome_line(label: str, outcome: Outcome | Unreadable) -> str:
    if isinstance(outcome, Unreadable):
        unreadable = {"error": "unreadable_input", "message": outcome.error, "input": label}
        return json.dumps(unreadable, ensure_ascii=False) + "\n"
    if outcome.failed:
        error: dict[str, str | None] = {
            "error": outcome.reason,
            "error_class": outcome.error_class,
            "message": outcome.message,
            "input": label,
        }
        return json.dumps(error, ensure_ascii=False) + "\n"
    assert outcome.value is not None
    return outcome.value.decode("utf-8") + "\n"


async def parse_all(
    inputs: Iterable[tuple[str, bytes | Unreadable]], workers: int, nlp: bool, time_budget: float
) -> AsyncIterator[tuple[str, Outcome | Unreadable]]:
    """Results in input order; up to a few pages per worker in flight."""
    pool = ParserPool(workers, nlp, time_budget)
    window = workers * 4
    pending: deque[tuple[str, asyncio.Future[Outcome | Unreadable]]] = deque()
    try:
        for label, value in inputs:
            pending.append((label, asyncio.ensure_future(_parse(pool, value))))
            if len(pending) >= window:
                label, future = pending.popleft()
                yield label, await future
        while pending:
            label, future = pending.popleft()
            yield label, await future
    finally:
        for _, future in pending:
            future.cancel()
        pool.close()


async def _parse(pool: ParserPool, value: bytes | Unreadable) -> Outcome | Unreadable:
    if isinstance(value, Unreadable):
        return value
    return await pool.parse(value)


def file_inputs(files: list[Path], url: str | None) -> Iterator[tuple[str, bytes | Unreadable]]:
    for path in files:
        try:
            data = path.read_bytes()
            if path.suffix == ".gz":
                data = gzip.decompress(data)
            fetched = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            yield str(path), Unreadable(str(path), f"{path}: {_reason(exc)}")
            continue
        page_url = url or path.resolve().as_uri()
        raw = raw_page_for(page_url, data, source_id="file", fetched_at=fetched)
        yield str(path), encode(raw)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def stdin_inputs() -> Iterator[tuple[str, bytes | Unreadable]]:
    for number, line in enumerate(sys.stdin.buffer, start=1):
        if line.strip():
            yield f"stdin:{number}", line
