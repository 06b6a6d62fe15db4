"""One poll of one source: read its documents, pick the URLs worth fetching, send them to the
frontier.

A document's validators (ETag/Last-Modified) are saved only once every item found in it is on
the frontier (acknowledged), and not when max_items cut the poll short: a crash or a cap never
turns into a 304 that hides items no fetch worker has been given.

A URL sent recently, with the same listing date, is not sent again within the revisit period:
the fetch workers would find it fresh, and feeds list the same items poll after poll.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from newsroom_fetcher import metrics
from newsroom_fetcher.discovery import Item, plain_item, recent
from newsroom_fetcher.frontier import frontier_item
from newsroom_fetcher.pipeline import Crawler, HostLimits, Target
from newsroom_fetcher.publish import FetchOutputs
from newsroom_fetcher.sources import Source
from newsroom_fetcher.state import Decision, StateStore
from newsroom_fetcher.urls import InvalidUrl, canonicalize, compile_tracking_params
from newsroom_fetcher.walk import Document, DocumentMemory, SourceWalk
from newsroom_shared.contracts import url_id


@dataclass
class PollReport:
    source_id: str
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    monotonic_start: float = field(default_factory=time.monotonic)
    discovered: int = 0
    sent: int = 0  # items sent to the frontier
    # What the fetch workers did with them (known where they run in the same process).
    outcomes: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    failed_documents: int = 0
    truncated: bool = False
    settled: int = 0  # sent items a fetch worker has dealt with
    polled: bool = False  # the poll itself is over
    done: bool = False  # the poll, and the fetches of what it sent where they run here


PollStarted = Callable[[PollReport], None]


class SourcePoller:
    def __init__(
        self,
        crawler: Crawler,
        documents: StateStore,
        outputs: FetchOutputs,
        partition_of_source: Callable[[str], int],
        on_sending: PollStarted | None = None,
    ) -> None:
        self.crawler = crawler
        self.settings = crawler.settings
        self.documents = documents
        self.outputs = outputs
        self._partition_of_source = partition_of_source
        self._on_sending = on_sending
        self._tracking = compile_tracking_params(self.settings.tracking_params)
        self._memory = DocumentMemory()
        # canonical URL -> (the listing's date, when it was sent)
        self._sent: dict[str, tuple[datetime | None, datetime]] = {}

    def limits_for(self, source: Source) -> HostLimits | None:
        if source.rate_limit is None:
            return None
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
        report.sent = len(targets)
        if self._on_sending is not None:
            self._on_sending(report)
        limits = self.limits_for(source)
        await self.outputs.frontier([frontier_item(t, limits, report.started_at) for t in targets])
        for target in targets:
            published = target.feed.published_at if target.feed else None
            self._sent[target.canonical_url] = (published, report.started_at)
        if not report.truncated:
            await self._save_documents(source, documents)
        outcome = "failed" if report.failed_documents else "ok"
        metrics.POLLS.labels(source.id, outcome).inc()
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
            self.limits_for(source) or self.crawler.default_limits,
            self._max_age(source),
            self.documents,
        )
        try:
            return await walk.run()
        finally:
            documents += walk.documents
            report.failed_documents += walk.failed

    def _max_age(self, source: Source) -> timedelta:
        return timedelta(seconds=source.max_age or self.settings.max_item_age_hours * 3600)

    def _select(self, source: Source, items: list[Item], report: PollReport) -> list[Target]:
        """The discovered items to send now, in source order, at most max_items."""
        now = self.crawler.now()
        items, too_old = recent(items, now, self._max_age(source))
        if too_old:
            report.skipped["too_old"] += too_old
        revisit_after = timedelta(seconds=self.settings.revisit_after_seconds)
        self._forget_sent_before(now - revisit_after)
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
            sent = self._sent.get(canonical)
            if sent is not None and sent[0] == item.published_at:
                report.skipped[Decision.FRESH.value] += 1  # the same listing, sent lately
                continue
            if len(targets) >= source.max_items:
                report.truncated = True
                report.skipped["over_max_items"] += 1
                continue
            targets.append(Target(item.url, canonical, source.id, item.meta, source.headers))
        return targets

    def _forget_sent_before(self, cutoff: datetime) -> None:
        old = [url for url, (_, sent_at) in self._sent.items() if sent_at < cutoff]
        for url in old:
            del self._sent[url]

    async def _save_documents(self, source: Source, documents: list[Document]) -> None:
        partition = self._partition_of_source(source.id)
        for doc in documents:
            state = doc.state.succeeded(doc.read_at, doc.status, doc.etag, doc.last_modified, None)
            await self.documents.put(url_id(doc.url), state, partition)
