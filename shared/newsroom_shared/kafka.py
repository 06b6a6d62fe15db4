"""Kafka clients configured the same way in every service, and idempotent topic management."""

from __future__ import annotations

import asyncio
import logging
import time
import zlib
from dataclasses import dataclass
from typing import Any

import aiokafka.codec
import aiokafka.record.default_records
import aiokafka.record.legacy_records
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewPartitions, NewTopic
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from aiokafka.errors import (
    AuthenticationFailedError,
    KafkaError,
    KafkaTimeoutError,
    KafkaUnavailableError,
    SaslAuthenticationFailed,
    TopicAlreadyExistsError,
    UnknownTopicOrPartitionError,
    UnsupportedSaslMechanismError,
    for_code,
)

from newsroom_shared.settings import KafkaSettings, TopicSettings
from newsroom_shared.topics import ALL_TOPICS, TopicSpec


class _RefusedCredentials(logging.Handler):
    """aiokafka logs why a connection failed, then raises only "Unable to bootstrap": this keeps
    the last refusal of the credentials, so that error can be told apart from a server down."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.last: tuple[float, BaseException] | None = None

    def emit(self, record: logging.LogRecord) -> None:
        args = record.args if isinstance(record.args, tuple) else ()
        for arg in args:
            if isinstance(
                arg,
                SaslAuthenticationFailed
                | AuthenticationFailedError
                | UnsupportedSaslMechanismError,
            ):
                self.last = (time.monotonic(), arg)


_refused = _RefusedCredentials()
logging.getLogger("aiokafka").addHandler(_refused)


def credentials_refused(within: float = 120.0) -> BaseException | None:
    """The broker's refusal of this process's credentials in the last `within` seconds, if any:
    the real cause behind a KafkaConnectionError("Unable to bootstrap ...")."""
    if _refused.last is None or time.monotonic() - _refused.last[0] > within:
        return None
    return _refused.last[1]


def transient(error: BaseException) -> bool:
    """Kafka errors that go away by themselves: aiokafka marks most (no leader, not enough
    replicas, coordinator moving, connection lost); a request that expired while no broker
    answered is transient too."""
    if isinstance(error, KafkaTimeoutError | KafkaUnavailableError):
        return True
    return isinstance(error, KafkaError) and bool(error.retriable)


# gzip is the one codec every mainstream Kafka client reads as installed (Python's zlib; Java,
# librdkafka, Go; KafkaJS without plugins): a downstream consumer with a plain `pip install
# aiokafka` crashes on the first zstd or lz4 batch. On the project's own events it is as small
# as zstd and costs about 0.1-0.2 ms of CPU more per event (benchmarks/compression.py), noise
# next to fetching and parsing. The services keep zstd support for batches already written.
COMPRESSION_TYPE = "gzip"

# aiokafka compresses gzip at level 9 and has no setting for it: on raw pages that is about
# 7 ms of CPU per page, a third more than level 6 (zlib's default, and the Java client's and
# librdkafka's) for under 1% smaller batches. The batch builders get an encoder at GZIP_LEVEL
# (and the readers a decoder without the file-object layer of aiokafka's).
GZIP_LEVEL = 6


def gzip_encode(payload: Any, compresslevel: int | None = None) -> bytes:
    """One gzip member (RFC 1952), as every Kafka client reads it."""
    return zlib.compress(payload, compresslevel or GZIP_LEVEL, wbits=31)


def gzip_decode(payload: Any) -> bytes:
    """What aiokafka's decoder returns (every member of the stream, zero padding skipped),
    without its file-object layer."""
    data = bytes(payload)
    parts = []
    while data:
        member = zlib.decompressobj(wbits=31)
        parts.append(member.decompress(data))
        if not member.eof:
            raise EOFError("Compressed file ended before the end-of-stream marker was reached")
        data = member.unused_data.lstrip(b"\0")
    return b"".join(parts)


def _use_own_gzip() -> None:
    modules: list[Any] = [
        aiokafka.codec,
        aiokafka.record.default_records,
        aiokafka.record.legacy_records,
    ]
    try:
        from aiokafka.record._crecords import default_records, legacy_records
    except ImportError:  # pure-Python aiokafka (AIOKAFKA_NO_EXTENSIONS)
        pass
    else:
        modules += [default_records, legacy_records]
    for module in modules:
        if hasattr(module, "gzip_encode"):
            module.gzip_encode = gzip_encode
        if hasattr(module, "gzip_decode"):
            module.gzip_decode = gzip_decode


_use_own_gzip()


def make_producer(
    settings: KafkaSettings, max_request_size: int, **overrides: Any
) -> AIOKafkaProducer:
    """An idempotent producer (acks=all) that compresses: no duplicates on retry, no loss."""
    options: dict[str, Any] = {
        **settings.client_options(),
        "acks": "all",
        "enable_idempotence": True,
        "compression_type": COMPRESSION_TYPE,
        "linger_ms": 5,
        "max_request_size": max_request_size,
        "request_timeout_ms": 30_000,
    }
    options.update(overrides)
    return AIOKafkaProducer(**options)


def make_consumer(
    settings: KafkaSettings,
    *topics: str,
    group_id: str | None,
    max_fetch_bytes: int,
    **overrides: Any,
) -> AIOKafkaConsumer:
    """A consumer that never commits on its own: services commit after their output is safe."""
    options: dict[str, Any] = {
        **settings.client_options(),
        "group_id": group_id,
        "enable_auto_commit": False,
        "auto_offset_reset": "earliest",
        "isolation_level": "read_committed",
        "max_partition_fetch_bytes": max_fetch_bytes,
        "fetch_max_bytes": max(max_fetch_bytes, 50 * 1024 * 1024),
    }
    options.update(overrides)
    return AIOKafkaConsumer(*topics, **options)


@dataclass(frozen=True)
class TopicChange:
    topic: str
    # created, updated, unchanged, or drift: the cluster differs from the layout in a way this
    # command leaves to the operator (detail says what to do).
    action: str
    detail: str = ""


class TopicApplyError(RuntimeError):
    pass


@dataclass(frozen=True)
class TopicPlan:
    """What one topic should look like on this cluster: the spec under the layout settings."""

    spec: TopicSpec
    partitions: int
    replication_factor: int
    configs: dict[str, str]


def plan_topics(
    specs: tuple[TopicSpec, ...] = ALL_TOPICS, layout: TopicSettings | None = None
) -> list[TopicPlan]:
    layout = layout or TopicSettings()
    by_name = {spec.name: spec for spec in ALL_TOPICS}

    def partitions(spec: TopicSpec) -> int:
        if spec.partitions_like is not None:
            return partitions(by_name[spec.partitions_like])
        return layout.partitions.get(spec.name, spec.partitions)

    return [
        TopicPlan(
            spec,
            partitions(spec),
            layout.replication_factor,
            {**spec.configs, "min.insync.replicas": str(layout.min_insync_replicas)},
        )
        for spec in specs
    ]


async def apply_topics(
    settings: KafkaSettings,
    specs: tuple[TopicSpec, ...] = ALL_TOPICS,
    wait_seconds: float = 60.0,
    layout: TopicSettings | None = None,
    add_partitions: bool = False,
) -> list[TopicChange]:
    """Create missing topics and bring existing ones to their spec and layout (partitions,
    replication, configs). Safe to run repeatedly.

    Configs are always brought back. Partitions only ever grow (Kafka cannot shrink them), and
    only with `add_partitions`: every topic is keyed, and a new partition count sends keys to
    other partitions (docs/scaling.md). A replication factor that differs is reported: changing
    it is a partition reassignment, which this command does not do.
    """
    admin = AIOKafkaAdminClient(
        **settings.client_options(), request_timeout_ms=int(wait_seconds * 1000)
    )
    await asyncio.wait_for(admin.start(), wait_seconds)
    try:
        return [
            await _apply_one(admin, settings.topic(plan.spec.name), plan, add_partitions)
            for plan in plan_topics(specs, layout)
        ]
    finally:
        await admin.close()


async def _apply_one(
    admin: AIOKafkaAdminClient, name: str, plan: TopicPlan, add_partitions: bool
) -> TopicChange:
    existing = await _describe(admin, name)
    if existing is None:
        response = await admin.create_topics(
            [NewTopic(name, plan.partitions, plan.replication_factor, topic_configs=plan.configs)]
        )
        code, message = response.topic_errors[0][1], response.topic_errors[0][2]
        if code == 0:
            await _wait_visible(admin, name)
            return TopicChange(
                name,
                "created",
                f"{plan.partitions} partitions, replication factor {plan.replication_factor}",
            )
        if for_code(code) is not TopicAlreadyExistsError:
            raise TopicApplyError(
                f"cannot create topic {name}: {for_code(code).__name__}: {message}"
            )
        # Created a moment ago (by us or a concurrent apply) but not yet in the metadata we read.
        existing = await _wait_visible(admin, name)

    details: list[str] = []
    left: list[str] = []
    current_partitions = len(existing["partitions"])
    if current_partitions < plan.partitions and add_partitions:
        await admin.create_partitions({name: NewPartitions(plan.partitions)})
        details.append(f"partitions {current_partitions} -> {plan.partitions}")
    elif current_partitions < plan.partitions:
        left.append(
            f"has {current_partitions} partitions, the layout says {plan.partitions}: adding "
            "them moves keys to other partitions (docs/scaling.md); run with --add-partitions"
        )
    elif current_partitions > plan.partitions:
        left.append(f"has {current_partitions} partitions, the layout says {plan.partitions}")
    configs = plan.configs
    replicas = len(existing["partitions"][0]["replicas"])
    if replicas != plan.replication_factor:
        left.append(
            f"replication factor {replicas}, the layout says {plan.replication_factor}: "
            "change it with a partition reassignment (docs/scaling.md)"
        )
        # Kafka keeps min.insync.replicas at most the replication factor (it drops a larger
        # value without an error): set what the topic can have until it is reassigned.
        wanted = int(configs["min.insync.replicas"])
        configs = {**configs, "min.insync.replicas": str(min(wanted, replicas))}

    drift = await _config_drift(admin, name, configs)
    if drift:
        # AlterConfigs sets the full list of topic overrides, which is what a declarative spec
        # wants: every override not in the spec goes back to the broker default.
        responses = await admin.alter_configs(
            [ConfigResource(ConfigResourceType.TOPIC, name, configs=configs)]
        )
        for response in responses:
            for resource in response.resources:
                if resource[0]:
                    raise TopicApplyError(f"cannot update configs of {name}: {resource[1]}")
        details.append("configs " + ", ".join(drift))
    if left:
        return TopicChange(name, "drift", "; ".join(details + left))
    return TopicChange(name, "updated" if details else "unchanged", "; ".join(details))


async def _describe(admin: AIOKafkaAdminClient, name: str) -> dict[str, Any] | None:
    for topic in await admin.describe_topics([name]):
        if topic["topic"] == name and topic["error_code"] == 0 and topic["partitions"]:
            return topic
    return None


_VISIBLE_WITHIN = 30.0


async def _wait_visible(admin: AIOKafkaAdminClient, name: str) -> dict[str, Any]:
    """New topics reach the metadata of every broker listener a little after creation."""
    deadline = asyncio.get_running_loop().time() + _VISIBLE_WITHIN
    while True:
        topic = await _describe(admin, name)
        if topic is not None:
            return topic
        if asyncio.get_running_loop().time() > deadline:
            raise TopicApplyError(
                f"topic {name} was created but not visible after {_VISIBLE_WITHIN:g}s"
            )
        await asyncio.sleep(0.2)


async def _config_drift(admin: AIOKafkaAdminClient, name: str, wanted: dict[str, str]) -> list[str]:
    current = await _topic_configs(admin, name)
    return [f"{key}={value}" for key, value in sorted(wanted.items()) if current.get(key) != value]


async def _topic_configs(admin: AIOKafkaAdminClient, name: str) -> dict[str, str | None]:
    """The topic's configs. A broker that has not yet heard of a topic created a moment ago
    answers "unknown topic" (on a cluster, a re-apply right after creation): asked again
    until the topic is visible there too."""
    deadline = asyncio.get_running_loop().time() + _VISIBLE_WITHIN
    while True:
        responses = await admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, name)])
        current: dict[str, str | None] = {}
        error: tuple[int, str] | None = None
        for response in responses:
            for resource in response.resources:
                if resource[0]:
                    error = (resource[0], resource[1])
                for entry in resource[4]:
                    current[entry[0]] = entry[1]
        if error is None:
            return current
        code, message = error
        unknown = for_code(code) is UnknownTopicOrPartitionError
        if not unknown or asyncio.get_running_loop().time() > deadline:
            raise TopicApplyError(
                f"cannot read configs of {name}: {for_code(code).__name__}: {message}"
            )
        await asyncio.sleep(0.2)


__all__ = [
    "COMPRESSION_TYPE",
    "KafkaError",
    "TopicApplyError",
    "TopicChange",
    "apply_topics",
    "committed_offsets",
    "end_offsets",
    "make_consumer",
    "make_producer",
]


async def partitions_of(settings: KafkaSettings, topic: str) -> list[int]:
    admin = AIOKafkaAdminClient(**settings.client_options())
    await admin.start()
    try:
        described = await _describe(admin, topic)
    finally:
        await admin.close()
    return sorted(p["partition"] for p in described["partitions"]) if described else []


async def end_offsets(settings: KafkaSettings, topic: str) -> dict[int, int]:
    """The next offset to be written, per partition (what a caught-up consumer commits)."""
    partitions = await partitions_of(settings, topic)
    if not partitions:
        return {}
    consumer = AIOKafkaConsumer(**settings.client_options(), enable_auto_commit=False)
    await consumer.start()
    try:
        ends = await consumer.end_offsets([TopicPartition(topic, p) for p in partitions])
    finally:
        await consumer.stop()
    return {tp.partition: offset for tp, offset in ends.items()}


async def committed_offsets(settings: KafkaSettings, group: str, topic: str) -> dict[int, int]:
    """The offsets `group` has committed on `topic`, per partition (absent: none yet)."""
    admin = AIOKafkaAdminClient(**settings.client_options())
    await admin.start()
    try:
        offsets = await admin.list_consumer_group_offsets(group)
    finally:
        await admin.close()
    return {tp.partition: meta.offset for tp, meta in offsets.items() if tp.topic == topic}
