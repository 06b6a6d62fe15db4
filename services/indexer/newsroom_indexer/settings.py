"""Settings of the indexer service. Env vars: NEWSROOM_INDEXER_<FIELD>.

Kafka and Elasticsearch connections come from the shared settings (NEWSROOM_KAFKA_*,
NEWSROOM_ES_*), embedded here so one object configures the whole service.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from newsroom_shared.settings import ElasticsearchSettings, KafkaSettings

AnalysisChoice = Literal["auto", "english", "standard"]
LifecycleChoice = Literal["auto", "ilm", "service", "off"]


class IndexerSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NEWSROOM_INDEXER_", extra="ignore")

    kafka: KafkaSettings = Field(default_factory=KafkaSettings)
    elasticsearch: ElasticsearchSettings = Field(default_factory=ElasticsearchSettings)

    group_id: str = Field(default="newsroom-indexer", description="Kafka consumer group.")
    metrics_port: int | None = Field(
        default=9103, description="Port of /metrics and /health (0: any free port; unset: off)."
    )

    # Batches close on whichever bound is reached first.
    batch_max_docs: int = Field(default=1000, ge=1, description="Articles per batch.")
    batch_max_bytes: int = Field(
        default=8 * 1024 * 1024, ge=1, description="Kafka message bytes per batch."
    )
    batch_max_wait: float = Field(
        default=1.0, gt=0, description="Seconds a batch may wait for more articles."
    )
    bulk_chunk_docs: int = Field(
        default=500, ge=1, description="Documents per Elasticsearch bulk request."
    )
    bulk_chunk_bytes: int = Field(
        default=10 * 1024 * 1024, ge=1024, description="Bytes per Elasticsearch bulk request."
    )

    bulk_concurrency: int = Field(
        default=1, ge=1, description="Bulk requests in flight at once within a batch."
    )

    retry_initial_backoff: float = Field(
        default=0.5, gt=0, description="First wait after a retryable Elasticsearch error (s)."
    )
    # Short enough that indexing resumes within seconds of Elasticsearch coming back after a
    # long outage; a failed attempt against a node that is down costs next to nothing.
    retry_max_backoff: float = Field(
        default=5.0, gt=0, description="Longest wait between retries (s); retries never stop."
    )

    analysis: AnalysisChoice = Field(
        default="auto",
        description="Text analysis of new indices: english (needs analysis-common), standard, "
        "or auto (english when the cluster has it).",
    )
    apply_on_start: bool = Field(
        default=True, description="Apply templates and bootstrap indices when the service starts."
    )
    number_of_shards: int = Field(default=1, ge=1)
    auto_expand_replicas: str = Field(
        default="0-1", description="Replicas follow the node count: none on a single node."
    )
    refresh_interval: str = "1s"

    lifecycle: LifecycleChoice = Field(
        default="auto",
        description="Rollover by: ilm (the cluster's ILM), service (this service checks the "
        "conditions on a timer), off, or auto (ilm when available, else service).",
    )
    rollover_max_age: str = "30d"
    rollover_max_primary_shard_size: str = "25gb"
    rollover_max_docs: int | None = Field(default=None, ge=1)
    rollover_check_interval: float = Field(
        default=600.0, gt=0, description="Seconds between rollover checks when lifecycle=service."
    )
