"""Shared fixtures for the extraction-core tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "seed"


@pytest.fixture(scope="session")
def seed_html() -> bytes:
    return (FIXTURES / "rollcall-2018-08-06.html").read_bytes()


@pytest.fixture(scope="session")
def seed_expected() -> dict[str, Any]:
    return json.loads((FIXTURES / "rollcall-2018-08-06.expected.json").read_text("utf-8"))
