"""Per-URL state: transitions, the fetch decision, the wire format, and forgetting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from newsroom_fetcher.state import (
    Decision,
    StateStore,
    UrlState,
    decide,
    decode_state,
    encode_state,
)
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
