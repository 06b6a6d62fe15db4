"""A broker down for a while does not flood the logs: a service writes each kind of warning
or error once per interval, with a count."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
import uuid
from collections import Counter
from pathlib import Path

import pytest

from newsroom_ops.devstack import kafka_server, process
from newsroom_ops.devstack.settings import DevStackSettings
from newsroom_shared.kafka import apply_topics
from newsroom_shared.logging import REPEAT_INTERVAL_SECONDS
from newsroom_shared.settings import KafkaSettings

pytestmark = [pytest.mark.integration, pytest.mark.slow]

OUTAGE_SECONDS = 20.0


def lines(log: Path, since: int) -> list[dict[str, object]]:
    return [json.loads(line) for line in log.read_text().splitlines()[since:] if line.strip()]


async def test_a_dead_broker_gives_a_few_lines_not_a_flood(tmp_path: Path) -> None:
    settings = DevStackSettings(kafka_heap="256m")
    directory = settings.home / f"pytest-log-flood-{uuid.uuid4().hex[:8]}"
    instance = kafka_server.KafkaInstance(
        directory / "kafka", process.free_port(), process.free_port()
    )
    pid = kafka_server.start(settings, instance)
    service: subprocess.Popen[bytes] | None = None
    try:
        kafka_server.wait_ready(instance, pid, settings.startup_timeout)
        kafka = KafkaSettings(bootstrap_servers=instance.bootstrap_servers, topic_prefix="flood.")
        await apply_topics(kafka)
        log = tmp_path / "fetcher.log"
        with log.open("wb") as out:
            service = subprocess.Popen(  # noqa: ASYNC220 - a long-lived child, not awaited
                [sys.executable, "-m", "newsroom_fetcher", "run", "--role", "fetch"],
                env={
                    **os.environ,
                    "NEWSROOM_KAFKA_BOOTSTRAP_SERVERS": instance.bootstrap_servers,
                    "NEWSROOM_KAFKA_TOPIC_PREFIX": "flood.",
                    "NEWSROOM_FETCHER_METRICS_PORT": "0",
                },
                stderr=out,
                stdout=subprocess.DEVNULL,
            )
        await asyncio.sleep(8)  # in its group, idle
        assert service.poll() is None, log.read_text()[-2000:]
        before = len(log.read_text().splitlines())
        process.stop(pid)  # the broker goes away
        await asyncio.sleep(OUTAGE_SECONDS)
        during = lines(log, before)
    finally:
        if service is not None and service.poll() is None:
            service.send_signal(signal.SIGTERM)
            try:
                service.wait(30)
            except subprocess.TimeoutExpired:
                service.kill()
        if process.is_alive(pid):
            process.stop(pid)
        shutil.rmtree(directory, ignore_errors=True)

    noisy = [line for line in during if line.get("level") in ("WARNING", "ERROR")]
    kinds = Counter((line.get("logger"), line.get("level")) for line in noisy)
    assert noisy, "the outage was not noticed at all"
    # Each kind at most once per interval (and once more at the edges).
    per_kind = OUTAGE_SECONDS / REPEAT_INTERVAL_SECONDS + 2
    assert len(noisy) <= per_kind * len(kinds) + len(kinds), (len(noisy), kinds)
    assert len(noisy) < 60, kinds
