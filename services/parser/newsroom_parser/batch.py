"""`newsroom parse` as a batch: inputs in, one JSON line per input out, in input order."""

from __future__ import annotations

import gzip
import json
import multiprocessing
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from newsroom_parser.worker import Outcome, init_worker, parse_message
from newsroom_shared.contracts import raw_page_for
from newsroom_shared.serialization import encode


def outcome_line(label: str, outcome: Outcome) -> str:
    if outcome.failed:
        error = {
            "error": outcome.reason,
            "error_class": outcome.error_class,
            "message": outcome.message,
            "input": label,
        }
        return json.dumps(error, ensure_ascii=False) + "\n"
    assert outcome.value is not None
    return outcome.value.decode("utf-8") + "\n"


def parse_all(
    inputs: Iterable[tuple[str, bytes]], workers: int, nlp: bool, time_budget: float
) -> Iterator[tuple[str, Outcome]]:
    if workers == 1:
        init_worker(nlp, time_budget)
        for label, value in inputs:
            yield label, parse_message(value)
        return
    with ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=init_worker,
        initargs=(nlp, time_budget),
    ) as pool:
        pending = list(inputs)
        labels = [label for label, _ in pending]
        results = pool.map(parse_message, [value for _, value in pending], chunksize=4)
        yield from zip(labels, results, strict=True)


def file_inputs(files: list[Path], url: str | None) -> Iterator[tuple[str, bytes]]:
    for path in files:
        try:
            data = path.read_bytes()
            if path.suffix == ".gz":
                data = gzip.decompress(data)
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            # An unreadable file still gets its line: an input that is not a RawPage.
            yield str(path), json.dumps({"unreadable": str(exc)}).encode()
            continue
        page_url = url or path.resolve().as_uri()
        fetched = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        raw = raw_page_for(page_url, data, source_id="file", fetched_at=fetched)
        yield str(path), encode(raw)


def stdin_inputs() -> Iterator[tuple[str, bytes]]:
    for number, line in enumerate(sys.stdin.buffer, start=1):
        if line.strip():
            yield f"stdin:{number}", line
