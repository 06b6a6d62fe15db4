"""Commands of docker-compose.yml run for real on this machine (no Docker engine here): the
Kafka health check against the test broker, and the demo profile's sample site."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml

from newsroom_ops.devstack.process import free_port

from ..conftest import Servers

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
SERVICES = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
KAFKA_NODES = [name for name in SERVICES if re.fullmatch(r"kafka-\d+", name)]


def kafka_health_check(host: str, port: int) -> subprocess.CompletedProcess[str]:
    """The broker's health check as the container runs it (bash from the image's `CMD`), aimed
    at `host:port` instead of the container's own 127.0.0.1:9092."""
    # Every node has the same check.
    (check,) = {tuple(SERVICES[node]["healthcheck"]["test"]) for node in KAFKA_NODES}
    kind, shell, flag, script = check
    assert (kind, shell, flag) == ("CMD", "bash", "-c")
    assert "$" not in script.replace("$$", "")
    script = script.replace("$$", "$").replace("/dev/tcp/127.0.0.1/9092", f"/dev/tcp/{host}/{port}")
    return subprocess.run(
        [shell, flag, script], capture_output=True, text=True, timeout=30, check=False
    )


def test_kafka_health_check_passes_on_a_running_broker(servers: Servers) -> None:
    host, port = servers.kafka_bootstrap_servers.split(",")[0].rsplit(":", 1)
    started = time.monotonic()
    result = kafka_health_check(host, int(port))
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started < 2, "cheap: no JVM"


def test_kafka_health_check_fails_without_a_broker() -> None:
    result = kafka_health_check("127.0.0.1", free_port())
    assert result.returncode != 0


@pytest.fixture
def silent_server() -> Iterator[int]:
    """Accepts connections and never answers, as a broker that is not serving yet."""
    listener = socket.create_server(("127.0.0.1", 0))
    yield listener.getsockname()[1]
    listener.close()


def test_kafka_health_check_fails_when_nothing_answers(silent_server: int) -> None:
    started = time.monotonic()
    result = kafka_health_check("127.0.0.1", silent_server)
    assert result.returncode != 0
    assert time.monotonic() - started < 8, "the check gives up after 5 s of silence"


def test_the_demo_sample_site_links_to_its_compose_address() -> None:
    command = SERVICES["sample-site"]["command"]
    base_url = command[command.index("--base-url") + 1]
    port = free_port()
    argv = [sys.executable if command[0] == "python" else command[0], *command[1:]]
    argv[argv.index("--host") + 1] = "127.0.0.1"  # loopback here, every interface in compose
    argv[argv.index("--port") + 1] = str(port)
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as http:
            for _ in range(100):
                try:
                    robots = http.get("/robots.txt")
                    break
                except httpx.ConnectError:
                    time.sleep(0.1)
            assert robots.status_code == 200
            feed = http.get("/feeds/rss.xml")
        assert f"<link>{base_url}/" in feed.text
        assert "127.0.0.1" not in feed.text
    finally:
        process.terminate()
        process.wait(10)


@pytest.mark.skipif(os.geteuid() != 0, reason="changes ownership: needs root, as in compose")
def test_the_kafka_volume_job_hands_a_root_owned_folder_to_the_broker(tmp_path: Path) -> None:
    jobs = [SERVICES[f"{node}-data"] for node in KAFKA_NODES]
    assert jobs and all(j["command"] == jobs[0]["command"] for j in jobs), "one job for all"
    job = jobs[0]
    (command,) = job["command"]
    data = tmp_path / "data"
    (data / "__cluster_metadata-0").mkdir(parents=True)
    script = command.replace("$$", "$").replace("/var/lib/kafka/data", str(data))
    shell = job["entrypoint"]
    for _ in range(2):  # the second run finds it done and changes nothing
        subprocess.run([*shell, script], check=True, timeout=30)
        assert data.stat().st_uid == 1000 and data.stat().st_gid == 0
        assert (data / "__cluster_metadata-0").stat().st_uid == 1000
