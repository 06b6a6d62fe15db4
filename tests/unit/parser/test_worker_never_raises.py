"""Whatever arrives on the raw-pages topic, the worker returns an outcome and never raises."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsroom_parser.worker import init_worker, parse_message
from newsroom_shared.contracts import raw_page_for
from newsroom_shared.serialization import encode

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "seed" / "rollcall-2018-08-06.html"
SEED_BYTES = SEED.read_bytes()


def _raw(body: bytes, content_type: str | None = "text/html", charset: str | None = None) -> bytes:
    page = raw_page_for(
        "https://example.com/a",
        body,
        source_id="s",
        fetched_at=datetime(2024, 1, 1, tzinfo=UTC),
        content_type=content_type,
        charset=charset,
    )
    return encode(page)


def setup_module() -> None:
    init_worker(nlp=False, time_budget=20.0)


def _mangle(data: bytes, cut: int, junk: bytes, at: int) -> bytes:
    cut %= len(data) + 1
    at %= cut + 1
    return data[:at] + junk + data[at:cut]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cut=st.integers(min_value=0),
    junk=st.binary(max_size=200),
    at=st.integers(min_value=0),
    charset=st.sampled_from([None, "utf-8", "latin-1", "shift_jis", "x-unknown", "utf-16"]),
)
def test_mangled_pages_become_articles_or_dead_letters(
    cut: int, junk: bytes, at: int, charset: str | None
) -> None:
    outcome = parse_message(_raw(_mangle(SEED_BYTES, cut, junk, at), charset=charset))
    if outcome.failed:
        assert outcome.reason and outcome.reason != "parser_error", outcome.message
    else:
        article = json.loads(outcome.value or b"")
        assert article["body"]


@settings(max_examples=40, deadline=None)
@given(value=st.one_of(st.binary(max_size=300), st.just(b"{}"), st.just(b"null")))
def test_garbage_messages_are_invalid_events(value: bytes) -> None:
    outcome = parse_message(value)
    assert outcome.failed
    assert outcome.reason == "invalid_event"


def test_known_bad_inputs_have_named_reasons() -> None:
    assert parse_message(_raw(b"")).reason == "empty_page"
    assert parse_message(_raw(b"%PDF-1.7\n" + bytes(range(256)) * 20)).reason == "not_html"
    assert parse_message(_raw(SEED_BYTES, content_type="application/pdf")).reason == "not_html"
    deep = b"<html><body>" + b"<div>" * 20000 + b"text" + b"</div>" * 20000 + b"</body></html>"
    assert parse_message(_raw(deep)).reason in {"dom_too_large", "no_article_body"}
    nav_only = b"<html><body><nav><a href='/'>Home</a></nav></body></html>"
    assert parse_message(_raw(nav_only)).reason == "no_article_body"


def test_time_budget_turns_runaway_pages_into_dead_letters() -> None:
    init_worker(nlp=False, time_budget=0.001)
    try:
        outcome = parse_message(_raw(SEED_BYTES))
    finally:
        init_worker(nlp=False, time_budget=20.0)
    assert outcome.reason == "time_budget_exceeded"
