"""The seed article against the editor's expectations: every quote with its speaker, the
canonical entities with their types and mention counts, and no un-canonicalised names."""

from __future__ import annotations

from typing import Any

import pytest

from newsroom_parser.nlp import NlpAnalyzer, NlpResult


@pytest.fixture(scope="module")
def result(analyzer: NlpAnalyzer, seed_article: dict[str, Any]) -> NlpResult:
    a = seed_article
    return analyzer.analyze(a["title"], a["subtitle"], a["paragraphs"], a["language"])


def test_analysed_as_english(result: NlpResult) -> None:
    assert result.status == "ok"
    assert result.reason is None


@pytest.mark.parametrize("index", range(7))
def test_every_expected_quote_with_its_speaker(
    result: NlpResult, seed_expected: dict[str, Any], index: int
) -> None:
    want = seed_expected["quotes"][index]
    found = [q for q in result.quotes if q.text == want["text"]]
    assert found, f"quote not found: {want['text']!r}"
    assert found[0].speaker.name == want["speaker"]


def test_quote_offsets_point_at_the_quoted_words(
    result: NlpResult, seed_article: dict[str, Any]
) -> None:
    for q in result.quotes:
        paragraph = seed_article["paragraphs"][q.paragraph]
        assert paragraph[q.start : q.end] == q.text
        assert paragraph[q.start - 1] in "“\"‘'"


def test_quoted_speakers_link_to_entities(result: NlpResult) -> None:
    ids = {e.id: e.name for e in result.entities}
    for q in result.quotes:
        assert q.speaker.entity_id in ids
        assert ids[q.speaker.entity_id] == q.speaker.name


def test_pronoun_speaker_is_resolved(result: NlpResult) -> None:
    we_all = next(q for q in result.quotes if q.text.startswith("We all do it"))
    assert we_all.speaker.as_written == "he"
    assert we_all.speaker.name == "Rand Paul"


@pytest.mark.parametrize("index", range(9))
def test_every_expected_entity(
    result: NlpResult, seed_expected: dict[str, Any], index: int
) -> None:
    want = seed_expected["entities"]["must"][index]
    found = [e for e in result.entities if e.name == want["name"]]
    assert found, f"entity missing: {want['name']}"
    assert found[0].type == want["type"]
    assert found[0].mentions >= want.get("min_mentions", 1)


def test_no_forbidden_entity_names(result: NlpResult, seed_expected: dict[str, Any]) -> None:
    names = {e.name for e in result.entities}
    assert not names & set(seed_expected["entities"]["must_not_names"])


def test_short_forms_are_aliases_of_the_full_name(result: NlpResult) -> None:
    paul = next(e for e in result.entities if e.name == "Rand Paul")
    assert "Paul" in paul.aliases
    assert paul.id == "person:rand-paul"


def test_entity_paragraphs_list_the_body_paragraphs_naming_it(result: NlpResult) -> None:
    entities = {e.name: e for e in result.entities}
    # "Sen. Rand Paul" (0), "that Paul sits on" (1), the quotes attributed to "Paul" by name
    assert {0, 1, 2, 3, 15} <= set(entities["Rand Paul"].paragraphs)
    assert 14 not in entities["Rand Paul"].paragraphs  # only "he" there: not a name
    assert entities["Helsinki"].paragraphs == [9, 13]
    # the dek's "Kentucky Republican" is not a body paragraph
    assert entities["Kentucky"].paragraphs == [1]


def test_entity_paragraphs_are_sorted_and_within_the_body(
    result: NlpResult, seed_article: dict[str, Any]
) -> None:
    count = len(seed_article["paragraphs"])
    for e in result.entities:
        assert list(e.paragraphs) == sorted(set(e.paragraphs))
        assert all(0 <= i < count for i in e.paragraphs)
