"""The quality gate: extraction and attribution measured on fixed material on every run.

The page sets are third-party benchmark halves copied with their licences into
tests/fixtures/benchmarks/; the attribution pages are made up for the project
(tests/fixtures/quality/). Each run is done once per test session and shared.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from newsroom_parser.extract import ExtractedPage, ExtractionError, decode_html, extract_page

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
BENCHMARKS = FIXTURES / "benchmarks"
MADE_UP = FIXTURES / "quality" / "articles"
FETCHED_AT = datetime(2024, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class PageRun:
    """One benchmark page: what the labels say and what the extraction core made of it."""

    label: dict[str, Any]
    page: ExtractedPage | None  # None when extraction refused the page


def _run(folder: Path, labels: dict[str, dict[str, Any]]) -> dict[str, PageRun]:
    runs = {}
    for key, label in sorted(labels.items()):
        data = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
        url = (label.get("url") or "").strip() or None
        try:
            page: ExtractedPage | None = extract_page(decode_html(data), url=url)
        except ExtractionError:
            page = None
        runs[key] = PageRun(label, page)
    return runs


@pytest.fixture(scope="session")
def body_runs() -> dict[str, PageRun]:
    folder = BENCHMARKS / "article-body"
    return _run(folder, json.loads((folder / "ground-truth.json").read_text("utf-8")))


@pytest.fixture(scope="session")
def metadata_runs() -> dict[str, PageRun]:
    folder = BENCHMARKS / "metadata"
    return _run(folder, json.loads((folder / "labels.json").read_text("utf-8")))
