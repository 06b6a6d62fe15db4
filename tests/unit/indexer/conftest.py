"""Fixtures of the indexer's unit tests: the seed article, as an Article event."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsroom_shared.contracts import Article

SEED = Path(__file__).parents[2] / "fixtures" / "indexer" / "rollcall-2018-08-06.article.json"


@pytest.fixture(scope="session")
def seed_article() -> Article:
    return Article.model_validate(json.loads(SEED.read_text()))
