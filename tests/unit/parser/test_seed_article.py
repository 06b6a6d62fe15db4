"""The seed page through the whole parser core: every editor expectation of the expected file."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import pytest

from newsroom_parser.nlp import NlpAnalyzer
from newsroom_parser.parse import parse_raw_page
from newsroom_shared.contracts import Article, raw_page_for, url_id

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "seed"
EXPECTED = json.loads((SEED / "rollcall-2018-08-06.expected.json").read_text())


@cache
def seed_article() -> Article:
    body = (SEED / "rollcall-2018-08-06.html").read_bytes()
    url = EXPECTED["url"]
    raw = raw_page_for(
        url,
        body,
        source_id="rollcall",
        charset="utf-8",
        fetched_at=datetime(2024, 5, 24, 12, 0, tzinfo=UTC),
    )
    return parse_raw_page(raw, NlpAnalyzer())


def test_metadata() -> None:
    article = seed_article()
    assert article.canonical_url == EXPECTED["url"]
    assert article.id == url_id(EXPECTED["url"])
    assert article.title == EXPECTED["title"]
    assert article.subtitle == EXPECTED["subtitle"]
    assert article.site_name == EXPECTED["site_name"]
    assert article.section == EXPECTED["section"]
    assert article.language == EXPECTED["language"]
    assert article.tags == EXPECTED["tags"]
    assert article.published_at is not None
    assert article.published_at.date().isoformat() == EXPECTED["published"]
    assert article.published_at.tzinfo is not None
    lead = article.images[0]
    assert lead.caption == EXPECTED["image"]["caption"]
    assert lead.credit == EXPECTED["image"]["credit"]


def test_body() -> None:
    article = seed_article()
    expected = EXPECTED["body"]
    assert len(article.paragraphs) == expected["paragraphs"]
    assert article.body == "\n\n".join(article.paragraphs)
    assert article.body.startswith(expected["starts_with"])
    assert article.body.endswith(expected["ends_with"])
    for banned in expected["must_not_contain"]:
        assert banned not in article.body, banned
    assert article.word_count == len(article.body.split())


def test_entities() -> None:
    entities = {(e.name, e.type): e for e in seed_article().entities}
    for want in EXPECTED["entities"]["must"]:
        found = entities.get((want["name"], want["type"]))
        assert found is not None, f"missing {want['name']} ({want['type']})"
        assert found.mentions >= want.get("min_mentions", 1), (found.name, found.mentions)
    names = {e.name for e in seed_article().entities}
    for banned in EXPECTED["entities"]["must_not_names"]:
        assert banned not in names, banned


def test_every_quote_with_its_speaker() -> None:
    article = seed_article()
    by_text = {q.text: q for q in article.quotes}
    entity_ids = {e.id: e.name for e in article.entities}
    for want in EXPECTED["quotes"]:
        quote = by_text.get(want["text"])
        assert quote is not None, f"missing quote {want['text'][:40]!r}"
        assert quote.speaker.name == want["speaker"], want["text"][:40]
        assert quote.speaker.entity_id is not None
        assert entity_ids[quote.speaker.entity_id] == want["speaker"]
        assert quote.cue
        assert quote.paragraph is not None
        assert want["text"] in article.paragraphs[quote.paragraph]


@pytest.mark.parametrize("banned", EXPECTED["entities"]["must_not_names"])
def test_no_quote_is_attributed_to_a_non_canonical_name(banned: str) -> None:
    assert all(q.speaker.name != banned for q in seed_article().quotes)
