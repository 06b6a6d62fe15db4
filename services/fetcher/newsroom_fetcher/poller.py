"""One poll of one source: fetch its documents, pick the URLs worth fetching, crawl them.

A document's validators (ETag/Last-Modified) are saved only once every item found in it has
been crawled, and not when max_items cut the poll short: a crash or a cap never turns into a
304 that hides items we have not fetched yet.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from newsroom_fetcher import metrics
from newsroom_fetcher.discovery import Item, plain_item, recent
from newsroom_fetcher.pipeline import Crawler, HostLimits, Outcome, Target
from newsroom_fetcher.sources import Source
from newsroom_fetcher.state import Decision, decide
from newsroom_fetcher.urls import InvalidUrl, canonicalize, compile_tracking_params
from newsroom_fetcher.walk import Document, DocumentMemory, SourceWalk
from newsroom_shared.contracts import url_id

log = logging.getLogger(__name__)


@dataclass
class PollReport:
    source_id: str
    discovered: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    failed_documents: int = 0
    truncated: bool = False


class SourcePoller:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.settings = crawler.settings
        self._tracking = compile_tracking_params(self.settings.tracking_params)
        self._in_flight: set[str] = set()  # canonical URLs being crawled by any source
        self._memory = DocumentMemory()

    def limits_for(self, source: Source) -> HostLimits:
        if source.rate_limit is None:
            return self.crawler.default_limits
        return HostLimits(source.rate_limit.min_delay, source.rate_limit.concurrency)

    async def poll(self, source: Source) -> PollReport:
        report = PollReport(source.id)
        documents: list[Document] = []
        items = await self._discover(source, documents, report)
        report.discovered = len(items)
        metrics.DISCOVERED.labels(source.id).inc(len(items))
        targets = self._select(source, items, report)
        for reason, count in report.skipped.items():
            metrics.SKIPPED.labels(source.id, reason).inc(count)
        limits = self.limits_for(source)
        self._in_flight.update(t.canonical_url for t in targets)
        try:
            outcomes = await asyncio.gather(
                *(self.crawler.crawl(t, limits) for t in targets), return_exceptions=True
            )
        finally:
            self._in_flight.difference_update(t.canonical_url for t in targets)
        errors = [o for o in outcomes if isinstance(o, BaseException)]
        report.outcomes.update(o.value for o in outcomes if isinstance(o, Outcome))
        if errors:
            # Kafka unavailable or a bug: nothing was recorded for those URLs, so the next
            # poll tries them again. Keep the documents' old validators for the same reason.
            report.outcomes["error"] += len(errors)
            log.error("crawl errors", extra={"source": source.id, "error": repr(errors[0])})
        elif not report.truncated:
            await self._save_documents(documents)
        outcome = "failed" if report.failed_documents else "ok"
        metrics.POLLS.labels(source.id, outcome).inc()
        log.info(
            "poll done",
            extra={
                "source": source.id,
                "discovered": report.discovered,
                "outcomes": dict(report.outcomes),
                "skipped": dict(report.skipped),
            },
        )
        return report

    async def _discover(
        self, source: Source, documents: list[Document], report: PollReport
    ) -> list[Item]:
        if source.type == "urls" and source.urls:
            return [plain_item(u, None) for u in source.urls]
        walk = SourceWalk(
            self.crawler,
            source,
            report.skipped,
            self._memory,
            self.limits_for(source),
            self._max_age(source),
        )
        try:
            return await walk.run()
        finally:
            documents += walk.documents
            report.failed_documents += walk.failed

    def _max_age(self, source: Source) -> timedelta:
        return timedelta(seconds=source.max_age or self.settings.max_item_age_hours * 3600)

    def _select(self, source: Source, items: list[Item], report: PollReport) -> list[Target]:
        """The discovered items to crawl now, in source order, at most max_items."""
        now = self.crawler.now()
        items, too_old = recent(items, now, self._max_age(source))
        if too_old:
            report.skipped["too_old"] += too_old
        url_filter = source.url_filter
        seen: set[str] = set()
        targets: list[Target] = []
        for item in items:
            try:
                canonical = canonicalize(item.url, self._tracking)
            except InvalidUrl:
                report.skipped["invalid_url"] += 1
                continue
            if canonical in seen:
                report.skipped["duplicate"] += 1
                continue
            seen.add(canonical)
            if not url_filter.accepts(canonical):
                report.skipped["filtered"] += 1
                continue
            if canonical in self._in_flight:
                report.skipped["in_flight"] += 1
                continue
            decision = decide(
                self.crawler.state.get(url_id(canonical)),
                now,
                timedelta(seconds=self.settings.revisit_after_seconds),
                timedelta(seconds=self.settings.failure_backoff_seconds),
                self.settings.max_url_failures,
            )
            if decision is not Decision.FETCH:
                report.skipped[decision.value] += 1
                continue
            if len(targets) >= source.max_items:
                report.truncated = True
                report.skipped["over_max_items"] += 1
                continue
            targets.append(Target(item.url, canonical, source.id, item.meta, source.headers))
        return targets

    async def _save_documents(self, documents: list[Document]) -> None:
        for doc in documents:
            state = doc.state.succeeded(doc.read_at, doc.status, doc.etag, doc.last_modified, None)
            await self.crawler.state.put(url_id(doc.url), state)
