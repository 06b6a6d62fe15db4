"""Fetcher settings, read from NEWSROOM_FETCHER_<FIELD> environment variables.

List fields take JSON, e.g. NEWSROOM_FETCHER_SSRF_ALLOW='["127.0.0.0/8"]'. Kafka connection
settings come from NEWSROOM_KAFKA_* (see newsroom_shared.settings).
"""

from __future__ import annotations

from pathlib import Path
from typing import Self

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from newsroom_shared import __version__
from newsroom_shared.settings import KafkaSettings
from newsroom_shared.topics import RAW_PAGE_MAX_MESSAGE_BYTES

# Room for the RawPage JSON envelope (URLs, headers, feed metadata) around the base64 body.
ENVELOPE_ALLOWANCE_BYTES = 256 * 1024

DEFAULT_TRACKING_PARAMS = [
    "utm_*",
    "fbclid",
    "gclid",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "yclid",
    "mc_cid",
    "mc_eid",
    "_ga",
    "_gl",
    "igshid",
    "ref_src",
    "cmpid",
]


class FetcherSettings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="NEWSROOM_FETCHER_", extra="ignore", env_parse_none_str="none"
    )

    kafka: KafkaSettings = Field(default_factory=KafkaSettings)

    sources_file: Path = Field(
        default=Path("deploy/sources.yaml"), description="YAML file listing the sources."
    )

    # Identity: sites look for the product token in robots.txt and the URL in their logs.
    user_agent_name: str = Field(
        default="newsroom-fetcher", description="Product token, matched against robots.txt."
    )
    contact_url: str = Field(
        default="https://newsroom.invalid/fetcher",
        min_length=1,
        description="Where site owners learn who is crawling and how to reach us.",
    )

    # HTTP limits.
    connect_timeout_seconds: float = Field(default=10.0, gt=0)
    read_timeout_seconds: float = Field(default=30.0, gt=0, description="Between two reads.")
    total_timeout_seconds: float = Field(
        default=120.0, gt=0, description="Whole response, so a trickling server cannot hold on."
    )
    min_body_rate_bytes_per_second: float = Field(
        default=1024.0,
        ge=0,
        description="A body slower than this on average (after the grace period) is cut as "
        "too_slow, without retries: a trickling server gives up its host slot early. 0: off.",
    )
    slow_body_grace_seconds: float = Field(
        default=10.0, ge=0, description="From the first byte of a body, before its rate counts."
    )
    max_redirects: int = Field(default=5, ge=0)
    max_body_bytes: int = Field(
        default=4 * 1024 * 1024, gt=0, description="Page body, on the wire and decompressed."
    )
    max_discovery_bytes: int = Field(
        default=50 * 1024 * 1024, gt=0, description="Feed or sitemap, decompressed."
    )
    page_content_types: list[str] = Field(
        default_factory=lambda: ["text/html", "application/xhtml+xml"],
        description="Media types published as pages; others become bad_content_type.",
    )

    # Politeness.
    global_concurrency: int = Field(default=64, ge=1, description="Fetches in flight, all hosts.")
    per_host_concurrency: int = Field(default=2, ge=1)
    per_host_min_delay_seconds: float = Field(
        default=1.0, ge=0, description="Between the starts of two requests to one host."
    )
    max_crawl_delay_seconds: float = Field(
        default=60.0, ge=0, description="robots.txt Crawl-delay is honoured up to this."
    )
    robots_ttl_seconds: float = Field(default=3600.0, ge=0)
    robots_error_ttl_seconds: float = Field(
        default=60.0, ge=0, description="How long an unreachable robots.txt is remembered."
    )

    # Retries within one fetch.
    max_retries: int = Field(default=3, ge=0, description="Retries after the first attempt.")
    backoff_base_seconds: float = Field(default=2.0, gt=0)
    backoff_max_seconds: float = Field(default=300.0, gt=0)
    max_retry_after_seconds: float = Field(
        default=900.0, ge=0, description="A longer Retry-After is cut to this."
    )

    # Revisits and dedup across polls and restarts.
    revisit_after_seconds: float = Field(
        default=6 * 3600.0, ge=0, description="A known URL is refetched (conditionally) after."
    )
    failure_backoff_seconds: float = Field(
        default=3600.0, ge=0, description="Wait before retrying a failed URL; doubles per failure."
    )
    max_url_failures: int = Field(
        default=5, ge=1, description="Consecutive failed fetches after which a URL is given up."
    )
    max_item_age_hours: float = Field(
        default=72.0, gt=0, description="Feed items published earlier are skipped."
    )
    state_retention_days: float | None = Field(
        default=30.0,
        gt=0,
        description="Forget the state of pages their listing dated longer ago than this (or "
        "than the longest age cut-off, if longer): too old to be fetched again, they need no "
        "state. Undated URLs are kept. 'none': keep everything.",
    )
    max_sitemaps_per_poll: int = Field(
        default=50,
        ge=1,
        description="Sitemaps named by indexes or robots.txt read in one poll, all levels "
        "together; the newest first, the rest in later polls.",
    )
    max_sitemap_depth: int = Field(
        default=4, ge=1, description="Levels of nested sitemap indexes followed."
    )
    sitemap_probe_ttl_seconds: float = Field(
        default=86400.0,
        ge=0,
        description="How long a site source remembers which well-known sitemap paths exist.",
    )
    tracking_params: list[str] = Field(
        default_factory=lambda: list(DEFAULT_TRACKING_PARAMS),
        description="Query parameters dropped from URLs; '*' at the end matches a prefix.",
    )

    # Server-side request forgery guard.
    ssrf_allow: list[str] = Field(
        default_factory=list,
        description="CIDRs or host names exempt from the private-address refusal (dev, tests).",
    )
    dns_cache_seconds: float = Field(default=60.0, ge=0)

    # Revisits: a page is fetched again on this schedule after its first fetch, whether or not
    # a source still lists it, so that edits after publication are seen.
    revisit_schedule_seconds: list[float] = Field(
        default_factory=lambda: [3600.0, 6 * 3600.0, 24 * 3600.0, 72 * 3600.0],
        description="Seconds after the first fetch; [] turns scheduled revisits off.",
    )
    revisit_check_seconds: float = Field(
        default=60.0, gt=0, description="How often a fetch worker looks for revisits due."
    )

    # Scaling out: discovery instances share the sources, fetch workers share the hosts.
    discovery_group_id: str = Field(
        default="newsroom-discovery", description="Consumer group of the discovery instances."
    )
    group_id: str = Field(
        default="newsroom-fetcher", description="Consumer group of the fetch workers."
    )
    max_items_in_flight: int = Field(
        default=2000,
        ge=1,
        description="Frontier items a fetch worker holds at once (most wait for their host).",
    )
    max_items_in_flight_per_partition: int = Field(
        default=500, ge=1, description="The same, per frontier partition."
    )

    # Operations.
    metrics_port: int = Field(default=9101, ge=0, description="/metrics and /health; 0 = any.")
    state_load_timeout_seconds: float = Field(default=300.0, gt=0)
    log_level: str = "INFO"
    log_json: bool = True

    @property
    def user_agent(self) -> str:
        return f"{self.user_agent_name}/{__version__} (+{self.contact_url})"

    @property
    def max_message_bytes(self) -> int:
        return RAW_PAGE_MAX_MESSAGE_BYTES

    @model_validator(mode="after")
    def _body_fits_topic(self) -> Self:
        # The body travels base64-encoded (4/3 larger) inside the RawPage JSON.
        needed = (self.max_body_bytes * 4 + 2) // 3 + ENVELOPE_ALLOWANCE_BYTES
        if needed > RAW_PAGE_MAX_MESSAGE_BYTES:
            raise ValueError(
                f"max_body_bytes={self.max_body_bytes} does not fit the raw-pages topic "
                f"(max.message.bytes={RAW_PAGE_MAX_MESSAGE_BYTES}); at most "
                f"{(RAW_PAGE_MAX_MESSAGE_BYTES - ENVELOPE_ALLOWANCE_BYTES) * 3 // 4}"
            )
        return self
