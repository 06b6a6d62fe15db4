"""Per-URL state: transitions, the fetch decision, the wire format, and forgetting."""

from __future__ import annotations

import gc
import tracemalloc
from datetime import UTC, datetime, timedelta

import pytest

from newsroom_fetcher.state import (
    Decision,
    RevisitSchedule,
    StateStore,
    UrlState,
    decide,
    decode_state,
    encode_state,
)
from newsroom_shared.contracts import FeedItem
from newsroom_shared.runtime.publisher import Message

T0 = datetime(2024, 5, 1, 12, tzinfo=UTC)
HOUR = timedelta(hours=1)


def decision(state: UrlState | None, now: datetime) -> Decision:
    return decide(state, now, revisit_after=6 * HOUR, failure_backoff=HOUR, max_failures=3)


def test_success_records_validators_and_clears_failures() -> None:
    failed = UrlState(url="u").failed(T0, "timeout")
    ok = failed.succeeded(T0 + HOUR, 200, '"e1"', "Wed, 01 May 2024", "sha256:a")
    assert (ok.etag, ok.last_modified, ok.content_hash) == ('"e1"', "Wed, 01 May 2024", "sha256:a")
    assert ok.failures == 0 and ok.failure_reason is None and ok.fetched_at == T0 + HOUR
    assert ok.validators() == {"If-None-Match": '"e1"', "If-Modified-Since": "Wed, 01 May 2024"}


def test_not_modified_keeps_what_it_confirmed() -> None:
    ok = UrlState(url="u").succeeded(T0, 200, '"e1"', None, "sha256:a")
    confirmed = ok.succeeded(T0 + HOUR, 304, None, None, None)
    assert (confirmed.etag, confirmed.content_hash, confirmed.status) == ('"e1"', "sha256:a", 304)


def test_a_new_200_without_validators_drops_old_ones() -> None:
    ok = UrlState(url="u").succeeded(T0, 200, '"e1"', "x", "sha256:a")
    changed = ok.succeeded(T0 + HOUR, 200, None, None, "sha256:b")
    assert changed.validators() == {}


def test_decide() -> None:
    assert decision(None, T0) is Decision.FETCH
    fetched = UrlState(url="u").succeeded(T0, 200, None, None, "sha256:a")
    assert decision(fetched, T0 + 5 * HOUR) is Decision.FRESH
    assert decision(fetched, T0 + 6 * HOUR) is Decision.FETCH
    once = fetched.failed(T0, "timeout")
    assert decision(once, T0 + 0.5 * HOUR) is Decision.BACKING_OFF
    assert decision(once, T0 + HOUR) is Decision.FETCH
    twice = once.failed(T0, "timeout")
    assert decision(twice, T0 + 1.5 * HOUR) is Decision.BACKING_OFF  # the wait doubles
    assert decision(twice, T0 + 2 * HOUR) is Decision.FETCH
    assert decision(twice.failed(T0, "timeout"), T0 + 1000 * HOUR) is Decision.GAVE_UP


def test_wire_format_round_trip() -> None:
    state = UrlState(url="https://e.com/a").succeeded(T0, 200, '"e"', None, "sha256:a")
    assert decode_state(encode_state(state)) == state


def test_unknown_fields_are_ignored() -> None:
    assert decode_state(b'{"url": "u", "future_field": 1}') == UrlState(url="u")


def test_bad_records_raise_value_error() -> None:
    with pytest.raises(ValueError):
        decode_state(b"{not json")


def test_the_listing_date_travels_with_every_later_state() -> None:
    state = UrlState(url="u").listed(T0)
    assert state.failed(T0 + HOUR, "timeout").published_at == T0
    assert state.succeeded(T0 + HOUR, 200, None, None, "sha256:a").published_at == T0
    assert state.listed(T0) is state
    assert state.listed(None).published_at is None  # now listed undated: kept for good
    assert decode_state(encode_state(state)) == state


