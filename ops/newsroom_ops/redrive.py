"""Re-driving dead letters: what to send where, decided from this stack's configuration and
checked against the contracts, never taken from the letter.

A letter says which stage failed; the stage's own input topic under the configured prefix
comes from the topic registry. The payload (or, when the letter carries only part of it, the
record at the letter's offset in that topic) must be a valid event of the topic's contract,
with a time no fetch could be ahead of, and it is sent under the key the contract gives it.
Letters whose signature does not check out are refused (docs/security.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from newsroom_ops.dlq import StoredLetter
from newsroom_shared.contracts import Article, DeadLetter, RawPage, version_ahead_of_clock
from newsroom_shared.dead_letters import signature_problem
from newsroom_shared.kafka import make_producer
from newsroom_shared.serialization import DecodeError, Headers, decode, encode, headers_for
from newsroom_shared.settings import KafkaSettings
from newsroom_shared.topic_reader import read_one
from newsroom_shared.topics import ARTICLES, RAW_PAGE_MAX_MESSAGE_BYTES, RAW_PAGES, TopicSpec

# The topic each stage consumes: where its failed inputs go back to.
STAGE_INPUT: dict[str, TopicSpec] = {"parse": RAW_PAGES, "index": ARTICLES, "cluster": ARTICLES}

Action = Literal["send", "refetch", "refused"]


@dataclass(frozen=True)
class Outgoing:
    """One record exactly as it will be produced."""

    topic: str
    key: str
    value: bytes
    headers: Headers
    summary: str


@dataclass(frozen=True)
class Redrive:
    letter: StoredLetter
    action: Action
    detail: str  # refused: why; refetch: the URL; send: where and what
    outgoing: Outgoing | None = None


class Refused(Exception):
    """A letter that is not re-driven; the message says why, in one line."""


async def plan(
    settings: KafkaSettings,
    letters: Sequence[StoredLetter],
    keys: Sequence[bytes],
    accept_unsigned: bool = False,
    now: datetime | None = None,
) -> list[Redrive]:
    """What re-driving each letter means; sends nothing."""
    now = now or datetime.now(UTC)
    planned = []
    for stored in letters:
        try:
            planned.append(await _plan_one(settings, stored, keys, accept_unsigned, now))
        except Refused as exc:
            planned.append(Redrive(stored, "refused", str(exc)))
    return planned


async def _plan_one(
    settings: KafkaSettings,
    stored: StoredLetter,
    keys: Sequence[bytes],
    accept_unsigned: bool,
    now: datetime,
) -> Redrive:
    letter = stored.letter
    problem = signature_problem(letter, keys)
    if problem and not (accept_unsigned and letter.signature is None):
        raise Refused(problem)
    if letter.stage == "fetch":
        if not letter.url:
            raise Refused("no URL recorded to fetch again")
        return Redrive(stored, "refetch", letter.url)
    spec = STAGE_INPUT[letter.stage]
    topic = settings.topic(spec.name)
    value = await _input_of(settings, letter, topic)
    event = _validated(spec, value, now)
    key = event.page_id if isinstance(event, RawPage) else event.id
    outgoing = Outgoing(topic, key, encode(event), headers_for(event), summary(event))
    return Redrive(stored, "send", f"to {topic} key={key}: {outgoing.summary}", outgoing)


async def _input_of(settings: KafkaSettings, letter: DeadLetter, topic: str) -> bytes:
    """The failed input: the letter's payload, or the record it was read from when the
    letter carries only its start."""
    origin = letter.origin
    if origin is None:
        raise Refused("no origin recorded")
    if origin.topic != topic:
        # Signed or not, a letter from another stack's topics is not this stack's to re-drive.
        raise Refused(f"its input was read from {origin.topic}, not this stack's {topic}")
    if letter.payload is not None and not letter.payload_truncated:
        return letter.payload
    record = await read_one(settings, topic, origin.partition, origin.offset)
    if record is None or record.value is None:
        raise Refused(f"the input is no longer in {topic} at {origin.partition}:{origin.offset}")
    if letter.payload is not None and not record.value.startswith(letter.payload):
        raise Refused(
            f"the record at {topic} {origin.partition}:{origin.offset} is not the one the "
            "letter was made from"
        )
    return record.value


def _validated(spec: TopicSpec, value: bytes, now: datetime) -> RawPage | Article:
    contract: type[RawPage] | type[Article] = RawPage if spec is RAW_PAGES else Article
    try:
        event = decode(contract, value)
    except DecodeError as exc:
        raise Refused(f"the payload is {_first_line(str(exc))}") from exc
    # A raw page's fetch time becomes its article's version: both are bounded by the clock.
    if isinstance(event, Article):
        ahead = version_ahead_of_clock(event.version, now)
    elif version_ahead_of_clock(_ms(event.fetched_at), now):
        ahead = f"fetched_at {event.fetched_at.isoformat()} is ahead of the clock"
    else:
        ahead = None
    if ahead:
        raise Refused(ahead)
    return event


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def _first_line(text: str, limit: int = 240) -> str:
    line = text.splitlines()[0] if text else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


def summary(event: RawPage | Article) -> str:
    """What a person checks before sending: which page or article, and which version."""
    if isinstance(event, RawPage):
        kind = event.content_type or "of unknown type"
        return (
            f"RawPage {event.final_url} ({event.status_code}, {len(event.body)} bytes {kind}, "
            f"fetched {event.fetched_at:%Y-%m-%d %H:%M:%S})"
        )
    title = event.title if event.title is None else _first_line(event.title, 80)
    version_time = datetime.fromtimestamp(event.version / 1000, UTC)
    return (
        f"Article {event.url} title={title!r} version {event.version} "
        f"({version_time:%Y-%m-%d %H:%M:%S})"
    )


async def refetch(planned: Sequence[Redrive]) -> list[tuple[str, str]]:
    """Fetch the pages of fetch letters again, as `newsroom fetch` does, each under the source
    its letter names; returns (URL, outcome) pairs."""
    from newsroom_fetcher.cli import fetch_once
    from newsroom_fetcher.settings import FetcherSettings

    by_source: dict[str, list[str]] = {}
    for r in planned:
        if r.action == "refetch":
            by_source.setdefault(r.letter.letter.source_id or "manual", []).append(r.detail)
    settings = FetcherSettings()
    results: list[tuple[str, str]] = []
    for source_id, urls in by_source.items():
        results += await fetch_once(settings, urls, source_id)
    return results


async def send(settings: KafkaSettings, planned: Sequence[Redrive]) -> int:
    """Produce every planned record and wait for each acknowledgement; returns how many."""
    outgoing = [r.outgoing for r in planned if r.action == "send" and r.outgoing is not None]
    if not outgoing:
        return 0
    producer = make_producer(settings, max_request_size=RAW_PAGE_MAX_MESSAGE_BYTES)
    try:
        await producer.start()  # refused without write access: stopped all the same
        for record in outgoing:
            await producer.send_and_wait(
                record.topic, record.value, key=record.key.encode(), headers=record.headers
            )
    finally:
        await producer.stop()
    return len(outgoing)
