"""Prometheus metrics of the runtime, the same in every consuming service (label `service`)."""

from prometheus_client import Counter, Gauge

RECORDS = Counter(
    "newsroom_stream_records_total",
    "Records a service finished, by outcome (published, dead_letter).",
    ["service", "outcome"],
)
IN_FLIGHT = Gauge("newsroom_stream_in_flight", "Records taken but not yet finished.", ["service"])
PAUSED = Gauge(
    "newsroom_stream_paused_partitions",
    "Partitions paused (backpressure: a window full for long, Kafka down, a handler not "
    "accepting, or not ready yet).",
    ["service"],
)
COMMITS = Counter("newsroom_stream_commits_total", "Offset commits.", ["service"])
