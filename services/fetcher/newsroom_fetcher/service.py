"""The fetcher as a long-running service: every source polled on its own interval."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from datetime import timedelta

from newsroom_fetcher.poller import PollReport, SourcePoller
from newsroom_fetcher.runtime import open_crawler
from newsroom_fetcher.settings import FetcherSettings
from newsroom_fetcher.sources import Source
from newsroom_shared.runtime.service import Service

log = logging.getLogger(__name__)

# How often the state of pages too old to be fetched again is dropped.
FORGET_EVERY_SECONDS = 3600.0


class FetcherService(Service):
    name = "fetcher"

    def __init__(
        self,
        settings: FetcherSettings,
        sources: Sequence[Source],
        metrics_port: int | None = None,
    ) -> None:
        super().__init__(metrics_port)
        self.settings = settings
        self.sources = list(sources)
        self.reports: list[PollReport] = []  # most recent last; bounded below
        self.poll_finished = asyncio.Condition()
        self._poller: SourcePoller | None = None

    def health(self) -> tuple[bool, dict[str, object]]:
        if self._poller is None:
            return False, {"state": "starting"}
        crawler = self._poller.crawler
        return True, {
            "sources": len(self.sources),
            "state_urls": len(crawler.state),
            "waiting": crawler.gates.waiting,
        }

    async def polls_done(self, source_id: str, count: int = 1) -> list[PollReport]:
        """Wait until `source_id` has finished `count` polls; its reports, oldest first."""

        def mine() -> list[PollReport]:
            return [r for r in self.reports if r.source_id == source_id]

        async with self.poll_finished:
            await self.poll_finished.wait_for(lambda: len(mine()) >= count)
            return mine()

    async def main(self, stopping: asyncio.Event) -> None:
        async with open_crawler(self.settings) as crawler:
            self._poller = SourcePoller(crawler)
            loops = [asyncio.create_task(self._poll_loop(s, stopping)) for s in self.sources]
            horizon = self.state_horizon()
            if horizon is not None:
                loops.append(asyncio.create_task(self._forget_loop(horizon, stopping)))
            log.info("fetcher started", extra={"sources": len(self.sources)})
            try:
                await stopping.wait()
            finally:
                # Polls cut short here saved nothing for their unfinished URLs: the next
                # start fetches those again.
                for loop in loops:
                    loop.cancel()
                await asyncio.gather(*loops, return_exceptions=True)
                self._poller = None

    def state_horizon(self) -> timedelta | None:
        """How old (by its listing's date) a page's state may get: the retention, but never
        less than an age cut-off in use, so a URL that can still be fetched keeps its state."""
        days = self.settings.state_retention_days
        if days is None:
            return None
        cutoffs = [self.settings.max_item_age_hours * 3600]
        cutoffs += [s.max_age for s in self.sources if s.max_age is not None]
        return timedelta(seconds=max(days * 86400, *cutoffs))

    async def _forget_loop(self, horizon: timedelta, stopping: asyncio.Event) -> None:
        """Drop the state of pages too old to be fetched again, so memory stays bounded."""
        assert self._poller is not None
        crawler = self._poller.crawler
        while not stopping.is_set():
            try:
                await crawler.state.forget_published_before(crawler.now() - horizon)
            except Exception:  # Kafka trouble: the next round tries again
                log.exception("forgetting old fetch state failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), FORGET_EVERY_SECONDS)

    async def _poll_loop(self, source: Source, stopping: asyncio.Event) -> None:
        assert self._poller is not None
        loop = asyncio.get_running_loop()
        while not stopping.is_set():
            started = loop.time()
            try:
                report = await self._poller.poll(source)
            except Exception:  # one source's trouble must not stop the others
                log.exception("poll failed", extra={"source": source.id})
            else:
                async with self.poll_finished:
                    self.reports = [*self.reports[-999:], report]
                    self.poll_finished.notify_all()
            remaining = source.poll_interval - (loop.time() - started)
            if remaining > 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stopping.wait(), remaining)
