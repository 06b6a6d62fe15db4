"""The base of every long-running service: lifecycle, signals, /metrics and /health.

A service implements `main(stopping)`, which runs until `stopping` is set (SIGTERM, SIGINT or
`request_stop()`), and may override `health()`. Everything else is here, once.

Started with PYTHONTRACEMALLOC=1, a service writes a heap snapshot on SIGUSR2 (to
NEWSROOM_HEAP_SNAPSHOT_DIR, else the temporary directory): two snapshots a while apart, compared
with `tracemalloc.Snapshot.load(...).compare_to(...)`, show what grows.
"""

from __future__ import annotations

import abc
import asyncio
import contextlib
import gc
import itertools
import logging
import os
import signal
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import TYPE_CHECKING

from newsroom_shared.observability import ObservabilityServer

if TYPE_CHECKING:
    from newsroom_shared.runtime.stream import StreamRuntime

log = logging.getLogger(__name__)

_SNAPSHOTS = itertools.count(1)  # numbers this process's heap snapshots


class Service(abc.ABC):
    name: str = "service"

    def __init__(self, metrics_port: int | None) -> None:
        self._stopping = asyncio.Event()
        self._server = (
            ObservabilityServer(metrics_port, self.health) if metrics_port is not None else None
        )

    @property
    def metrics_port(self) -> int | None:
        return self._server.port if self._server else None

    def request_stop(self) -> None:
        self._stopping.set()

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def health(self) -> tuple[bool, dict[str, object]]:
        return True, {}

    def write_heap_snapshot(self) -> Path:
        folder = Path(os.environ.get("NEWSROOM_HEAP_SNAPSHOT_DIR") or tempfile.gettempdir())
        path = (
            folder
            / f"{self.name}-{os.getpid()}-{next(_SNAPSHOTS):03d}-{time.time():.0f}.tracemalloc"
        )
        gc.collect()  # what is still reachable, not cycles waiting for the collector
        tracemalloc.take_snapshot().dump(str(path))
        log.info("heap snapshot written", extra={"path": str(path)})
        return path

    @abc.abstractmethod
    async def main(self, stopping: asyncio.Event) -> None:
        """Do the work until `stopping` is set; return after flushing and committing."""

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            # Only the main thread can install handlers; elsewhere the owner stops us.
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, self.request_stop)
        if tracemalloc.is_tracing():
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(signal.SIGUSR2, self.write_heap_snapshot)
        if self._server:
            await self._server.start()
            log.info("%s: /metrics and /health on port %s", self.name, self._server.port)
        try:
            await self.main(self._stopping)
        finally:
            if self._server:
                await self._server.stop()
            log.info("%s stopped", self.name)


class StreamService(Service):
    """A consuming service: its work is one `StreamRuntime`, its health the runtime's."""

    def __init__(self, runtime: StreamRuntime, metrics_port: int | None) -> None:
        super().__init__(metrics_port)
        self.runtime = runtime
        self.name = runtime.config.service

    def health(self) -> tuple[bool, dict[str, object]]:
        return self.runtime.health()

    async def main(self, stopping: asyncio.Event) -> None:
        await self.runtime.run(stopping)
