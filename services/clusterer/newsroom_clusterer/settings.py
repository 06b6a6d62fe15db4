"""Clusterer settings (env vars NEWSROOM_CLUSTERER_<FIELD>)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from newsroom_shared.settings import KafkaSettings


class ClustererSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NEWSROOM_CLUSTERER_", extra="ignore")

    kafka: KafkaSettings = Field(default_factory=KafkaSettings)
    group_id: str = Field(default="newsroom-clusterer", description="Kafka consumer group.")
    state_load_timeout_seconds: float = Field(
        default=900.0, gt=0, description="Longest the read-back of the cluster state may take."
    )
    window_days: float | None = Field(
        default=30.0,
        gt=0,
        description="Forget articles not seen for this long, and stories left without members, "
        "so memory is bounded by the articles of the window; a copy of a forgotten article "
        "starts a new story. 'none': keep everything.",
    )
    metrics_port: int | None = Field(
        default=9104, description="Port of /metrics and /health (0: any free port; unset: off)."
    )
