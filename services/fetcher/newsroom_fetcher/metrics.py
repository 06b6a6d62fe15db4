"""Prometheus metrics of the fetcher (served on /metrics by the service base)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

FETCHES = Counter(
    "newsroom_fetcher_fetches_total",
    "HTTP fetches by host and outcome (HTTP status, or an error reason such as timeout).",
    ["host", "status"],
)
BYTES = Counter("newsroom_fetcher_bytes_total", "Body bytes received (decoded).", ["host"])
RETRIES = Counter(
    "newsroom_fetcher_retries_total", "Fetch attempts retried, by reason.", ["host", "reason"]
)
ROBOTS_BLOCKED = Counter(
    "newsroom_fetcher_robots_blocked_total", "URLs robots.txt disallowed.", ["host"]
)
NOT_MODIFIED = Counter(
    "newsroom_fetcher_not_modified_total", "304 answers to conditional requests.", ["host"]
)
UNCHANGED = Counter(
    "newsroom_fetcher_unchanged_total", "Pages fetched again with the same content hash.", ["host"]
)
PUBLISHED = Counter(
    "newsroom_fetcher_published_total", "Events acknowledged by Kafka, by type.", ["event"]
)
DEAD_LETTERS = Counter(
    "newsroom_fetcher_dead_letters_total", "Failures recorded as DeadLetters.", ["reason"]
)
SKIPPED = Counter(
    "newsroom_fetcher_skipped_total",
    "Discovered URLs not fetched, by reason (fresh, too_old, filtered, ...).",
    ["source", "reason"],
)
DISCOVERED = Counter("newsroom_fetcher_discovered_total", "URLs found in sources.", ["source"])
POLLS = Counter(
    "newsroom_fetcher_polls_total",
    "Source polls by outcome (ok, not_modified, failed).",
    ["source", "outcome"],
)
FETCH_SECONDS = Histogram(
    "newsroom_fetcher_fetch_seconds",
    "Time of one HTTP fetch (redirects included), by kind (page, discovery).",
    ["kind"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120),
)
QUEUE_DEPTH = Gauge(
    "newsroom_fetcher_queue_depth", "URLs waiting for their turn under the politeness limits."
)
IN_FLIGHT = Gauge("newsroom_fetcher_in_flight", "URLs being fetched or published now.")
STATE_URLS = Gauge("newsroom_fetcher_state_urls", "URLs in the fetch state.")
