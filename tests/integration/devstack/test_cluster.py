"""The three-node dev cluster survives the loss of any one node, as production clusters do.

Kafka: topics with 3 replicas and min.insync.replicas=2 keep taking acks=all writes with one
broker killed, and the broker rejoins every ISR after a restart. Elasticsearch: with the elected
master killed, the others elect a new one and take writes again within seconds.
"""

from __future__ import annotations

import asyncio
import time
import uuid

import httpx
import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from tests.conftest import Cluster

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.cluster]

PARTITIONS = 3
DOCS = 12


async def _isr(admin: AIOKafkaAdminClient, topic: str) -> dict[int, set[int]]:
    """The in-sync replicas of each partition, asked of whichever broker answers."""
    for _ in range(50):
        try:
            [description] = await admin.describe_topics([topic])
            return {p["partition"]: set(p["isr"]) for p in description["partitions"]}
        except Exception:  # noqa: BLE001 - the admin may still try the killed broker first
            await asyncio.sleep(0.2)
    raise AssertionError(f"no broker describes {topic}")


async def _produce_to_every_partition(bootstrap: str, topic: str, within: float) -> float:
    """Seconds until one acks=all write to each partition succeeded."""
    began = time.monotonic()
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", request_timeout_ms=3000)
    await producer.start()
    try:
        pending = set(range(PARTITIONS))
        while pending:
            assert time.monotonic() - began < within, f"partitions {pending} refuse writes"
            for partition in sorted(pending):
                try:
                    await producer.send_and_wait(topic, b"x", partition=partition)
                    pending.discard(partition)
                except Exception:  # noqa: BLE001 - any failure: not yet, try again
                    await asyncio.sleep(0.2)
        return time.monotonic() - began
    finally:
        # stop() waits for pending batches, which may never end while a broker is down.
        await asyncio.wait_for(producer.stop(), 10)


async def test_kafka_keeps_acks_all_writes_with_one_broker_killed(cluster: Cluster) -> None:
    topic = f"chaos-{uuid.uuid4().hex[:8]}"
    admin = AIOKafkaAdminClient(bootstrap_servers=cluster.kafka_bootstrap_servers)
    await admin.start()
    try:
        created = await admin.create_topics(
            [NewTopic(topic, PARTITIONS, 3, topic_configs={"min.insync.replicas": "2"})]
        )
        assert all(error == 0 for _, error, *_ in created.topic_errors), created.topic_errors
        await _produce_to_every_partition(cluster.kafka_bootstrap_servers, topic, within=30)

        victim = cluster.kafka_nodes[1]
        victim_id = int(victim.rsplit("-", 1)[1])
        cluster.kill(victim)
        survivors = ",".join(cluster.address(n) for n in cluster.kafka_nodes if n != victim)
        recovered = await _produce_to_every_partition(survivors, topic, within=60)
        print(f"acks=all to every partition {recovered:.1f}s after kill -9 of {victim}")
        isr = await _isr(admin, topic)
        assert all(victim_id not in members and len(members) == 2 for members in isr.values())

        began = time.monotonic()
        await asyncio.to_thread(cluster.restart, victim)
        while any(len(members) < 3 for members in (await _isr(admin, topic)).values()):
            assert time.monotonic() - began < 120, await _isr(admin, topic)
            await asyncio.sleep(0.5)
        print(f"{victim} back in every ISR {time.monotonic() - began:.1f}s after its restart")
        # And the restarted node serves clients itself.
        await _produce_to_every_partition(cluster.address(victim), topic, within=30)
        await admin.delete_topics([topic])
    finally:
        await admin.close()


def _elected_master(urls: list[str]) -> str:
    """node.name of the elected master, asked of any node that answers."""
    for url in urls:
        try:
            rows = httpx.get(f"{url}/_cat/master", params={"format": "json"}, timeout=5).json()
            return str(rows[0]["node"])
        except (httpx.HTTPError, KeyError, IndexError, ValueError):
            continue
    raise AssertionError("no node names an elected master")


def test_elasticsearch_takes_writes_again_seconds_after_its_master_is_killed(
    cluster: Cluster,
) -> None:
    index = f"chaos-{uuid.uuid4().hex[:8]}"
    urls = cluster.elasticsearch_urls
    created = httpx.put(
        f"{urls[0]}/{index}",
        params={"wait_for_active_shards": "all"},
        json={"settings": {"number_of_shards": 3, "number_of_replicas": 1}},
        timeout=60,
    )
    assert created.status_code == 200, created.text

    master = _elected_master(urls)
    assert master in cluster.elasticsearch_nodes
    cluster.kill(master)
    survivors = [cluster.address(n) for n in cluster.elasticsearch_nodes if n != master]
    began = time.monotonic()
    # Twelve documents, which their ids spread over the three shards (all three but for a
    # chance of 1 in 50,000), each acknowledged by its shard's primary.
    written: set[str] = set()
    while len(written) < DOCS:
        assert time.monotonic() - began < 30, f"writes refused for 30s; written {written}"
        for n in range(DOCS):
            doc = f"doc-{n}"
            if doc in written:
                continue
            try:
                response = httpx.put(
                    f"{survivors[n % 2]}/{index}/_doc/{doc}",
                    params={"timeout": "2s"},
                    json={"n": n},
                    timeout=5,
                )
            except httpx.HTTPError:
                continue
            if response.status_code in (200, 201):
                written.add(doc)
        time.sleep(0.1)
    recovered = time.monotonic() - began
    print(f"Elasticsearch took writes {recovered:.1f}s after kill -9 of the master {master}")
    new_master = _elected_master(survivors)
    assert new_master != master
    assert recovered < 30

    began = time.monotonic()
    cluster.restart(master)
    health = httpx.get(
        f"{survivors[0]}/_cluster/health",
        params={"wait_for_nodes": "3", "wait_for_status": "green", "timeout": "120s"},
        timeout=130,
    ).json()
    assert health["status"] == "green", health
    print(f"{master} rejoined, cluster green {time.monotonic() - began:.1f}s after its restart")
    count = httpx.get(f"{cluster.address(master)}/{index}/_count", timeout=10).json()
    assert count["count"] == DOCS
    httpx.delete(f"{survivors[0]}/{index}", timeout=30)
