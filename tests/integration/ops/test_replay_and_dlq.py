"""Replay re-parses raw pages without refetching; dead letters are listed and re-driven."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsroom_ops import redrive
from newsroom_ops.dlq import LetterFilter, read_letters
from newsroom_parser.replay import StartAt, replay
from newsroom_parser.settings import ParserSettings
from newsroom_shared.contracts import Article, RawPage, raw_page_for
from newsroom_shared.kafka import make_producer
from newsroom_shared.serialization import decode, encode, headers_for
from newsroom_shared.settings import KafkaSettings
from newsroom_shared.topic_reader import read_to_end
from newsroom_shared.topics import ARTICLES, RAW_PAGES

pytestmark = pytest.mark.integration

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "seed" / "rollcall-2018-08-06.html"


def page(url: str, body: bytes, fetched_at: datetime) -> RawPage:
    return raw_page_for(url, body, source_id="test", fetched_at=fetched_at)


async def send(settings: KafkaSettings, pages: list[RawPage]) -> None:
    producer = make_producer(settings, max_request_size=RAW_PAGES.max_message_bytes)
    await producer.start()
    try:
        for p in pages:
            await producer.send_and_wait(
                settings.topic(RAW_PAGES.name),
                encode(p),
                key=p.page_id.encode(),
                headers=headers_for(p),
            )
    finally:
        await producer.stop()


async def topic_values(settings: KafkaSettings, name: str) -> list[bytes]:
    return [r.value async for r in read_to_end(settings, settings.topic(name))]


async def test_replay_resumes_and_dead_letters_can_be_redriven(
    topics: KafkaSettings, dead_letter_key: bytes
) -> None:
    now = datetime.now(UTC)
    seed = SEED.read_bytes()
    # Seed-based pages under other URLs: the page's canonical link is rollcall.com, so keep
    # them on that site to get three distinct ids.
    good = [page(f"https://rollcall.com/replay/{i}", seed, now) for i in range(2)]
    bad = page("https://rollcall.com/replay/empty", b"", now)
    await send(topics, [good[0], bad, good[1]])
    settings = ParserSettings(
        kafka=topics, workers=1, nlp=False, group_id=f"{topics.topic_prefix}p"
    )

    first = await replay(settings, StartAt.parse("beginning"), name="one")
    assert (first.total, first.done, first.articles, first.dead_letters) == (3, 3, 2, 1)
    articles = [decode(Article, v) for v in await topic_values(topics, ARTICLES.name)]
    assert len(articles) == 2
    # Re-derived articles keep the fetch time as their version: they replace, not append.
    assert {a.version for a in articles} == {int(now.timestamp() * 1000)}

    again = await replay(settings, StartAt.parse("beginning"), name="one")
    assert again.done == 0, "a replay with the same name resumes where it stopped"

    later = page("https://rollcall.com/replay/later", seed, now + timedelta(minutes=5))
    await send(topics, [later])
    from_time = await replay(
        settings, StartAt(time=datetime.now(UTC) - timedelta(seconds=2)), "two"
    )
    assert from_time.done == 1 and from_time.articles == 1

    letters = await read_letters(topics, LetterFilter(reason="empty_page"))
    assert len(letters) == 1 and letters[0].letter.url == bad.final_url

    async def copies_of_bad() -> int:
        values = await topic_values(topics, RAW_PAGES.name)
        return sum(decode(RawPage, v) == bad for v in values)

    planned = await redrive.plan(topics, letters, [dead_letter_key])
    assert [r.action for r in planned] == ["send"]
    assert await copies_of_bad() == 1
    assert await redrive.send(topics, planned) == 1
    assert await copies_of_bad() == 2
