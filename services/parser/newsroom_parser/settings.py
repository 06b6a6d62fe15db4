"""Parser settings (env vars NEWSROOM_PARSER_<FIELD>)."""

from __future__ import annotations

import os

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from newsroom_shared.settings import KafkaSettings


class ParserSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NEWSROOM_PARSER_", extra="ignore")

    kafka: KafkaSettings = Field(default_factory=KafkaSettings)
    group_id: str = Field(default="newsroom-parser", description="Kafka consumer group.")
    workers: int = Field(
        default_factory=lambda: max(1, os.cpu_count() or 1),
        ge=1,
        description="Extraction processes (CPU-bound work runs there, off the event loop). "
        "Default: one per CPU.",
    )
    in_flight_per_worker: int = Field(
        default=4,
        ge=1,
        description="Pages queued per worker process; as many again may be publishing "
        "(bounds memory).",
    )
    time_budget: float = Field(
        default=30.0, gt=0, description="Seconds one page may take before it is dead-lettered."
    )
    nlp: bool = Field(default=True, description="Extract entities and quotes (English).")
    revisions: bool = Field(
        default=True,
        description="Compare each article version with the page's last one and publish "
        "revisions (stealth edits); the last versions are kept in the revision-state topic.",
    )
    state_load_timeout_seconds: float = Field(
        default=300.0, gt=0, description="Longest a restore of revision state may take."
    )
    revision_retention_days: float | None = Field(
        default=30.0,
        gt=0,
        description="Forget pages not parsed for this long, so memory is bounded by the pages "
        "seen within it; such a page's next version, if one comes, counts as its first. Keep "
        "it at least the fetcher's state retention. 'none': keep everything.",
    )
    metrics_port: int | None = Field(
        default=9102, description="Port of /metrics and /health (0: any free port; unset: off)."
    )
    log_json: bool = Field(default=True, description="JSON log lines (else plain text).")
