"""Fixtures for the sample site tests: a running site per test and its manifest."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from newsroom_ops.demo.sample_site import SampleSite, load_manifest


@pytest.fixture
async def site() -> AsyncIterator[SampleSite]:
    async with SampleSite() as running:
        yield running


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=10) as http:
        yield http


@pytest.fixture(scope="session")
def manifest() -> dict[str, Any]:
    return load_manifest()
