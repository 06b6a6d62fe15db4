"""Every topic of the system, defined once: name, partitions, configs, key and value type.

`newsroom topics apply` (and the compose init job) creates or updates them from these specs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newsroom_shared.contracts import Article, DeadLetter, Event, RawPage

_DAY_MS = 24 * 60 * 60 * 1000

# A raw page body is capped by the fetcher (4 MiB by default) and travels base64-encoded
# (4/3 larger) inside a JSON envelope, so raw-page messages need room for about 6 MiB. The
# fetcher's producer `max_request_size` is derived from this same number.
RAW_PAGE_MAX_MESSAGE_BYTES = 8 * 1024 * 1024
ARTICLE_MAX_MESSAGE_BYTES = 4 * 1024 * 1024
# Dead letters carry the failed payload, so they fit what they were made from.
DEAD_LETTER_MAX_MESSAGE_BYTES = RAW_PAGE_MAX_MESSAGE_BYTES
# A URL's fetch state is a few hundred bytes. Set on the topic, not left to the broker's
# message.max.bytes (1 MiB by default, 10 MiB in compose), so the limit is the same everywhere.
FETCH_STATE_MAX_MESSAGE_BYTES = 1024 * 1024


@dataclass(frozen=True)
class TopicSpec:
    name: str
    partitions: int
    key: str
    value: type[Event] | None
    description: str
    configs: dict[str, str] = field(default_factory=dict)
    replication_factor: int = 1

    @property
    def max_message_bytes(self) -> int:
        return int(self.configs.get("max.message.bytes", 1024 * 1024))


RAW_PAGES = TopicSpec(
    name="newsroom.raw-pages.v1",
    partitions=6,
    key="url_id(canonical URL): every fetch of a URL lands on the same partition, in order",
    value=RawPage,
    description="Pages as fetched, for the parser; replayable after a parser upgrade.",
    configs={
        "cleanup.policy": "delete",
        "retention.ms": str(14 * _DAY_MS),
        "max.message.bytes": str(RAW_PAGE_MAX_MESSAGE_BYTES),
        "compression.type": "producer",
    },
)

ARTICLES = TopicSpec(
    name="newsroom.articles.v1",
    partitions=6,
    key="article id: all versions of an article are ordered on one partition",
    value=Article,
    description="Parsed articles. Compacted: the latest version of every article is kept, so "
    "a new consumer can bootstrap the full corpus from the beginning of the topic.",
    configs={
        "cleanup.policy": "compact",
        "max.message.bytes": str(ARTICLE_MAX_MESSAGE_BYTES),
        # Give consumers an hour to read every version before compaction may drop one.
        "min.compaction.lag.ms": str(60 * 60 * 1000),
        "compression.type": "producer",
    },
)

DEAD_LETTERS = TopicSpec(
    name="newsroom.dead-letters.v1",
    partitions=3,
    key="key of the failed input (url_id for fetch failures)",
    value=DeadLetter,
    description="Inputs a stage could not process, with the reason; inspected and re-driven "
    "with `newsroom dlq`.",
    configs={
        "cleanup.policy": "delete",
        "retention.ms": str(30 * _DAY_MS),
        "max.message.bytes": str(DEAD_LETTER_MAX_MESSAGE_BYTES),
        "compression.type": "producer",
    },
)

FETCH_STATE = TopicSpec(
    name="newsroom.fetch-state.v1",
    partitions=6,
    key="url_id(canonical URL)",
    value=None,
    description="The fetcher's per-URL state (validators, content hash, failures). Compacted; "
    "read back on start so a restarted fetcher neither refetches nor forgets.",
    configs={
        "cleanup.policy": "compact",
        "max.message.bytes": str(FETCH_STATE_MAX_MESSAGE_BYTES),
        "compression.type": "producer",
    },
)

ALL_TOPICS: tuple[TopicSpec, ...] = (RAW_PAGES, ARTICLES, DEAD_LETTERS, FETCH_STATE)
