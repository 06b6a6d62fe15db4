"""Service instances as real processes: start, kill -9, restart, stop, and what each one costs.

Each instance is `python -m newsroom_<service> run` in a session of its own, so kill -9 takes
the whole process tree at once (the parser's extraction processes too), as a crash of its
container would. CPU time and memory are read from /proc for every process of the session.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from newsroom_ops.devstack.process import free_port

_TICKS = os.sysconf("SC_CLK_TCK")
_PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class Usage:
    cpu_seconds: float  # user + system, every process of the session
    rss_bytes: int
    processes: int


def session_usage(leader: int) -> Usage:
    """CPU and resident memory of every live process in `leader`'s session."""
    cpu, rss, count = 0.0, 0, 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as file:
                stat = file.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        # After the command: state, ppid, pgrp, session, ... utime (14th field), stime, ...
        if int(fields[3]) != leader:
            continue
        cpu += (int(fields[11]) + int(fields[12])) / _TICKS
        rss += int(fields[21]) * _PAGE
        count += 1
    return Usage(cpu, rss, count)


@dataclass
class Instance:
    """One service instance; `generation` counts its starts (a restart is a new process)."""

    service: str  # fetcher, parser, indexer
    name: str  # e.g. fetcher-1
    args: list[str]
    env: dict[str, str]
    log_dir: Path
    port: int = field(default_factory=free_port)
    generation: int = 0
    process: subprocess.Popen[bytes] | None = None
    # CPU seconds of earlier generations (killed processes take their counters with them).
    cpu_before: float = 0.0
    last: Usage = field(default_factory=lambda: Usage(0.0, 0, 0))
    down_on_purpose: bool = False  # killed or stopped by the run, not by itself

    @property
    def worker_id(self) -> str:
        """What the site sees of this process (fetchers put it in their User-Agent)."""
        return f"{self.name}.g{self.generation}"

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        assert not self.alive, f"{self.name} is running"
        self.generation += 1
        self.down_on_purpose = False
        env = {**self.env, **self._own_env()}
        self.log_dir.mkdir(parents=True, exist_ok=True)
        with (self.log_dir / f"{self.name}.log").open("ab") as log:
            log.write(f"--- start of {self.worker_id} ---\n".encode())
            log.flush()
            self.process = subprocess.Popen(
                [sys.executable, "-m", f"newsroom_{self.service}", "run", *self.args],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )

    def _own_env(self) -> dict[str, str]:
        upper = self.service.upper()
        env = {f"NEWSROOM_{upper}_METRICS_PORT": str(self.port)}
        if self.service == "fetcher":
            env["NEWSROOM_FETCHER_CONTACT_URL"] = f"https://newsroom.invalid/{self.worker_id}"
        return env

    def sample(self) -> Usage:
        if self.process is not None and self.alive:
            self.last = session_usage(self.process.pid)
        return self.last

    @property
    def cpu_seconds(self) -> float:
        return self.cpu_before + (self.last.cpu_seconds if self.alive else 0.0)

    def kill(self) -> None:
        """kill -9 of the whole process tree, as a crash."""
        if self.process is None:
            return
        self.down_on_purpose = True
        self.sample()
        self.cpu_before += self.last.cpu_seconds
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.last = Usage(0.0, 0, 0)

    def stop(self, timeout: float = 60.0) -> int | None:
        """SIGTERM (the service finishes and commits what it has), SIGKILL after `timeout`;
        whatever else is left of its session is killed too."""
        if self.process is None:
            return None
        self.down_on_purpose = True
        self.sample()
        code = self.process.poll()
        if code is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                code = self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                code = None
        self.cpu_before += self.last.cpu_seconds
        self.last = Usage(0.0, 0, 0)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        return code

    async def healthy(self, client: httpx.AsyncClient) -> bool:
        try:
            response = await client.get(f"http://127.0.0.1:{self.port}/health")
        except httpx.HTTPError:
            return False
        return response.status_code == 200


@dataclass
class Fleet:
    instances: list[Instance] = field(default_factory=list)

    def add(self, instance: Instance) -> Instance:
        self.instances.append(instance)
        return instance

    def of(self, service: str) -> list[Instance]:
        return [i for i in self.instances if i.service == service]

    def named(self, name: str) -> Instance:
        return next(i for i in self.instances if i.name == name)

    async def wait_healthy(self, instances: list[Instance], within: float = 180.0) -> float:
        """Seconds until every one of `instances` answers /health with 200."""
        began = time.monotonic()
        waiting = list(instances)
        async with httpx.AsyncClient(timeout=2) as client:
            while waiting:
                for instance in list(waiting):
                    if not instance.alive:
                        log = instance.log_dir / f"{instance.name}.log"
                        raise RuntimeError(f"{instance.name} exited; see {log}")
                    if await instance.healthy(client):
                        waiting.remove(instance)
                if waiting:
                    if time.monotonic() - began > within:
                        names = ", ".join(i.name for i in waiting)
                        raise RuntimeError(f"not healthy after {within:.0f}s: {names}")
                    await asyncio.sleep(0.3)
        return time.monotonic() - began

    def sample(self) -> dict[str, Usage]:
        return {i.name: i.sample() for i in self.instances}

    def cpu_by_service(self) -> dict[str, float]:
        totals: dict[str, float] = {}
        for i in self.instances:
            i.sample()
            totals[i.service] = totals.get(i.service, 0.0) + i.cpu_seconds
        return totals

    def crashed(self) -> list[str]:
        """Instances that ended without being told to (their process exited by itself)."""
        return [
            i.name
            for i in self.instances
            if i.process is not None and not i.alive and not i.down_on_purpose
        ]

    def stop(self) -> dict[str, int | None]:
        return {i.name: i.stop() for i in self.instances}

    def kill_all(self) -> None:
        for i in self.instances:
            if i.alive:
                i.kill()
