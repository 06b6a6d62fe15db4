"""One URL, end to end: robots.txt, politeness, HTTP with retries, then exactly one of
RawPage, "not modified", "unchanged" or DeadLetter, and the URL's state after that.

Order matters for "nothing lost": the event is acknowledged by Kafka before the state that
says it happened is written, so a crash in between refetches rather than forgets.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from newsroom_fetcher import metrics
from newsroom_fetcher.publish import FetchOutputs
from newsroom_fetcher.settings import FetcherSettings
from newsroom_fetcher.state import StateStore, UrlState
from newsroom_fetcher.urls import host_of
from newsroom_fetcher.web.clients import Web
from newsroom_fetcher.web.http import Fetched, FetchFailure, HopCheck
from newsroom_fetcher.web.politeness import FetchRetries, host_delay
from newsroom_shared.contracts import FeedItem, RawPage, content_hash, url_id
from newsroom_shared.dead_letters import make_dead_letter
from newsroom_shared.runtime.stream import Abandoned

log = logging.getLogger(__name__)

Now = Callable[[], datetime]


@dataclass(frozen=True)
class HostLimits:
    delay: float
    concurrency: int


@dataclass(frozen=True)
class Target:
    """A URL to fetch as a page, and where it came from."""

    url: str  # as discovered
    canonical_url: str
    source_id: str
    feed: FeedItem | None = None
    headers: dict[str, str] = field(default_factory=dict)
    revisit: int | None = None  # a scheduled revisit: its step in the schedule

    @property
    def key(self) -> str:
        return url_id(self.canonical_url)


class Outcome(StrEnum):
    PUBLISHED = "published"
    NOT_MODIFIED = "not_modified"
    UNCHANGED = "unchanged"
    FAILED = "failed"


def make_raw_page(target: Target, fetched: Fetched, digest: str, now: datetime) -> RawPage:
    return RawPage(
        page_id=target.key,
        source_id=target.source_id,
        requested_url=target.url,
        final_url=fetched.url,
        canonical_url=target.canonical_url,
        redirects=fetched.redirects,
        status_code=fetched.status,
        headers=fetched.headers,
        content_type=fetched.media_type,
        charset=fetched.charset,
        body=fetched.body,
        content_hash=digest,
        etag=fetched.headers.get("etag"),
        last_modified=fetched.headers.get("last-modified"),
        fetched_at=now,
        elapsed_ms=fetched.elapsed_ms,
        feed=target.feed,
    )


def exhausted(failure: FetchFailure, attempts: int) -> FetchFailure:
    """The failure reported when a retryable failure kept happening."""
    return FetchFailure(
        "retries_exhausted",
        f"gave up after {attempts} attempts: {failure}",
        details={**failure.details, "last_reason": failure.reason, "attempts": attempts},
    )


class Crawler:
    def __init__(
        self,
        settings: FetcherSettings,
        web: Web,
        state: StateStore,
        outputs: FetchOutputs,
        now: Now = lambda: datetime.now(UTC),
        rng: random.Random | None = None,
        may_start: Callable[[str], bool] = lambda host: True,
        outputs_ready: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self.settings = settings
        self.http = web.http
        self.gates = web.gates
        self.robots = web.robots
        self.state = state
        self.outputs = outputs
        self.now = now
        self.may_start = may_start  # asked right before each request goes out
        # Awaited right before each request goes out too: no page is fetched while Kafka does
        # not take what the last ones produced (the runtime's publisher says when it does).
        self.outputs_ready = outputs_ready
        self._rng = rng or random.Random()
        self._retry = FetchRetries(
            max_retries=settings.max_retries,
            backoff_base=settings.backoff_base_seconds,
            backoff_max=settings.backoff_max_seconds,
            max_retry_after=settings.max_retry_after_seconds,
        )
        self.default_limits = HostLimits(
            settings.per_host_min_delay_seconds, settings.per_host_concurrency
        )

    async def crawl(
        self, target: Target, limits: HostLimits | None = None, force: bool = False
    ) -> Outcome:
        """Fetch one page and record what happened. `force` skips conditional GET and the
        unchanged-content check (a page fetched on request is always published)."""
        with metrics.IN_FLIGHT.track_inprogress():
            return await self._crawl(target, limits, force)

    async def _crawl(self, target: Target, limits: HostLimits | None, force: bool) -> Outcome:
        key = target.key
        state = self.state.get(key) or UrlState(url=target.canonical_url)
        if target.revisit is None:  # listed again by its source
            state = state.listed(target.feed.published_at if target.feed else None)
            state = state.from_source(target.source_id, target.feed)
        else:  # this step of the schedule is done, whatever comes of it
            state = state.revisited(target.revisit)
        headers = dict(target.headers)
        if not force:
            headers.update(state.validators())
        try:
            fetched = await self.fetch(
                target.url,
                headers=headers,
                media_types=self.settings.page_content_types,
                max_bytes=self.settings.max_body_bytes,
                limits=limits,
                kind="page",
            )
        except FetchFailure as failure:
            await self.record_failure(failure, target.url, key, target.source_id)
            await self.state.put(key, state.failed(self.now(), failure.reason))
            log.warning(
                "fetch failed",
                extra={
                    "source": target.source_id,
                    "url": target.url,
                    "reason": failure.reason,
                    "error": str(failure),
                },
            )
            return Outcome.FAILED
        now = self.now()  # when the response arrived: RawPage.fetched_at orders versions
        host = host_of(fetched.url)
        etag, modified = fetched.headers.get("etag"), fetched.headers.get("last-modified")
        if fetched.status == 304:
            metrics.NOT_MODIFIED.labels(host).inc()
            await self.state.put(key, state.succeeded(now, 304, etag, modified, None))
            return Outcome.NOT_MODIFIED
        digest = content_hash(fetched.body)
        if not force and digest == state.content_hash:
            metrics.UNCHANGED.labels(host).inc()
            outcome = Outcome.UNCHANGED
        else:
            await self.outputs.raw_page(make_raw_page(target, fetched, digest, now))
            log.debug("published", extra={"source": target.source_id, "url": target.url})
            outcome = Outcome.PUBLISHED
        await self.state.put(key, state.succeeded(now, fetched.status, etag, modified, digest))
        return outcome

    async def fetch(
        self,
        url: str,
        *,
        headers: dict[str, str],
        media_types: Sequence[str] | None,
        max_bytes: int,
        limits: HostLimits | None,
        kind: str,
        check_redirect: HopCheck | None = None,
    ) -> Fetched:
        """GET with robots.txt, politeness and retries; FetchFailure when it came to nothing.
        `check_redirect` may refuse a hop (by raising) besides robots.txt."""
        limits = limits or self.default_limits
        host = host_of(url)
        attempt = 0
        while True:
            attempt += 1
            try:
                crawl_delay = await self.robots.check(url)
                delay = host_delay(limits.delay, crawl_delay, self.settings.max_crawl_delay_seconds)
                async with self.gates.slot(host, delay, limits.concurrency):
                    if self.outputs_ready is not None:
                        await self.outputs_ready()
                    if not self.may_start(host):
                        # The host moved to another worker while this waited for its turn.
                        raise Abandoned(f"{host} is no longer this worker's")
                    with metrics.FETCH_SECONDS.labels(kind).time():
                        fetched = await self.http.get(
                            url,
                            headers=headers,
                            media_types=media_types,
                            max_bytes=max_bytes,
                            check_hop=self._hop_check(check_redirect),
                        )
            except FetchFailure as failure:
                metrics.FETCHES.labels(host, str(failure.status or failure.reason)).inc()
                if failure.reason == "robots_disallowed":
                    metrics.ROBOTS_BLOCKED.labels(host).inc()
                if not failure.retryable:
                    failure.details.setdefault("attempts", attempt)
                    raise
                wait = self._retry.delay(attempt, failure.retry_after, self._rng)
                if wait is None:
                    raise exhausted(failure, attempt) from failure
                metrics.RETRIES.labels(host, failure.reason).inc()
                if failure.retry_after is not None:
                    self.gates.defer(host, wait)  # the server asked the whole host to wait
                else:
                    await asyncio.sleep(wait)
                continue
            metrics.FETCHES.labels(host, str(fetched.status)).inc()
            metrics.BYTES.labels(host).inc(len(fetched.body))
            return fetched

    async def record_failure(
        self, failure: FetchFailure, url: str, key: str, source_id: str | None
    ) -> None:
        attempts = failure.details.get("attempts")
        letter = make_dead_letter(
            stage="fetch",
            reason=failure.reason,
            error=str(failure),
            url=url,
            source_id=source_id,
            attempts=attempts if isinstance(attempts, int) and attempts > 0 else 1,
            details=failure.details,
            now=self.now(),
        )
        await self.outputs.dead_letter(letter, key)

    def _hop_check(self, extra: HopCheck | None) -> HopCheck:
        async def check(url: str) -> None:
            if extra is not None:
                await extra(url)
            await self.robots.check(url)

        return check
