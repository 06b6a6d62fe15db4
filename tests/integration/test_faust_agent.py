"""A Faust agent, as a real worker process, consumes one topic and produces to another."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from newsroom_shared.settings import KafkaSettings

pytestmark = pytest.mark.integration


async def test_faust_worker_relays_messages(kafka_settings: KafkaSettings, tmp_path: Path) -> None:
    source, target = kafka_settings.topic("relay-in"), kafka_settings.topic("relay-out")
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka_settings.bootstrap_servers)
    await admin.start()
    await admin.create_topics([NewTopic(source, 2, 1), NewTopic(target, 2, 1)])
    await admin.close()

    env = {
        **os.environ,
        "RELAY_APP_ID": kafka_settings.topic("relay-app"),
        "RELAY_BROKER": kafka_settings.bootstrap_servers,
        "RELAY_SOURCE": source,
        "RELAY_TARGET": target,
        "PYTHONPATH": str(Path(__file__).parent),
    }
    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(  # noqa: ASYNC220 - a long-lived child, not awaited
        [
            sys.executable,
            "-m",
            "faust",
            "-A",
            "faust_relay_app",
            "worker",
            "-l",
            "info",
            "--without-web",
        ],
        cwd=tmp_path,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        producer = AIOKafkaProducer(bootstrap_servers=kafka_settings.bootstrap_servers)
        await producer.start()
        sent = {f"k{i}".encode(): f"message {i}".encode() for i in range(10)}
        for key, value in sent.items():
            await producer.send_and_wait(source, value, key=key)
        await producer.stop()

        consumer = AIOKafkaConsumer(
            target,
            bootstrap_servers=kafka_settings.bootstrap_servers,
            auto_offset_reset="earliest",
            group_id=None,
        )
        await consumer.start()
        received: dict[bytes, bytes] = {}
        deadline = time.monotonic() + 90
        try:
            while len(received) < len(sent) and time.monotonic() < deadline:
                assert worker.poll() is None, (tmp_path / "worker.log").read_text()[-3000:]
                for records in (await consumer.getmany(timeout_ms=1000)).values():
                    received.update({r.key: r.value for r in records})
        finally:
            await consumer.stop()
        assert received == {k: v.upper() for k, v in sent.items()}
    finally:
        worker.terminate()
        worker.wait(30)
        log.close()
