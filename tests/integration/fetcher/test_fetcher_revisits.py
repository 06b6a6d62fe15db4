"""Scheduled revisits: a fetched page is fetched again on a schedule, whether or not a source
still lists it, so an edit after publication is seen; then it is left alone."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
from doc_site import Doc, DocSite
from fetcher_helpers import fetcher_settings, read_topic, running
from fetcher_site import page_html

from newsroom_fetcher.sources import Source
from newsroom_shared.contracts import RawPage
from newsroom_shared.serialization import decode
from newsroom_shared.settings import KafkaSettings
from newsroom_shared.topics import RAW_PAGES

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]


@pytest.fixture
async def docs() -> AsyncIterator[DocSite]:
    site = DocSite()
    await site.start()
    yield site
    await site.stop()


def page(title: str, etag: str) -> Doc:
    return Doc(page_html(title), content_type="text/html", etag=etag)


async def test_a_page_is_revisited_on_schedule_and_an_edit_is_published(
    topics: KafkaSettings, docs: DocSite
) -> None:
    docs.docs["/news/council"] = page("Council meets on Tuesday", '"v1"')
    # Listed once: the source is not polled again during the test.
    source = Source(id="desk", type="urls", urls=[f"{docs.base}/news/council"], poll_interval=3600)
    settings = fetcher_settings(
        topics, revisit_schedule_seconds=[1.0, 2.5], revisit_check_seconds=0.1
    )
    async with running(settings, [source]) as polls:
        (poll,) = await polls("desk")
        assert poll.outcomes == {"published": 1}
        docs.docs["/news/council"] = page("Council meeting moved to Wednesday", '"v2"')
        deadline = time.monotonic() + 30
        while docs.count("/news/council") < 3:
            assert time.monotonic() < deadline, docs.paths()
            await asyncio.sleep(0.1)
        await asyncio.sleep(2.0)  # the schedule has two steps: nothing more comes

    hits = [h for h in docs.hits if h.path == "/news/council"]
    assert len(hits) == 3
    assert [h.if_none_match for h in hits] == [None, '"v1"', '"v2"']  # revisits are conditional
    assert hits[1].at - hits[0].at >= 1.0 - 0.1
    assert hits[2].at - hits[0].at >= 2.5 - 0.1
    versions = [decode(RawPage, r.value) for r in await read_topic(topics, RAW_PAGES.name)]
    # The edit is published; the second revisit found the page unchanged (a 304).
    assert [b"Wednesday" in v.body for v in versions] == [False, True]
    assert versions[1].fetched_at > versions[0].fetched_at
