"""State survives a restart: no refetch of fresh pages, failures remembered, conditional GET;
the state of pages too old to be fetched again is forgotten for good."""

from __future__ import annotations

import asyncio

import pytest
from fetcher_helpers import dead_letters, fetcher_settings, raw_pages, read_topic, running
from fetcher_site import LoopbackSite

from newsroom_fetcher.sources import Source
from newsroom_fetcher.state import decode_state
from newsroom_shared.contracts import url_id
from newsroom_shared.settings import KafkaSettings
from newsroom_shared.topics import FETCH_STATE

pytestmark = [pytest.mark.integration, pytest.mark.timeout(90)]


async def test_restarted_fetcher_neither_refetches_nor_forgets(
    topics: KafkaSettings, site: LoopbackSite
) -> None:
    base = site.base
    # A restarted fetcher polls a source when it is due (interval after its last read): a
    # short interval, so that each run's first poll comes at once.
    feed = Source(
        id="gazette", type="feed", url=f"{base}/feed.rss", deny=["/video/"], poll_interval=0.5
    )
    inline = Source(id="inline", type="urls", urls=[f"{base}/news/gone", f"{base}/news/inline"])

    # First run: everything new is fetched.
    async with running(fetcher_settings(topics), [feed, inline]) as polls:
        await polls("gazette")
        await polls("inline")
    first_pages = await raw_pages(topics)
    first_letters = await dead_letters(topics)
    assert len(first_pages) == 5
    assert len(first_letters) == 5  # robots, pdf, too large, ssrf, 404 (feed and inline share it)

    # Second run, a new process as far as state goes: it reads the state topic back.
    requests_before = len(site.requests)
    async with running(fetcher_settings(topics), [feed, inline]) as polls:
        (feed_poll,) = await polls("gazette")
        (inline_poll,) = await polls("inline")
    new_requests = [r for r in site.requests[requests_before:] if r.path != "/robots.txt"]
    # The feed was asked for conditionally and was unchanged; no page was requested at all.
    assert [(r.path, r.if_none_match) for r in new_requests] == [("/feed.rss", '"feed-1"')]
    assert feed_poll.discovered == 0
    assert inline_poll.skipped == {"fresh": 1, "backing_off": 1}  # the 404 is remembered
    assert await raw_pages(topics) == first_pages
    assert len(await dead_letters(topics)) == len(first_letters)

    # Third run, revisits due and the feed changed: conditional GETs for known pages.
    site.feed_version = 2
    requests_before = len(site.requests)
    settings = fetcher_settings(topics, revisit_after_seconds=0.0)
    async with running(settings, [feed]) as polls:
        (feed_poll,) = await polls("gazette")
    assert feed_poll.outcomes == {"published": 1, "not_modified": 2, "unchanged": 2}
    assert feed_poll.skipped["backing_off"] == 5  # the failures of the first run
    new_requests = {r.path: r for r in site.requests[requests_before:]}
    assert new_requests["/news/etag-story"].if_none_match is not None
    assert new_requests["/news/modified-story"].if_modified_since is not None
    pages = await raw_pages(topics)
    assert set(pages) - set(first_pages) == {url_id(f"{base}/news/fresh-2")}


async def test_state_of_pages_too_old_to_fetch_again_is_forgotten_for_good(
    topics: KafkaSettings, site: LoopbackSite
) -> None:
    base = site.base
    feed = Source(
        id="gazette", type="feed", url=f"{base}/feed.rss", deny=["/video/"], poll_interval=0.5
    )
    inline = Source(id="inline", type="urls", urls=[f"{base}/news/inline"])
    async with running(fetcher_settings(topics), [feed, inline]) as polls:
        await polls("gazette")
        await polls("inline")
    states = {
        r.key.decode(): decode_state(r.value) for r in await read_topic(topics, FETCH_STATE.name)
    }
    dated = {key for key, state in states.items() if state.published_at is not None}
    undated = set(states) - dated
    assert dated and url_id(f"{base}/news/inline") in undated  # feed items carry their date
    pages_before = await raw_pages(topics)

    # The feed dates its items an hour ago. Cut-offs of 30 minutes: those pages can never be
    # fetched again, so their state goes when the service starts; undated URLs stay.
    # The feed changes too, so its items are read again, and found too old.
    site.feed_version = 2
    short = fetcher_settings(topics, max_item_age_hours=0.5, state_retention_days=0.01)
    async with running(short, [feed, inline]) as polls:
        (feed_poll,) = await polls("gazette")
        await polls("inline")
        state = polls.service.fetch_state
        for _ in range(100):  # forgetting runs beside the polls: give it a moment
            if not dated & state.keys():
                break
            await asyncio.sleep(0.1)
        assert not dated & state.keys()
        assert undated <= state.keys()
    assert feed_poll.skipped["too_old"] >= 1
    # Only the feed's new story was fetched; raw_pages fails on a page published twice.
    new_pages = set(await raw_pages(topics)) - set(pages_before)
    assert new_pages == {url_id(f"{base}/news/fresh-2")}

    # Tombstones, not just memory: a normal restart does not read the old states back.
    async with running(fetcher_settings(topics), [inline]) as polls:
        await polls("inline")
        known = polls.service.fetch_state.keys()
    assert not known & dated and undated <= known


async def test_a_restarted_fetcher_polls_a_source_when_it_is_due_not_at_once(
    topics: KafkaSettings, site: LoopbackSite
) -> None:
    feed = Source(id="gazette", type="feed", url=f"{site.base}/feed.rss", poll_interval=8.0)
    async with running(fetcher_settings(topics), [feed]) as polls:
        await polls("gazette")
    read = [r.at for r in site.requests if r.path == "/feed.rss"]
    async with running(fetcher_settings(topics), [feed]) as polls:
        await polls("gazette")
    again = [r.at for r in site.requests if r.path == "/feed.rss"][len(read) :]
    # The schedule survives a restart (or a source moving to another discovery instance):
    # sites are not all polled at once whenever the service starts.
    assert again[0] - read[-1] >= 8.0 - 0.5
