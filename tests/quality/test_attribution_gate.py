"""Quotes, speakers and entities on pages written for the project, chrome and all.

Every page (tests/fixtures/quality/articles/, and the seed page) puts names around the
article: navigation, trending lists, teasers of related articles, comments, promos. None
of them may become a speaker or an entity. Floors sit a little under what was reached when
they were pinned: every quote found with its speaker (27 of 27), 30 of 33 entities named
and typed as expected, one wrongly cut name of three, every variant name merged."""

from __future__ import annotations

import json
from typing import Any

import pytest

from newsroom_parser.nlp import NlpAnalyzer
from newsroom_parser.parse import parse_raw_page
from newsroom_shared.contracts import Article, raw_page_for

from .conftest import FETCHED_AT, FIXTURES, MADE_UP

SPEAKER_FLOOR = 0.95
ENTITY_FLOOR = 0.87
MAX_BAD_NAMES = 1

EXPECTED: dict[str, Any] = json.loads((MADE_UP / "expected.json").read_text("utf-8"))["pages"]
SEED = json.loads((FIXTURES / "seed" / "rollcall-2018-08-06.expected.json").read_text("utf-8"))


def _parse(analyzer: NlpAnalyzer, path: str, url: str) -> Article:
    raw = raw_page_for(url, (FIXTURES / path).read_bytes(), source_id="gate", fetched_at=FETCHED_AT)
    return parse_raw_page(raw, analyzer, now=FETCHED_AT)


@pytest.fixture(scope="module")
def articles() -> dict[str, Article]:
    analyzer = NlpAnalyzer()
    parsed = {
        name: _parse(analyzer, f"quality/articles/{name}", page["url"])
        for name, page in EXPECTED.items()
    }
    parsed["seed"] = _parse(analyzer, "seed/rollcall-2018-08-06.html", SEED["url"])
    return parsed


def _expected_quotes() -> list[tuple[str, str, str]]:
    """(page, opening words, speaker) for every quote of the material."""
    quotes = [
        (name, start, speaker)
        for name, page in EXPECTED.items()
        for start, speaker in page["quotes"].items()
    ]
    quotes += [("seed", q["text"][:40], q["speaker"]) for q in SEED["quotes"]]
    return quotes


def test_speakers(articles: dict[str, Article]) -> None:
    expected = _expected_quotes()
    right = 0
    for name, start, speaker in expected:
        found = [q for q in articles[name].quotes if q.text.startswith(start)]
        right += bool(found) and found[0].speaker.name == speaker
    assert len(expected) == 27
    assert right / len(expected) >= SPEAKER_FLOOR


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_name_from_the_page_around_the_article(articles: dict[str, Article], name: str) -> None:
    article = articles[name]
    listed = {n for e in article.entities for n in (e.name, *e.aliases)}
    speakers = {q.speaker.name for q in article.quotes}
    for chrome in EXPECTED[name]["chrome"]:
        assert chrome not in listed, chrome
        assert chrome not in speakers, chrome
        assert chrome not in article.authors, chrome


def test_entities(articles: dict[str, Article]) -> None:
    expected = [
        (name, n, t) for name, page in EXPECTED.items() for n, t in page["entities"].items()
    ]
    found = 0
    for name, entity, kind in expected:
        types = {e.name: e.type for e in articles[name].entities}
        found += types.get(entity) == kind
    assert found / len(expected) >= ENTITY_FLOOR


def test_variant_names_are_one_entity(articles: dict[str, Article]) -> None:
    for name, page in EXPECTED.items():
        for group in page["one_entity"]:
            holders = {
                e.id for e in articles[name].entities for n in group if n in (e.name, *e.aliases)
            }
            assert len(holders) == 1, (name, group)


def test_names_cut_wrongly_and_things_taken_for_people(articles: dict[str, Article]) -> None:
    bad = 0
    for name, page in EXPECTED.items():
        names = {e.name for e in articles[name].entities}
        bad += len(names & set(page["bad_names"]))
        people = {e.name for e in articles[name].entities if e.type == "PERSON"}
        assert not people & set(page["not_person"]), name
    assert bad <= MAX_BAD_NAMES


def test_titles_and_authors(articles: dict[str, Article]) -> None:
    for name, page in EXPECTED.items():
        assert articles[name].title == page["title"], name
        assert articles[name].authors == page["authors"], name
