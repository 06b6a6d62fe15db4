"""The local stack: one Kafka and one Elasticsearch, started and stopped together."""

from __future__ import annotations

import json
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass

from newsroom_ops.devstack import elasticsearch_server, kafka_server, process
from newsroom_ops.devstack.errors import DevStackError
from newsroom_ops.devstack.settings import DevStackSettings


@dataclass(frozen=True)
class StackInfo:
    kafka_bootstrap_servers: str
    elasticsearch_url: str
    directory: str
    kafka_log: str
    elasticsearch_log: str
    kafka_pid: int
    elasticsearch_pid: int

    def env(self) -> dict[str, str]:
        """Environment that points the services and tools at this stack."""
        return {
            "NEWSROOM_KAFKA_BOOTSTRAP_SERVERS": self.kafka_bootstrap_servers,
            "NEWSROOM_ES_URL": self.elasticsearch_url,
        }


class DevStack:
    """A named stack under the dev home. Several can run side by side on different ports."""

    def __init__(self, settings: DevStackSettings | None = None, name: str = "default") -> None:
        self.settings = settings or DevStackSettings()
        self.directory = self.settings.home / name
        self._state_file = self.directory / "stack.json"
        self._kafka = kafka_server.KafkaInstance(
            self.directory / "kafka", self.settings.kafka_port, self.settings.kafka_controller_port
        )
        self._es = elasticsearch_server.ElasticsearchInstance(
            self.directory / "elasticsearch", self.settings.es_port, self.settings.es_transport_port
        )

    def install(self) -> None:
        """Download and unpack both servers (cached): the only step that needs the network."""
        self.settings.home.mkdir(parents=True, exist_ok=True)
        self.settings.home.chmod(0o755)
        with ThreadPoolExecutor(2) as pool:
            kafka = pool.submit(kafka_server.install, self.settings)
            es = pool.submit(elasticsearch_server.install, self.settings)
            kafka.result()
            es.result()

    def up(self) -> StackInfo:
        """Start what is not running and wait until both servers answer. Safe to repeat."""
        running = self.running()
        if running is not None:
            return running
        started = time.monotonic()
        self.install()
        self.directory.mkdir(parents=True, exist_ok=True)
        self.directory.chmod(0o755)
        kafka_pid = elasticsearch_pid = 0
        try:
            kafka_pid = kafka_server.start(self.settings, self._kafka)
            elasticsearch_pid = elasticsearch_server.start(self.settings, self._es)
            info = self._info(kafka_pid, elasticsearch_pid)
            self._state_file.write_text(json.dumps(asdict(info), indent=2))
            timeout = self.settings.startup_timeout
            with ThreadPoolExecutor(2) as pool:
                waits = [
                    pool.submit(kafka_server.wait_ready, self._kafka, kafka_pid, timeout),
                    pool.submit(
                        elasticsearch_server.wait_ready, self._es, elasticsearch_pid, timeout
                    ),
                ]
                for wait in waits:
                    wait.result()
        except BaseException:
            process.stop(kafka_pid)
            process.stop(elasticsearch_pid)
            self._state_file.unlink(missing_ok=True)
            raise
        print(f"stack ready in {time.monotonic() - started:.1f}s", flush=True)
        return info

    def _info(self, kafka_pid: int, elasticsearch_pid: int) -> StackInfo:
        return StackInfo(
            kafka_bootstrap_servers=self._kafka.bootstrap_servers,
            elasticsearch_url=self._es.url,
            directory=str(self.directory),
            kafka_log=str(self._kafka.log_file),
            elasticsearch_log=str(self._es.log_file),
            kafka_pid=kafka_pid,
            elasticsearch_pid=elasticsearch_pid,
        )

    def recorded(self) -> StackInfo | None:
        try:
            return StackInfo(**json.loads(self._state_file.read_text()))
        except (OSError, ValueError, TypeError):
            return None

    def running(self) -> StackInfo | None:
        """The recorded stack if both of its servers are alive."""
        info = self.recorded()
        if info and process.is_alive(info.kafka_pid) and process.is_alive(info.elasticsearch_pid):
            return info
        return None

    def status(self) -> dict[str, str]:
        info = self.recorded()
        if info is None:
            return {"kafka": "not started", "elasticsearch": "not started"}
        return {
            "kafka": ("running" if process.is_alive(info.kafka_pid) else "stopped")
            + f" at {info.kafka_bootstrap_servers} (pid {info.kafka_pid}, log {info.kafka_log})",
            "elasticsearch": ("running" if process.is_alive(info.elasticsearch_pid) else "stopped")
            + f" at {info.elasticsearch_url} (pid {info.elasticsearch_pid}, "
            f"log {info.elasticsearch_log})",
        }

    def down(self, remove_data: bool = False) -> list[str]:
        """Stop both servers (data kept unless `remove_data`). Returns what was stopped."""
        info = self.recorded()
        stopped = []
        if info:
            if process.stop(info.kafka_pid):
                stopped.append("kafka")
            if process.stop(info.elasticsearch_pid):
                stopped.append("elasticsearch")
            self._state_file.unlink(missing_ok=True)
        if remove_data and self.directory.exists():
            if not self.directory.is_relative_to(self.settings.home):
                raise DevStackError(f"refusing to delete {self.directory}")
            shutil.rmtree(self.directory)
        return stopped

    def stop_elasticsearch(self) -> None:
        """Stop only Elasticsearch (tests of outages); `start_elasticsearch` brings it back."""
        info = self.recorded()
        if info:
            process.stop(info.elasticsearch_pid)

    def start_elasticsearch(self) -> None:
        info = self.recorded()
        if info is None:
            raise DevStackError("the stack is not up")
        pid = elasticsearch_server.start(self.settings, self._es)
        elasticsearch_server.wait_ready(self._es, pid, self.settings.startup_timeout)
        updated = StackInfo(**{**asdict(info), "elasticsearch_pid": pid})
        self._state_file.write_text(json.dumps(asdict(updated), indent=2))
