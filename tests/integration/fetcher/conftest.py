"""Fixtures for the fetcher's integration tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from fetcher_site import LoopbackSite


@pytest.fixture
async def site() -> AsyncIterator[LoopbackSite]:
    site = LoopbackSite()
    await site.start()
    yield site
    await site.stop()
