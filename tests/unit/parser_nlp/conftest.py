"""Shared fixtures for the NLP tests: one analyzer (one loaded pipeline) per session."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newsroom_parser.nlp import NlpAnalyzer, NlpResult, QuoteResult

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "nlp"


@pytest.fixture(scope="session")
def analyzer() -> NlpAnalyzer:
    return NlpAnalyzer()


@pytest.fixture(scope="session")
def seed_article() -> dict[str, Any]:
    return json.loads((FIXTURES / "rollcall-2018-08-06.article.json").read_text("utf-8"))


@pytest.fixture(scope="session")
def seed_expected() -> dict[str, Any]:
    seed = FIXTURES.parent / "seed"
    return json.loads((seed / "rollcall-2018-08-06.expected.json").read_text("utf-8"))


def quote_by_start(result: NlpResult, words: str) -> QuoteResult:
    """The quote whose text starts with ``words``; fails the test when there is none."""
    found = [q for q in result.quotes if q.text.startswith(words)]
    assert found, f"no quote starting {words!r} in {[q.text for q in result.quotes]}"
    return found[0]
