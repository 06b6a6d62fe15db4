"""The parser service: raw pages in, articles (or dead letters) out, on the shared runtime.

Extraction and NLP run in the process pool (`ParserPool`, a deadline per page and crash
recovery); the runtime owns consumption, ordering, publishing and commits. The same handler
serves the live service and `newsroom replay` (another group, a bounded run, another topic).
"""

from __future__ import annotations

from collections.abc import Sequence

from aiokafka.structs import ConsumerRecord

from newsroom_parser import metrics
from newsroom_parser.pool import ParserPool
from newsroom_parser.settings import ParserSettings
from newsroom_shared.runtime.publisher import Message
from newsroom_shared.runtime.service import StreamService
from newsroom_shared.runtime.stream import Handler, Rejected, StreamConfig, StreamRuntime
from newsroom_shared.topics import ARTICLES, RAW_PAGE_MAX_MESSAGE_BYTES, RAW_PAGES


class ParseHandler(Handler):
    def __init__(self, settings: ParserSettings, articles_topic: str | None = None) -> None:
        self.settings = settings
        self.articles_topic = articles_topic or settings.kafka.topic(ARTICLES.name)
        self.pool: ParserPool | None = None

    async def start(self) -> None:
        self.pool = ParserPool(self.settings.workers, self.settings.nlp, self.settings.time_budget)
        await self.pool.warm_up()

    async def stop(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool = None

    async def handle(self, record: ConsumerRecord) -> Sequence[Message]:
        assert self.pool is not None
        outcome = await self.pool.parse(record.value)
        metrics.PARSE_SECONDS.observe(outcome.seconds)
        if outcome.failed:
            metrics.PAGES.labels("dead_letter").inc()
            metrics.DEAD_LETTERS.labels(outcome.reason or "unknown").inc()
            raise Rejected(
                outcome.reason or "unknown",
                outcome.message or "",
                error_class=outcome.error_class,
                url=outcome.url,
                source_id=outcome.source_id,
            )
        metrics.PAGES.labels("article").inc()
        return [Message(self.articles_topic, outcome.key, outcome.value, outcome.headers or [])]

    def health(self) -> tuple[bool, dict[str, object]]:
        # Ready once every worker process has its models loaded.
        pool = self.pool
        return pool is not None and pool.ready, {
            "workers": self.settings.workers,
            "pool_restarts": pool.restarts if pool else 0,
        }


def stream_config(settings: ParserSettings, group_id: str | None = None) -> StreamConfig:
    window = settings.workers * settings.in_flight_per_worker
    return StreamConfig(
        service="parser",
        stage="parse",
        group_id=group_id or settings.group_id,
        topics=(settings.kafka.topic(RAW_PAGES.name),),
        max_fetch_bytes=RAW_PAGE_MAX_MESSAGE_BYTES,
        max_request_size=ARTICLES.max_message_bytes,
        max_in_flight=window,
        max_in_flight_per_partition=window,
        # A page in the pool may take its whole time budget; give it that on a rebalance.
        revoke_grace=min(settings.time_budget, 10.0),
        shutdown_grace=settings.time_budget + 5.0,
    )


def build_service(settings: ParserSettings) -> StreamService:
    runtime = StreamRuntime(settings.kafka, stream_config(settings), ParseHandler(settings))
    return StreamService(runtime, settings.metrics_port)
