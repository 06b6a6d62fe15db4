"""Formatting Kafka storage, with the real StorageTool, for any cluster id it may be given."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from newsroom_ops.devstack import DevStackSettings, kafka_server
from newsroom_ops.devstack.process import free_port

pytestmark = [pytest.mark.integration]

# base64url of bytes starting 0xF8..0xFB begins with '-': about 1 random UUID in 64.
DASH_FIRST = uuid.UUID(bytes=b"\xf8" + bytes(15))


def _instance(tmp_path: Path) -> kafka_server.KafkaInstance:
    return kafka_server.KafkaInstance(tmp_path / "kafka", free_port(), free_port())


def test_an_id_starting_with_a_dash_formats(tmp_path: Path) -> None:
    instance = _instance(tmp_path)
    kafka_server.format_storage(DevStackSettings(), instance, "-bcdefghijklmnopqrstuv")
    meta = (instance.directory / "data" / "meta.properties").read_text()
    assert "cluster.id=-bcdefghijklmnopqrstuv" in meta


def test_first_start_formats_even_when_the_random_id_would_start_with_a_dash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The 1-in-64 case, made certain: the first UUID drawn encodes with a leading '-'."""
    drawn = iter([DASH_FIRST, uuid.UUID(int=1 << 100)])
    monkeypatch.setattr(kafka_server.uuid, "uuid4", lambda: next(drawn))
    instance = _instance(tmp_path)
    pid = kafka_server.start(DevStackSettings(kafka_heap="256m"), instance)
    try:
        assert instance.formatted
        meta = (instance.directory / "data" / "meta.properties").read_text()
        assert "cluster.id=" in meta
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
