"""The local stack's start-up checks give clear messages (no servers started here)."""

from __future__ import annotations

import json
import socket
import stat
from pathlib import Path

import pytest

from newsroom_ops.devstack import StackInfo, acls
from newsroom_ops.devstack.errors import DevStackError
from newsroom_ops.devstack.java import find_java
from newsroom_ops.devstack.process import free_port, require_free


def _fake_jdk(root: Path, name: str, version_line: str) -> Path:
    home = root / name
    (home / "bin").mkdir(parents=True)
    java = home / "bin" / "java"
    java.write_text(f"#!/bin/sh\necho '{version_line}' >&2\n")
    java.chmod(java.stat().st_mode | stat.S_IEXEC)
    return home


def test_too_old_java_is_named_in_the_error(tmp_path: Path, monkeypatch) -> None:
    old = _fake_jdk(tmp_path, "jdk11", 'openjdk version "11.0.2" 2019-01-15')
    monkeypatch.setenv("JAVA_HOME", str(old))
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.setattr("newsroom_ops.devstack.java._candidate_homes", lambda preferred: [old])
    with pytest.raises(DevStackError) as error:
        find_java(21, "Elasticsearch 9.5.2")
    message = str(error.value)
    assert "needs Java 21 or newer" in message
    assert "Java 11 at" in message
    assert "NEWSROOM_DEV_JAVA_HOME" in message


def test_no_java_at_all(monkeypatch) -> None:
    monkeypatch.setattr("newsroom_ops.devstack.java._candidate_homes", lambda preferred: [])
    with pytest.raises(DevStackError, match="found no Java at all"):
        find_java(17, "Kafka")


def test_newest_suitable_java_wins(tmp_path: Path, monkeypatch) -> None:
    homes = [
        _fake_jdk(tmp_path, "a", 'openjdk version "17.0.15" 2025-04-15'),
        _fake_jdk(tmp_path, "b", 'openjdk version "25" 2025-09-16'),
        _fake_jdk(tmp_path, "c", 'java version "1.8.0_402"'),
    ]
    monkeypatch.setattr("newsroom_ops.devstack.java._candidate_homes", lambda preferred: homes)
    chosen = find_java(21, "Elasticsearch")
    assert (chosen.home.name, chosen.major) == ("b", 25)


def test_taken_port_gives_a_clear_message() -> None:
    port = free_port()
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", port))
        holder.listen()
        with pytest.raises(DevStackError) as error:
            require_free(port, "Kafka", "NEWSROOM_DEV_KAFKA_PORT")
    assert f"port {port} for Kafka is already taken" in str(error.value)
    assert "NEWSROOM_DEV_KAFKA_PORT" in str(error.value)


def test_unreachable_registry_explains_the_first_run(monkeypatch) -> None:
    from newsroom_ops.devstack.downloads import check_reachable

    with pytest.raises(DevStackError, match="first run downloads Kafka and Elasticsearch"):
        check_reachable("http://127.0.0.1:9/maven2")


def test_a_new_cluster_id_never_starts_with_a_dash(monkeypatch) -> None:
    """Kafka's command-line tools would read such an id as an option (1 start in 64 failed)."""
    import base64
    import uuid

    from newsroom_ops.devstack import kafka_server

    dash_first = uuid.UUID(bytes=b"\xfb" + bytes(15))
    assert base64.urlsafe_b64encode(dash_first.bytes).startswith(b"-")
    drawn = iter([dash_first, dash_first, uuid.UUID(int=7)])
    monkeypatch.setattr(kafka_server.uuid, "uuid4", lambda: next(drawn))
    cluster_id = kafka_server.new_cluster_id()
    assert not cluster_id.startswith("-")
    assert len(cluster_id) == 22


def _secured_info(tmp_path: Path, users: list[str]) -> StackInfo:
    credentials = tmp_path / "credentials.json"
    credentials.write_text(json.dumps({"kafka": {u: f"password-of-{u}" for u in users}}))
    return StackInfo(
        kafka_bootstrap_servers="127.0.0.1:19092",
        elasticsearch_url="https://127.0.0.1:19200",
        directory=str(tmp_path),
        kafka_log="kafka.log",
        elasticsearch_log="es.log",
        secure=True,
        credentials_file=str(credentials),
        ca_file=str(tmp_path / "ca.crt"),
    )


def test_a_secured_stack_gives_each_job_principal_its_own_kafka_user(tmp_path: Path) -> None:
    info = _secured_info(tmp_path, [acls.kafka_user(p) for p in acls.KAFKA_PRINCIPALS])
    for principal in ("replay", "refetch"):
        env = info.env(principal)
        assert env["NEWSROOM_KAFKA_SASL_USERNAME"] == f"newsroom-{principal}"
        assert env["NEWSROOM_KAFKA_SASL_PASSWORD"] == f"password-of-newsroom-{principal}"
        assert "NEWSROOM_ES_API_KEY" not in env  # no Elasticsearch rights


def test_a_stack_made_before_a_principal_existed_says_how_to_remake_it(tmp_path: Path) -> None:
    older = [acls.kafka_user(p) for p in ("discovery", "fetcher", "parser", "indexer", "ops")]
    info = _secured_info(tmp_path, older)
    with pytest.raises(DevStackError) as error:
        info.env("replay")
    message = str(error.value)
    assert "no Kafka user for it" in message and "newsroom dev down --purge" in message
    assert "\n" not in message and "password-of" not in message
