"""The fetcher as a process: discovery, fetch workers, or both, each on the shared runtime.

    discovery  (group over the sources topic)  -> FrontierItems, keyed by host
    fetch      (group over the frontier topic) -> RawPages, fetch state, dead letters

Run either role alone to scale them apart (several discovery instances, many fetch workers), or
both in one process for a small deployment. Where both run here, each poll's report waits for
the fetch outcomes of the URLs it sent, so a poll reads as before: discovered, skipped,
published.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Literal

from newsroom_fetcher import worker
from newsroom_fetcher.discovery import handler as discovery_handler
from newsroom_fetcher.discovery.handler import DiscoveryHandler
from newsroom_fetcher.discovery.poller import PollReport
from newsroom_fetcher.discovery.registry import apply_sources
from newsroom_fetcher.discovery.sources import Source
from newsroom_fetcher.settings import FetcherSettings
from newsroom_fetcher.state import Decision, StateStore
from newsroom_fetcher.web.clients import open_web
from newsroom_fetcher.worker import FetchHandler
from newsroom_shared.contracts import FrontierItem
from newsroom_shared.kafka import transient
from newsroom_shared.runtime.service import Service
from newsroom_shared.runtime.stream import StreamRuntime

log = logging.getLogger(__name__)

Role = Literal["discover", "fetch"]
ROLES: tuple[Role, ...] = ("discover", "fetch")
_DECISIONS = {d.value for d in Decision}


class FetcherService(Service):
    name = "fetcher"

    def __init__(
        self,
        settings: FetcherSettings,
        sources: Sequence[Source] | None = None,
        metrics_port: int | None = None,
        roles: Sequence[Role] = ROLES,
    ) -> None:
        super().__init__(metrics_port)
        self.settings = settings
        self.sources = list(sources) if sources is not None else None
        self.roles = tuple(roles)
        # Every poll of the process, in the order they began (bounded below); a report counts as
        # done once its poll and the fetches of what it sent are.
        self.reports: list[PollReport] = []
        self.poll_finished = asyncio.Condition()
        self._tracked: dict[tuple[str, datetime], PollReport] = {}
        self.fetch: StreamRuntime | None = None
        self.discovery: StreamRuntime | None = None
        self._fetch_handler: FetchHandler | None = None
        self._discovery_handler: DiscoveryHandler | None = None
        if "fetch" in self.roles:
            self._fetch_handler = FetchHandler(settings, self.state_horizon(), self._fetched)
            self.fetch = StreamRuntime(
                settings.kafka, worker.stream_config(settings), self._fetch_handler
            )
        if "discover" in self.roles:
            self._discovery_handler = DiscoveryHandler(settings, self._sending, self._polled)
            self.discovery = StreamRuntime(
                settings.kafka, discovery_handler.stream_config(settings), self._discovery_handler
            )

    @property
    def fetch_state(self) -> StateStore | None:
        """The fetch workers' state of the hosts this process owns."""
        return self._fetch_handler.state if self._fetch_handler else None

    def health(self) -> tuple[bool, dict[str, object]]:
        """Each role's own figures at the top (sources, state_urls, waiting), and each role's
        runtime (consumption, in flight, last commit) under its name."""
        healthy, details = True, dict[str, object]()
        for role, runtime in (("discover", self.discovery), ("fetch", self.fetch)):
            if runtime is not None:
                ok, about = runtime.health()
                healthy = healthy and ok
                details[role] = about
                details.update(runtime.handler.health()[1])
        return healthy, details

    async def main(self, stopping: asyncio.Event) -> None:
        applying = self.discovery is not None and self.sources is not None
        if applying and not await self._apply_sources(stopping):
            return
        runtimes = [r for r in (self.discovery, self.fetch) if r is not None]
        log.info("fetcher started", extra={"roles": list(self.roles)})
        async with open_web(self.settings) as shared:
            for handler in (self._fetch_handler, self._discovery_handler):
                if handler is not None:
                    handler.web = shared
            async with asyncio.TaskGroup() as group:  # one failing takes the other down too
                for runtime in runtimes:
                    group.create_task(runtime.run(stopping))

    async def _apply_sources(self, stopping: asyncio.Event) -> bool:
        """Make the sources topic say what this process's sources file says."""
        assert self.sources is not None and self.discovery is not None
        async for attempt in self.discovery.retry.attempts(transient, stopping=stopping):
            with attempt:
                changes = await apply_sources(self.settings.kafka, self.sources)
        changed = [c for c in changes if c.action != "unchanged"]
        if changed:
            log.info(
                "sources applied", extra={"changes": [(c.source_id, c.action) for c in changed]}
            )
        return not stopping.is_set()

    def state_horizon(self) -> timedelta | None:
        """How old (by its listing's date) a page's state may get: the retention, but never
        less than an age cut-off in use, so a URL that can still be fetched keeps its state."""
        days = self.settings.state_retention_days
        if days is None:
            return None
        cutoffs = [self.settings.max_item_age_hours * 3600]
        cutoffs += [s.max_age for s in self.sources or () if s.max_age is not None]
        return timedelta(seconds=max(days * 86400, *cutoffs))

    # -- a poll's report, completed by the fetch outcomes of what it sent --

    async def polls_done(self, source_id: str, count: int = 1) -> list[PollReport]:
        """Wait until `source_id` has finished `count` polls; its reports, oldest first."""

        def first() -> list[PollReport] | None:
            polls = [r for r in self.reports if r.source_id == source_id][:count]
            return polls if len(polls) == count and all(r.done for r in polls) else None

        async with self.poll_finished:
            await self.poll_finished.wait_for(lambda: first() is not None)
            return first() or []

    def _sending(self, report: PollReport) -> None:
        self.reports = [*self.reports[-999:], report]
        if self.fetch is not None and report.sent:
            self._tracked[(report.source_id, report.started_at)] = report

    def _fetched(self, item: FrontierItem, outcome: str) -> None:
        report = self._tracked.get((item.source_id, item.discovered_at))
        if report is None:
            return  # sent by another process, or before this one started
        if outcome in _DECISIONS:
            report.skipped[outcome] += 1
        else:
            report.outcomes[outcome] += 1
        report.settled += 1
        self._finish_if_done(report)

    def _polled(self, report: PollReport) -> None:
        self._finish_if_done(report)

    def _finish_if_done(self, report: PollReport) -> None:
        waiting_for_fetches = (report.source_id, report.started_at) in self._tracked
        if not report.polled or (waiting_for_fetches and report.settled < report.sent):
            return
        self._tracked.pop((report.source_id, report.started_at), None)
        report.done = True
        log.info(
            "poll done",
            extra={
                "source": report.source_id,
                "discovered": report.discovered,
                "sent": report.sent,
                # What the fetch workers did with the URLs sent (known for this process's own).
                "outcomes": dict(report.outcomes),
                "skipped": dict(report.skipped),
            },
        )
        asyncio.get_running_loop().create_task(self._notify())

    async def _notify(self) -> None:
        async with self.poll_finished:
            self.poll_finished.notify_all()
