"""Prometheus metrics of the clusterer."""

from prometheus_client import Counter, Gauge, Histogram

ARTICLES = Counter(
    "newsroom_clusterer_articles_total",
    "Articles clustered, by result (new_story, joined, known).",
    ["result"],
)
STORIES = Gauge("newsroom_clusterer_indexed_stories", "Stories in the index.")
INDEXED = Gauge("newsroom_clusterer_indexed_articles", "Articles in the index.")
SECONDS = Histogram(
    "newsroom_clusterer_seconds",
    "Signature and assignment time per article.",
    buckets=(0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1),
)
