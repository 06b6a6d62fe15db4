"""`newsroom dev up|status|down|env` from the outside, after servers die under it.

A stack of its own (its own name and free ports, small heaps), driven through the `newsroom`
command as a person would, with real servers killed by SIGKILL.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from newsroom_ops.devstack import DevStackSettings
from newsroom_ops.devstack.process import free_port_bases, is_alive, kill, port_in_use
from newsroom_ops.devstack.stack import PORT_STRIDE
from newsroom_shared.dead_letters import DeadLetterSettings

pytestmark = [pytest.mark.integration, pytest.mark.slow]

NEWSROOM = Path(sys.executable).parent / "newsroom"


class Dev:
    """Runs `newsroom dev ...` in a child process, addressed at one stack by environment."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        name = env["NEWSROOM_DEV_NAME"]
        self.state_file = DevStackSettings(name=name).home / name / "stack.json"

    def __call__(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(NEWSROOM), "dev", *args],
            env=self.env,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=300,
            check=False,
        )

    def pids(self) -> dict[str, int]:
        state = json.loads(self.state_file.read_text())
        return {node["name"]: node["pid"] for node in state["nodes"]}


@pytest.fixture
def dev() -> Iterator[Dev]:
    kafka, controller, es, transport = free_port_bases(4, 1, PORT_STRIDE)
    env = {
        **os.environ,
        "NEWSROOM_DEV_NAME": f"pytest-dev-up-{os.getpid()}",
        "NEWSROOM_DEV_KAFKA_PORT": str(kafka),
        "NEWSROOM_DEV_KAFKA_CONTROLLER_PORT": str(controller),
        "NEWSROOM_DEV_ES_PORT": str(es),
        "NEWSROOM_DEV_ES_TRANSPORT_PORT": str(transport),
        "NEWSROOM_DEV_KAFKA_HEAP": "256m",
        "NEWSROOM_DEV_ES_HEAP": "512m",
    }
    for name in ("NEWSROOM_DEV_KAFKA_NODES", "NEWSROOM_DEV_ES_NODES"):
        env.pop(name, None)
    runner = Dev(env)
    try:
        yield runner
    finally:
        runner("down", "--purge")


def _ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_up_brings_back_whichever_server_died_and_keeps_the_other(
    dev: Dev, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert dev("env").returncode == 1  # nothing runs yet: an error, not stale lines
    _ok(dev("up"))
    first = dev.pids()
    assert set(first) == {"kafka-1", "elasticsearch-1"}
    key_file = _check_env(dev, monkeypatch)
    key = key_file.read_text()

    # Elasticsearch dies: status says so, up starts it alone and leaves Kafka as it was.
    kill(first["elasticsearch-1"])
    status = dev("status")
    assert status.returncode == 3
    assert "elasticsearch-1  stopped" in status.stdout
    assert "kafka-1          running" in status.stdout
    out = _ok(dev("up"))
    assert "started elasticsearch-1 (kept kafka-1)" in out
    second = dev.pids()
    assert second["kafka-1"] == first["kafka-1"]
    assert second["elasticsearch-1"] != first["elasticsearch-1"]
    assert _ok(dev("status")).count("running at") == 2

    # Now Kafka dies: the same, the other way round.
    kill(second["kafka-1"])
    out = _ok(dev("up"))
    assert "started kafka-1 (kept elasticsearch-1)" in out
    third = dev.pids()
    assert third["elasticsearch-1"] == second["elasticsearch-1"]
    assert third["kafka-1"] != second["kafka-1"]

    # The key survives: letters signed before the restarts still check.
    assert key_file.read_text() == key

    # Down stops both, and afterwards nothing of the stack runs.
    down = _ok(dev("down"))
    assert "stopped: kafka-1, elasticsearch-1" in down
    assert not any(is_alive(pid) for pid in third.values())
    assert dev("status").stdout.count("not started") == 2


def test_a_failed_up_keeps_what_runs_and_the_state_true(dev: Dev) -> None:
    _ok(dev("up"))
    pids = dev.pids()
    kill(pids["elasticsearch-1"])
    port = int(dev.env["NEWSROOM_DEV_ES_PORT"])
    # Another program takes Elasticsearch's port while it is down.
    with socket.socket() as squatter:
        squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        _wait_until(lambda: not port_in_use(port))
        squatter.bind(("127.0.0.1", port))
        squatter.listen()
        failed = dev("up")
    assert failed.returncode == 1
    message = failed.stderr.strip()
    assert len(message.splitlines()) == 1, message
    assert f"port {port} for Elasticsearch is already taken" in message
    assert "NEWSROOM_DEV_ES_PORT" in message
    # Kafka was neither stopped nor forgotten: status shows it, down stops it.
    assert is_alive(pids["kafka-1"])
    status = dev("status").stdout
    assert f"kafka-1          running at 127.0.0.1:{dev.env['NEWSROOM_DEV_KAFKA_PORT']}" in status
    assert "elasticsearch-1  stopped" in status
    assert "stopped: kafka-1" in _ok(dev("down"))
    assert not is_alive(pids["kafka-1"])


def _check_env(dev: Dev, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`dev env` says everything a service needs: servers, protocol, dead-letter key."""
    lines = _ok(dev("env")).splitlines()
    exported = dict(
        line.removeprefix("export ").split("=", 1) for line in lines if line.startswith("export ")
    )
    unset = {line.split()[1] for line in lines if line.startswith("unset ")}
    assert exported["NEWSROOM_KAFKA_BOOTSTRAP_SERVERS"] == (
        f"127.0.0.1:{dev.env['NEWSROOM_DEV_KAFKA_PORT']}"
    )
    assert exported["NEWSROOM_ES_URL"] == f"http://127.0.0.1:{dev.env['NEWSROOM_DEV_ES_PORT']}"
    assert exported["NEWSROOM_KAFKA_SECURITY_PROTOCOL"] == "PLAINTEXT"
    # Left in the shell from elsewhere, these would win over the stack's settings.
    assert {
        "NEWSROOM_DEAD_LETTER_KEY",
        "NEWSROOM_KAFKA_SASL_USERNAME",
        "NEWSROOM_ES_API_KEY",
    } <= unset
    key_file = Path(exported["NEWSROOM_DEAD_LETTER_KEY_FILE"])
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    monkeypatch.delenv("NEWSROOM_DEAD_LETTER_KEY")
    monkeypatch.setenv("NEWSROOM_DEAD_LETTER_KEY_FILE", str(key_file))
    assert DeadLetterSettings().signing_key() == key_file.read_text().strip().encode()
    return key_file


def _wait_until(condition: Callable[[], bool], within: float = 30.0) -> None:
    deadline = time.monotonic() + within
    while not condition():
        assert time.monotonic() < deadline, "gave up waiting"
        time.sleep(0.1)