class RecordingPublisher:
    """Stands in for the runtime's publisher: what StateStore sends, in order."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, bytes | None, bytes | None]] = []
        self.partitions: list[int | None] = []

    async def publish(self, messages: list[Message]) -> None:
        for message in messages:
            self.sent.append((message.topic, message.value, message.key))
            self.partitions.append(message.partition)


class ForgetfulPublisher:
    """Acknowledges everything and keeps nothing (for measuring the store alone)."""

    async def publish(self, messages: list[Message]) -> None:
        pass


def by_path_length(key: str, state: UrlState) -> int:
    return len(state.url) % 3


async def test_only_pages_dated_before_the_cutoff_are_forgotten() -> None:
    producer = RecordingPublisher()
    store = StateStore(producer, "state", by_path_length)  # type: ignore[arg-type]
    await store.put("old", UrlState(url="https://x.example/old").listed(T0 - 40 * 24 * HOUR))
    await store.put("recent", UrlState(url="https://x.example/recent").listed(T0 - HOUR))
    await store.put("undated", UrlState(url="https://x.example/list"))
    assert await store.forget_published_before(T0 - 30 * 24 * HOUR) == 1
    assert producer.sent[-1] == ("state", None, b"old")  # a tombstone
    assert store.get("old") is None and len(store) == 2
    assert await store.forget_published_before(T0 - 30 * 24 * HOUR) == 0
    assert await store.forget_published_before(T0 + 1000 * 24 * HOUR) == 1  # "recent" in time
    assert store.get("undated") is not None


async def test_records_are_placed_where_their_owner_reads_and_forgotten_there() -> None:
    publisher = RecordingPublisher()
    store = StateStore(publisher, "state", by_path_length)  # type: ignore[arg-type]
    await store.put("a", UrlState(url="https://x.example/a").listed(T0 - 40 * 24 * HOUR))
    await store.put("b", UrlState(url="https://x.example/bb"), partition=2)
    assert publisher.partitions == [len("https://x.example/a") % 3, 2]
    assert store.release({2}) == 1 and store.get("b") is None and store.get("a") is not None
    await store.forget_published_before(T0)
    assert publisher.partitions[-1] == len("https://x.example/a") % 3  # the tombstone beside it


def _typical(i: int) -> UrlState:
    """A page as a news sitemap lists it, fetched once, its revisits still to come."""
    url = f"https://news{i % 50}.example/2024/05/01/council-votes-on-item-{i}"
    listing = FeedItem(
        feed_url=f"https://news{i % 50}.example/sitemap-news.xml",
        title=f"Council votes on the harbour plan, item {i}",
        published_at=T0,
        language="en",
    )
    state = UrlState(url=url, source_id=f"news{i % 50}", feed=listing).listed(T0)
    return state.succeeded(T0, 200, f'"{i:012x}"', "Wed, 01 May 2024", f"sha256:{i:064x}")


async def test_a_url_state_costs_well_under_a_kilobyte_of_memory() -> None:
    # A fetch worker holds the state of every URL of its hosts within the retention (millions
    # at news scale): held as validated models they took about 4 KB per URL.
    store = StateStore(ForgetfulPublisher(), "state", by_path_length)  # type: ignore[arg-type]
    count = 5000
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for i in range(count):
            await store.put(f"{i:032x}", _typical(i))
        gc.collect()
        per_url = (tracemalloc.get_traced_memory()[0] - before) / count
    finally:
        tracemalloc.stop()
    assert per_url < 700, f"{per_url:.0f} bytes per URL"
    assert all(store.get(f"{i:032x}") == _typical(i) for i in range(0, count, 97))


def test_revisits_come_due_by_the_schedule_once_each() -> None:
    schedule = RevisitSchedule([3600.0, 86400.0])
    state = _typical(1)  # first fetched at T0, no revisit done
    schedule.track("k", state)
    assert schedule.due(T0 + 0.5 * HOUR, {"k": state}.get) == []
    assert schedule.due(T0 + HOUR, {"k": state}.get) == [("k", state, 0)]
    assert schedule.due(T0 + 2 * HOUR, {"k": state}.get) == []  # sent, not done yet
    done = state.revisited(0)
    schedule.track("k", done)
    assert schedule.due(T0 + 2 * HOUR, {"k": done}.get) == []
    assert schedule.due(T0 + 24 * HOUR, {"k": done}.get) == [("k", done, 1)]
    last = done.revisited(1)
    schedule.track("k", last)  # the schedule is over: nothing more, nothing kept
    assert schedule.due(T0 + 1000 * HOUR, {"k": last}.get) == [] and len(schedule) == 0


def test_a_revisit_of_a_forgotten_or_moved_url_is_not_sent() -> None:
    schedule = RevisitSchedule([3600.0])
    schedule.track("gone", _typical(1))
    schedule.track("released", _typical(2))
    schedule.forget("released")
    assert schedule.due(T0 + 2 * HOUR, {}.get) == []
    assert len(schedule) == 0
    unsourced = UrlState(url="https://x.example/list").succeeded(T0, 200, None, None, None)
    schedule.track("list", unsourced)  # no source to fetch it as: never revisited
    assert len(schedule) == 0
