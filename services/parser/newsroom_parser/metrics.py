"""Prometheus metrics of the parser."""

from prometheus_client import Counter, Histogram

PAGES = Counter("newsroom_parser_pages_total", "Raw pages processed, by outcome.", ["outcome"])
DEAD_LETTERS = Counter(
    "newsroom_parser_dead_letters_total", "Pages dead-lettered, by reason.", ["reason"]
)
PARSE_SECONDS = Histogram(
    "newsroom_parser_parse_seconds",
    "Extraction + NLP time per page, inside the worker process.",
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
POOL_RESTARTS = Counter("newsroom_parser_pool_restarts_total", "Extraction pool restarts.")
REVISIONS = Counter(
    "newsroom_parser_revisions_total",
    "Article versions compared with the page's last one, by result (first, same, revision, older).",
    ["result"],
)
