"""The event contracts: round trips, versioning and forward compatibility."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from newsroom_shared.contracts import (
    Article,
    DeadLetter,
    Entity,
    Quote,
    RawPage,
    Speaker,
    content_hash,
    url_id,
)
from newsroom_shared.dead_letters import MAX_PAYLOAD_BYTES, make_dead_letter
from newsroom_shared.serialization import DecodeError, decode, encode

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def raw_page(body: bytes = b"<html>\x00\xff</html>") -> RawPage:
    return RawPage(
        page_id=url_id("https://example.com/a"),
        source_id="s",
        requested_url="https://example.com/a",
        final_url="https://example.com/a",
        canonical_url="https://example.com/a",
        status_code=200,
        body=body,
        content_hash=content_hash(body),
        fetched_at=NOW,
    )


def article() -> Article:
    return Article(
        id=url_id("https://example.com/a"),
        version=1714564800000,
        url="https://example.com/a",
        canonical_url="https://example.com/a",
        source_id="s",
        title="T",
        body="One.\n\nTwo.",
        paragraphs=["One.", "Two."],
        word_count=2,
        entities=[Entity(id="e1", name="Rand Paul", type="PERSON", mentions=3, aliases=["Paul"])],
        quotes=[
            Quote(
                text="We all do it,",
                cue="said",
                speaker=Speaker(name="Rand Paul", as_written="he", entity_id="e1"),
            )
        ],
        parser_version="test",
        content_hash=content_hash("T\n\nOne.\n\nTwo."),
        raw_content_hash=content_hash(b"x"),
        fetched_at=NOW,
        parsed_at=NOW,
    )


def test_raw_page_body_travels_as_base64_and_back() -> None:
    page = raw_page()
    wire = json.loads(encode(page))
    assert wire["body"] == "PGh0bWw+AP88L2h0bWw+"
    assert wire["schema_version"] == "1.0"
    assert decode(RawPage, encode(page)) == page


def test_article_keeps_the_field_names_downstream_relies_on() -> None:
    wire = json.loads(encode(article()))
    for name in (
        "id",
        "url",
        "canonical_url",
        "title",
        "subtitle",
        "site_name",
        "section",
        "tags",
        "language",
        "authors",
        "published_at",
        "modified_at",
        "images",
        "body",
        "entities",
        "quotes",
        "schema_version",
    ):
        assert name in wire, name
    assert set(wire["entities"][0]) >= {"id", "name", "type", "mentions", "aliases"}
    assert wire["quotes"][0]["speaker"] == {
        "name": "Rand Paul",
        "as_written": "he",
        "entity_id": "e1",
    }
    assert decode(Article, encode(article())) == article()


def test_unknown_fields_from_a_newer_minor_version_are_ignored() -> None:
    wire = json.loads(encode(article()))
    wire["schema_version"] = "1.7"
    wire["sentiment"] = 0.3
    back = decode(Article, json.dumps(wire).encode())
    assert back.schema_version == "1.7"
    assert not hasattr(back, "sentiment")


def test_a_newer_major_version_is_refused_with_a_clear_error() -> None:
    wire = json.loads(encode(article()))
    wire["schema_version"] = "2.0"
    with pytest.raises(DecodeError, match=r"schema version 2\.0 is not readable"):
        decode(Article, json.dumps(wire).encode())


def test_decode_reports_what_is_wrong() -> None:
    with pytest.raises(DecodeError, match=r"RawPage.*status_code"):
        decode(RawPage, json.dumps({"page_id": "x"}).encode())
    with pytest.raises(DecodeError, match="tombstone"):
        decode(RawPage, None)
    with pytest.raises(DecodeError):
        decode(RawPage, b"\xff not json")


def test_timestamps_must_carry_a_timezone() -> None:
    with pytest.raises(ValidationError):
        raw_page().model_copy(update={}).model_validate(
            {**raw_page().model_dump(), "fetched_at": "2024-05-01T12:00:00"}
        )


def test_dead_letter_truncates_big_payloads_and_keeps_a_reference() -> None:
    from newsroom_shared.contracts import Origin

    letter = make_dead_letter(
        stage="parse",
        reason="parse_timeout",
        error=TimeoutError("took 31 s"),
        origin=Origin(topic="raw", partition=2, offset=41, key="k"),
        payload=b"x" * (MAX_PAYLOAD_BYTES + 10),
    )
    assert letter.error_class == "TimeoutError"
    assert letter.payload is not None and len(letter.payload) == MAX_PAYLOAD_BYTES
    assert letter.payload_truncated
    assert letter.payload_ref == "kafka://raw/2/41"
    assert decode(DeadLetter, encode(letter)) == letter


def test_url_id_is_stable_and_short() -> None:
    assert url_id("https://example.com/a") == url_id("https://example.com/a")
    assert url_id("https://example.com/a") != url_id("https://example.com/b")
    assert len(url_id("https://example.com/a")) == 32
