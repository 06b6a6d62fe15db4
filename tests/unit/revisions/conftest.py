"""The sample site's article edited in place, as served and parsed: first version, a noise-only
re-render, and an edit (headline rewritten, a paragraph added, a quote removed)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from newsroom_ops.demo.sample_site import SampleSite, load_manifest
from newsroom_parser.nlp import NlpAnalyzer
from newsroom_parser.pipeline import parse_raw_page
from newsroom_shared.contracts import Article, RawPage, raw_page_for

MANIFEST = load_manifest()
EDITED = next(a for a in MANIFEST["articles"] if "edits" in a)
FIRST_FETCH = datetime(2024, 4, 10, 6, 0, tzinfo=UTC)
VERSIONS = ("first", "noise", "edit")


async def _serve() -> dict[str, tuple[str, bytes]]:
    pages = {}
    async with SampleSite() as site, httpx.AsyncClient() as http:
        for name in VERSIONS:
            if name != "first":
                site.update_article(EDITED["slug"], name)
            response = await http.get(site.url(EDITED["path"]))
            assert response.status_code == 200
            pages[name] = (str(response.url), response.content)
    return pages


@pytest.fixture(scope="session")
def edited_pages() -> dict[str, RawPage]:
    """The three versions as raw pages, fetched an hour apart."""
    served = asyncio.run(_serve())
    return {
        name: raw_page_for(
            url, body, source_id="everett-rss", fetched_at=FIRST_FETCH + timedelta(hours=n)
        )
        for n, (name, (url, body)) in enumerate(served.items())
    }


@pytest.fixture(scope="session")
def edited_articles(edited_pages: dict[str, RawPage]) -> dict[str, Article]:
    analyzer = NlpAnalyzer()
    return {name: parse_raw_page(raw, analyzer) for name, raw in edited_pages.items()}


@pytest.fixture(scope="session")
def edited() -> dict[str, Any]:
    return EDITED
