"""Prometheus metrics of the indexer (defined once per process: the registry is global)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

MESSAGES = Counter(
    "newsroom_indexer_messages_total",
    "Article messages handled, by outcome: indexed, stale (an equal or newer version is "
    "indexed), superseded (a newer version in the same batch), rejected, invalid, tombstone.",
    ["outcome"],
)
DOCUMENTS = Counter(
    "newsroom_indexer_documents_total",
    "Documents written, by index kind and result (created, updated, deleted, stale, rejected).",
    ["kind", "result"],
)
BATCHES = Counter("newsroom_indexer_batches_total", "Batches committed.")
BATCH_MESSAGES = Histogram(
    "newsroom_indexer_batch_messages",
    "Messages per committed batch.",
    buckets=(1, 10, 50, 100, 250, 500, 1000, 2000, 5000),
)
BATCH_SECONDS = Histogram(
    "newsroom_indexer_batch_write_seconds",
    "Time from handing a batch to Elasticsearch to every document acknowledged.",
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300),
)
RETRIES = Counter(
    "newsroom_indexer_es_retries_total",
    "Retries after a retryable Elasticsearch error, by reason.",
    ["reason"],
)
DEAD_LETTERS = Counter(
    "newsroom_indexer_dead_letters_total", "Dead letters published, by reason.", ["reason"]
)
ES_AVAILABLE = Gauge(
    "newsroom_indexer_elasticsearch_available",
    "1 while Elasticsearch answers, 0 while the indexer is backing off.",
)
PAUSED = Gauge("newsroom_indexer_consumption_paused", "1 while consumption is paused on an outage.")
LAST_COMMIT = Gauge(
    "newsroom_indexer_last_commit_timestamp_seconds", "When offsets were last committed."
)
ROLLOVERS = Counter(
    "newsroom_indexer_rollovers_total", "Rollovers made by the service's own checks.", ["kind"]
)
