"""The HTTP edge: one GET with every limit applied, turned into a response or a FetchFailure.

Redirects are followed here, hop by hop, so each hop is checked (robots.txt, SSRF, count).
Bodies are read raw and decoded by LimitedDecoder, so size limits hold on the wire and after
decompression.
"""

from __future__ import annotations

import asyncio
import time
import zlib
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

import httpx

from newsroom_fetcher.settings import FetcherSettings
from newsroom_fetcher.web.decoding import (
    ACCEPT_ENCODING,
    LimitedDecoder,
    TooLarge,
    UnsupportedEncoding,
)
from newsroom_fetcher.web.politeness import parse_retry_after
from newsroom_fetcher.web.pool import LinearConnectionPool
from newsroom_fetcher.web.ssrf import AddressPolicy, GuardedBackend, SsrfRefused

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
OK_STATUSES = frozenset({200, 203})
# Worth another try later: the server is busy, rate limiting, or briefly broken.
RETRYABLE_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})

# Response headers kept in RawPage.headers.
KEPT_HEADERS = (
    "content-type",
    "content-language",
    "content-length",
    "last-modified",
    "etag",
    "date",
    "cache-control",
    "link",
    "x-robots-tag",
)

HopCheck = Callable[[str], Awaitable[None]]
Details = dict[str, str | int | float | bool | None]


class FetchFailure(Exception):
    """A fetch that produced no usable response. `reason` is the DeadLetter reason."""

    def __init__(
        self,
        reason: str,
        message: str,
        *,
        retryable: bool = False,
        retry_after: float | None = None,
        status: int | None = None,
        details: Details | None = None,
    ) -> None:
        super().__init__(message)
        self.reason = reason
        self.retryable = retryable
        self.retry_after = retry_after
        self.status = status
        # A copy: a cached failure raised again (robots.txt) must not collect callers' notes.
        self.details: Details = {**(details or {}), **({"status": status} if status else {})}


@dataclass(frozen=True)
class Fetched:
    url: str
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    redirects: list[str] = field(default_factory=list)
    elapsed_ms: float = 0.0

    @property
    def media_type(self) -> str | None:
        return parse_content_type(self.headers.get("content-type"))[0]

    @property
    def charset(self) -> str | None:
        return parse_content_type(self.headers.get("content-type"))[1]


def parse_content_type(value: str | None) -> tuple[str | None, str | None]:
    """`text/html; charset=UTF-8` -> ("text/html", "utf-8")."""
    if not value:
        return None, None
    media, *params = value.split(";")
    charset = None
    for param in params:
        name, _, raw = param.partition("=")
        if name.strip().lower() == "charset":
            charset = raw.strip().strip("\"'").lower() or None
    return media.strip().lower() or None, charset


