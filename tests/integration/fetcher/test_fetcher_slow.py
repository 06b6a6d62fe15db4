"""A server that trickles a page: cut early, dead-lettered once, and no stall for the other
sources on its host."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from doc_site import Doc, DocSite
from fetcher_helpers import dead_letters, fetcher_settings, raw_pages, running
from fetcher_site import page_html

from newsroom_fetcher.discovery.sources import RateLimit, Source
from newsroom_shared.settings import KafkaSettings

pytestmark = [pytest.mark.integration, pytest.mark.timeout(90)]


@pytest.fixture
async def docs() -> AsyncIterator[DocSite]:
    site = DocSite()
    await site.start()
    yield site
    await site.stop()


async def test_a_trickling_page_gives_up_its_host_slot_early(
    topics: KafkaSettings, docs: DocSite
) -> None:
    base = docs.base
    lists = base.replace("127.0.0.1", "localhost")  # the lists come from another host
    one_slot = RateLimit(min_delay=0, concurrency=1)  # the drip would hold the only slot
    docs.docs = {
        # About 20 bytes a second: the read timeout never fires.
        "/drip": Doc(page_html("Drip"), content_type="text/html", drip_seconds=0.05),
        **{
            f"/list-{s}.txt": Doc(
                "".join(f"{base}/news/{s}-{n}\n" for n in range(2)),
                content_type="text/plain",
                delay_seconds=0.5,  # so their pages queue behind the drip
            )
            for s in "abc"
        },
    }
    sources = [
        Source(id="drip", type="urls", urls=[f"{base}/drip"], rate_limit=one_slot),
        *(
            Source(id=s, type="urls", url=f"{lists}/list-{s}.txt", rate_limit=one_slot)
            for s in "abc"
        ),
    ]
    settings = fetcher_settings(
        topics,
        total_timeout_seconds=8.0,
        read_timeout_seconds=1.0,
        min_body_rate_bytes_per_second=200.0,
        slow_body_grace_seconds=1.5,
        max_retries=2,
    )
    async with running(settings, sources) as polls:
        reports = {s: (await polls(s))[0] for s in ("a", "b", "c", "drip")}

    for s in "abc":
        assert reports[s].outcomes == {"published": 2}, s
    assert reports["drip"].outcomes == {"failed": 1}
    (drip,) = [h for h in docs.hits if h.path == "/drip"]  # one attempt, no retry
    # Cut after the grace period plus a little, not at the 8 s total timeout.
    (ended,) = docs.drips_ended
    assert ended - drip.at < 3.0
    # The other sources' pages waited for the slot no longer than that.
    pages = [h.at for h in docs.hits if h.path.startswith("/news/")]
    assert len(pages) == 6 and max(pages) - drip.at < 3.0

    ((_, letter),) = await dead_letters(topics)
    assert letter.reason == "too_slow" and letter.url == f"{base}/drip"
    assert letter.attempts == 1 and letter.source_id == "drip"
    assert 0 < int(letter.details["received"] or 0) < len(page_html("Drip"))
    assert len(await raw_pages(topics)) == 6
