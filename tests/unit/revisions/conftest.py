"""The sample site's article edited in place, as served and parsed: first version, a noise-only
re-render, and an edit (headline rewritten, a paragraph added, a quote removed)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from newsroom_parser.nlp import NlpAnalyzer
from newsroom_parser.parse import parse_raw_page
from newsroom_shared.contracts import Article, RawPage
from tests.edited_pages import EDITED, edited_raw_pages

FIRST_FETCH = datetime(2024, 4, 10, 6, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def edited_pages() -> dict[str, RawPage]:
    """The three versions as raw pages, fetched an hour apart."""
    return edited_raw_pages(FIRST_FETCH, timedelta(hours=1))


@pytest.fixture(scope="session")
def edited_articles(edited_pages: dict[str, RawPage]) -> dict[str, Article]:
    analyzer = NlpAnalyzer()
    return {name: parse_raw_page(raw, analyzer) for name, raw in edited_pages.items()}


@pytest.fixture(scope="session")
def edited() -> dict[str, Any]:
    return EDITED
