"""Every topic of the system, defined once: name, partitions, configs, key and value type.

`newsroom topics apply` (and the compose init job) creates or updates them from these specs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aiokafka.partitioner import murmur2

from newsroom_shared.contracts import Article, DeadLetter, Event, FrontierItem, RawPage

_DAY_MS = 24 * 60 * 60 * 1000

# A raw page body is capped by the fetcher (4 MiB by default) and travels base64-encoded
# (4/3 larger) inside a JSON envelope, so raw-page messages need room for about 6 MiB. The
# fetcher's producer `max_request_size` is derived from this same number.
RAW_PAGE_MAX_MESSAGE_BYTES = 8 * 1024 * 1024
ARTICLE_MAX_MESSAGE_BYTES = 4 * 1024 * 1024
# Dead letters carry the failed payload, so they fit what they were made from.
DEAD_LETTER_MAX_MESSAGE_BYTES = RAW_PAGE_MAX_MESSAGE_BYTES
# A URL's state, a frontier item, a source: a few hundred bytes each. Set on the topic, not left
# to the broker's message.max.bytes (1 MiB by default, 10 MiB in compose), so the limit is the
# same everywhere.
SMALL_MESSAGE_MAX_BYTES = 1024 * 1024


@dataclass(frozen=True)
class TopicSpec:
    name: str
    partitions: int
    key: str
    value: type[Event] | None
    description: str
    configs: dict[str, str] = field(default_factory=dict)
    # A state topic has as many partitions as the topic it follows: partition n of one holds
    # the state of what partition n of the other carries.
    partitions_like: str | None = None

    @property
    def max_message_bytes(self) -> int:
        return int(self.configs.get("max.message.bytes", 1024 * 1024))


# Partitions bound how many instances of a consuming service can share the work: sized for about
# a million articles a day with room to grow (docs/scaling.md); a deployment may set others
# (NEWSROOM_TOPICS_PARTITIONS).
RAW_PAGES = TopicSpec(
    name="newsroom.raw-pages.v1",
    partitions=12,
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
    partitions=12,
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


def _small_compacted() -> dict[str, str]:
    """The state and sources topics: small JSON records, the latest per key kept."""
    return {
        "cleanup.policy": "compact",
        "max.message.bytes": str(SMALL_MESSAGE_MAX_BYTES),
        "compression.type": "producer",
    }


FRONTIER = TopicSpec(
    name="newsroom.frontier.v1",
    partitions=24,
    key="host of the URL: every URL of a host on one partition, so one fetch worker owns it",
    value=FrontierItem,
    description="URLs discovery found, for the fetch workers. A worker decides from the URL's "
    "state whether it is due (new, changed listing, revisit, retry after a failure).",
    configs={
        "cleanup.policy": "delete",
        "retention.ms": str(7 * _DAY_MS),
        "max.message.bytes": str(SMALL_MESSAGE_MAX_BYTES),
        "compression.type": "producer",
    },
)

SOURCES = TopicSpec(
    name="newsroom.sources.v1",
    partitions=6,
    key="source id",
    value=None,
    description="The fetcher's sources (feeds, sitemaps, URL lists, robots.txt files, sites), "
    "one JSON record per source, a tombstone for a removed one. Compacted. Discovery instances "
    "share the partitions as a consumer group: each source is polled by one of them.",
    configs=_small_compacted(),
)

FETCH_STATE = TopicSpec(
    name="newsroom.fetch-state.v2",
    partitions=FRONTIER.partitions,
    partitions_like=FRONTIER.name,
    key="url_id(canonical URL). The partition is the frontier partition of the URL's host (not "
    "the key's hash): a fetch worker restores only the hosts it owns",
    value=None,
    description="The fetch workers' per-URL state (validators, content hash, failures). Compacted.",
    configs=_small_compacted(),
)

DISCOVERY_STATE = TopicSpec(
    name="newsroom.discovery-state.v1",
    partitions=SOURCES.partitions,
    partitions_like=SOURCES.name,
    key="url_id(document URL). The partition is the sources partition of the source that "
    "reads the document: a discovery instance restores only the sources it owns",
    value=None,
    description="Discovery's validators of source documents (feeds, sitemaps, lists), for "
    "conditional requests. Compacted.",
    configs=_small_compacted(),
)


def partition_of(key: str, partitions: int) -> int:
    """The partition Kafka's default partitioner (murmur2, as in the Java client) gives `key`:
    the state topics use it to place a record where the key's owner reads."""
    return (murmur2(key.encode("utf-8")) & 0x7FFFFFFF) % partitions


ALL_TOPICS: tuple[TopicSpec, ...] = (
    SOURCES,
    FRONTIER,
    RAW_PAGES,
    ARTICLES,
    DEAD_LETTERS,
    FETCH_STATE,
    DISCOVERY_STATE,
)
