"""A pool of extraction processes with a hard per-page deadline and crash recovery."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from newsroom_parser import metrics
from newsroom_parser.worker import Outcome, init_worker, parse_message, warm_up

log = logging.getLogger(__name__)

# Beyond the in-process alarm, how long the loop waits before it declares a worker stuck
# (e.g. inside one long C call, where the alarm cannot interrupt).
_HARD_DEADLINE_FACTOR = 2.0
_HARD_DEADLINE_GRACE = 10.0


class ParserPool:
    def __init__(self, workers: int, nlp: bool, time_budget: float) -> None:
        self.workers = workers
        self._nlp = nlp
        self._time_budget = time_budget
        self._executor = self._new_executor()
        self.restarts = 0
        self.ready = False

    def _new_executor(self) -> ProcessPoolExecutor:
        # spawn, not fork: the parent runs Kafka client threads, and forking a threaded
        # process can inherit locks held by those threads.
        return ProcessPoolExecutor(
            self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=init_worker,
            initargs=(self._nlp, self._time_budget),
        )

    async def warm_up(self) -> None:
        """Start every worker process now (models load in each), not on the first pages."""
        loop = asyncio.get_running_loop()
        # A pool starts a new process only when no idle one exists: keep them all busy at once.
        pids = await asyncio.gather(
            *(loop.run_in_executor(self._executor, warm_up, 0.5) for _ in range(self.workers))
        )
        self.ready = True
        log.info("extraction pool ready: %d worker processes %s", len(set(pids)), sorted(pids))

    async def parse(self, value: bytes | None) -> Outcome:
        for attempt in (1, 2):
            loop = asyncio.get_running_loop()
            future = loop.run_in_executor(self._executor, parse_message, value)
            deadline = self._time_budget * _HARD_DEADLINE_FACTOR + _HARD_DEADLINE_GRACE
            try:
                return await asyncio.wait_for(future, deadline)
            except TimeoutError:
                self._restart("a page exceeded the hard deadline")
                return Outcome(
                    reason="time_budget_exceeded",
                    error_class="TimeoutError",
                    message=f"no result within {deadline:g} s; worker restarted",
                )
            except BrokenProcessPool:
                # A crash (out of memory, a segfault in a C extension) fails every page in
                # flight, not just the culprit: retry once on a fresh pool before blaming it.
                self._restart("a worker process died")
                if attempt == 2:
                    return Outcome(
                        reason="worker_crashed",
                        error_class="BrokenProcessPool",
                        message="the extraction process died twice on this page",
                    )
        raise AssertionError("unreachable")

    def _restart(self, why: str) -> None:
        log.warning("restarting the extraction pool: %s", why)
        self.restarts += 1
        metrics.POOL_RESTARTS.inc()
        old = self._executor
        self._executor = self._new_executor()
        # ProcessPoolExecutor cannot kill one worker; terminate the old pool's processes so a
        # stuck one does not keep a CPU busy. Pages still in the old pool then fail with
        # BrokenProcessPool, and `parse` retries them on the new one.
        for process in list(getattr(old, "_processes", {}).values()):
            process.terminate()
        old.shutdown(wait=False)

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