def make_client(settings: FetcherSettings) -> httpx.AsyncClient:
    backend = GuardedBackend(
        AddressPolicy.from_allow_list(settings.ssrf_allow), cache_seconds=settings.dns_cache_seconds
    )
    transport = httpx.AsyncHTTPTransport(retries=0)
    # httpx has no parameter for the network backend; the pool is rebuilt with ours.
    transport._pool = LinearConnectionPool(
        ssl_context=httpx.create_ssl_context(),
        # Fetches are capped by the gates; a few more for robots.txt, which is not gated.
        max_connections=settings.global_concurrency + 8,
        max_keepalive_connections=settings.global_concurrency,
        keepalive_expiry=30.0,
        network_backend=backend,
    )
    timeout = httpx.Timeout(
        connect=settings.connect_timeout_seconds,
        read=settings.read_timeout_seconds,
        write=settings.read_timeout_seconds,
        pool=None,  # waiting for a pooled connection is bounded by the politeness gates
    )
    return httpx.AsyncClient(
        transport=transport,
        timeout=timeout,
        follow_redirects=False,
        headers={"User-Agent": settings.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
    )


class HttpFetcher:
    def __init__(self, client: httpx.AsyncClient, settings: FetcherSettings) -> None:
        self._client = client
        self._settings = settings

    async def get(
        self,
        url: str,
        *,
        max_bytes: int,
        headers: dict[str, str] | None = None,
        media_types: Sequence[str] | None = None,
        check_hop: HopCheck | None = None,
    ) -> Fetched:
        """GET `url`: a 200/203 (with body) or 304, else FetchFailure with the reason."""
        started = time.monotonic()
        pace: _Pace | None = None
        try:
            async with asyncio.timeout(self._settings.total_timeout_seconds) as deadline:
                pace = _Pace(deadline, self._settings)
                return await self._follow(
                    url, max_bytes, headers or {}, media_types, check_hop, started, pace
                )
        except TimeoutError as exc:
            if pace is not None and pace.body_started:
                raise pace.too_slow() from exc
            raise FetchFailure("timeout", "total timeout", retryable=True) from exc
        except httpx.TimeoutException as exc:
            raise FetchFailure("timeout", f"{type(exc).__name__}: {exc}", retryable=True) from exc
        except SsrfRefused as exc:
            raise FetchFailure("ssrf_refused", str(exc), details={"address": exc.address}) from exc
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
            raise FetchFailure("invalid_url", str(exc)) from exc
        except httpx.TransportError as exc:
            message = f"{type(exc).__name__}: {exc}"
            raise FetchFailure("network_error", message, retryable=True) from exc

    async def _follow(
        self,
        url: str,
        max_bytes: int,
        headers: dict[str, str],
        media_types: Sequence[str] | None,
        check_hop: HopCheck | None,
        started: float,
        pace: _Pace,
    ) -> Fetched:
        redirects: list[str] = []
        while True:
            if check_hop is not None:
                await check_hop(url)
            async with self._client.stream("GET", url, headers=headers) as response:
                status = response.status_code
                if status in REDIRECT_STATUSES and "location" in response.headers:
                    if len(redirects) >= self._settings.max_redirects:
                        raise FetchFailure(
                            "too_many_redirects",
                            f"more than {self._settings.max_redirects} redirects",
                            details={"max_redirects": self._settings.max_redirects},
                        )
                    redirects.append(url)
                    target = response.url.join(response.headers["location"])
                    if _origin(target) != _origin(response.url):
                        headers = {}  # a source's headers (tokens) are for its own origin only
                    url = str(target)
                    continue
                kept = {k: response.headers[k] for k in KEPT_HEADERS if k in response.headers}
                if status == 304:
                    return Fetched(url, status, b"", kept, redirects, _ms_since(started))
                if status not in OK_STATUSES:
                    raise _status_failure(status, response.headers.get("retry-after"))
                media_type = parse_content_type(kept.get("content-type"))[0]
                if media_types is not None and media_type and media_type not in media_types:
                    raise FetchFailure(
                        "bad_content_type",
                        f"content type {media_type} is not a page",
                        details={"content_type": media_type},
                    )
                body = await _read_limited(response, max_bytes, pace)
                return Fetched(url, status, body, kept, redirects, _ms_since(started))


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port


def _status_failure(status: int, retry_after: str | None) -> FetchFailure:
    return FetchFailure(
        "http_error",
        f"HTTP {status}",
        retryable=status in RETRYABLE_STATUSES,
        retry_after=parse_retry_after(retry_after),
        status=status,
    )


class _Pace:
    """The deadline of one response: the total timeout, brought forward while the body
    arrives slower than the rate floor. A server that trickles bytes never trips the read
    timeout (each byte resets it); this cuts it once, after the grace period, the body has
    averaged less than min_body_rate_bytes_per_second on the wire."""

    def __init__(self, deadline: asyncio.Timeout, settings: FetcherSettings) -> None:
        self._deadline = deadline
        self._hard = deadline.when()
        self._total = settings.total_timeout_seconds
        self._min_rate = settings.min_body_rate_bytes_per_second
        self._grace = settings.slow_body_grace_seconds
        self._loop = asyncio.get_running_loop()
        self._body_start = 0.0
        self.body_started = False
        self.received = 0

    def start_body(self) -> None:
        self.body_started = True
        self._body_start = self._loop.time()
        self._reschedule()

    def progress(self, size: int) -> None:
        self.received += size
        self._reschedule()

    def _reschedule(self) -> None:
        if self._min_rate > 0 and self._hard is not None:
            floor = self._body_start + self._grace + self.received / self._min_rate
            self._deadline.reschedule(min(self._hard, floor))

    def too_slow(self) -> FetchFailure:
        seconds = round(self._loop.time() - self._body_start, 2)
        return FetchFailure(
            "too_slow",
            f"body too slow: {self.received} bytes in {seconds} s",
            details={
                "received": self.received,
                "seconds": seconds,
                "min_rate": self._min_rate,
                "deadline": self._total,
            },
        )


async def _read_limited(response: httpx.Response, max_bytes: int, pace: _Pace) -> bytes:
    declared = response.headers.get("content-length", "")
    encoding = response.headers.get("content-encoding")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchFailure(
            "too_large",
            f"Content-Length {declared} exceeds {max_bytes}",
            details={"size": int(declared), "limit": max_bytes, "size_exact": True},
        )
    try:
        decoder = LimitedDecoder(encoding, max_bytes)
        wire = 0
        chunks = []
        pace.start_body()
        async for chunk in response.aiter_raw():
            pace.progress(len(chunk))
            wire += len(chunk)
            if wire > max_bytes:
                raise TooLarge(wire, max_bytes)
            chunks.append(decoder.feed(chunk))
        return b"".join(chunks)
    except TooLarge as exc:
        raise FetchFailure(
            "too_large",
            str(exc),
            details={"size": exc.size, "limit": exc.limit, "size_exact": False},
        ) from exc
    except (UnsupportedEncoding, zlib.error) as exc:
        raise FetchFailure("bad_encoding", str(exc), details={"encoding": encoding}) from exc


def _ms_since(started: float) -> float:
    return round((time.monotonic() - started) * 1000, 1)
