"""The sample site's article that is edited in place, as served in each of its versions:
first, a noise-only re-render, and the edit (headline rewritten, a paragraph added, a quote
removed). Shared by the unit and integration tests of revisions."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

import httpx

from newsroom_ops.demo.sample_site import SampleSite, load_manifest
from newsroom_shared.contracts import RawPage, raw_page_for

EDITED: dict[str, Any] = next(a for a in load_manifest()["articles"] if "edits" in a)
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


def edited_raw_pages(first_fetch: datetime, apart: timedelta) -> dict[str, RawPage]:
    """The versions as raw pages, fetched `apart` from each other (outside an event loop)."""
    return _raw_pages(asyncio.run(_serve()), first_fetch, apart)


async def served_raw_pages(first_fetch: datetime, apart: timedelta) -> dict[str, RawPage]:
    """The same, inside an event loop."""
    return _raw_pages(await _serve(), first_fetch, apart)


def _raw_pages(
    served: dict[str, tuple[str, bytes]], first_fetch: datetime, apart: timedelta
) -> dict[str, RawPage]:
    return {
        name: raw_page_for(url, body, source_id="everett-rss", fetched_at=first_fetch + apart * n)
        for n, (name, (url, body)) in enumerate(served.items())
    }
