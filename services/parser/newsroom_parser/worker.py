"""What runs inside the extraction processes: bytes of a raw-page message in, an outcome out.

Decoding, extraction and NLP all happen here, in worker processes, so the service's event loop
stays free for Kafka heartbeats and rebalances. Models load once per process, at start.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from dataclasses import dataclass, replace
from types import FrameType

from newsroom_parser.nlp import NlpAnalyzer
from newsroom_parser.nlp.spacy_pipeline import forget_pipelines
from newsroom_parser.parse import ParseFailure, parse_raw_page
from newsroom_shared.contracts import RawPage
from newsroom_shared.serialization import DecodeError, Headers, decode, encode, headers_for


class TimeBudgetExceeded(BaseException):
    """Raised by the alarm. A BaseException, like KeyboardInterrupt, so that catch-all
    `except Exception` blocks inside extraction libraries cannot swallow it."""


@dataclass(frozen=True)
class Outcome:
    """An encoded article, or the reason there is none. Plain data: crosses process borders."""

    key: bytes | None = None
    value: bytes | None = None
    headers: Headers | None = None
    reason: str | None = None
    error_class: str | None = None
    message: str | None = None
    url: str | None = None
    source_id: str | None = None
    seconds: float = 0.0

    @property
    def failed(self) -> bool:
        return self.reason is not None


_analyzer: NlpAnalyzer | None = None
_time_budget: float = 30.0
_alarmed = False  # the alarm fired during the current page


def init_worker(nlp: bool, time_budget: float) -> None:
    """Process-pool initializer: load the models now, not on the first page."""
    global _analyzer, _time_budget
    _exit_with_parent()
    _time_budget = time_budget
    _analyzer = _loaded_analyzer() if nlp else None
    signal.signal(signal.SIGALRM, _on_alarm)


def _loaded_analyzer() -> NlpAnalyzer:
    analyzer = NlpAnalyzer()
    analyzer.analyze("Warm-up", None, ["Jane Doe said “this loads the model.”"], "en")
    return analyzer


def _exit_with_parent() -> None:
    """End this process when the parser that started it dies (SIGKILL, OOM killer): a pool
    process does not notice on its own, and would keep its memory for good."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    global _alarmed
    _alarmed = True
    raise TimeBudgetExceeded(f"page took longer than its {_time_budget:g} s budget")


def warm_up(seconds: float) -> int:
    """Occupy a worker for a moment so that every worker of the pool gets started (and its
    models loaded by the initializer) before traffic arrives."""
    time.sleep(seconds)
    return os.getpid()


def parse_message(value: bytes | None) -> Outcome:
    """Never raises: every problem becomes an Outcome with a reason."""
    global _alarmed, _analyzer
    _alarmed = False
    outcome = _parse(value)
    if not _alarmed:
        return outcome
    # The alarm may have landed inside a library in the middle of an update (spaCy's
    # vocabulary, left failing every later page) or been swallowed and surfaced as another
    # error: the page is over its budget whatever came out, and the models start afresh.
    if _analyzer is not None:
        forget_pipelines()
        _analyzer = _loaded_analyzer()
    if outcome.reason == "time_budget_exceeded":
        return outcome
    message = f"page took longer than its {_time_budget:g} s budget"
    return replace(
        outcome,
        key=None,
        value=None,
        headers=None,
        reason="time_budget_exceeded",
        error_class="TimeBudgetExceeded",
        message=message,
    )


def _parse(value: bytes | None) -> Outcome:
    started = time.perf_counter()
    raw: RawPage | None = None
    # A real-time alarm interrupts runaway extraction (pathological DOMs, regex blow-ups).
    signal.setitimer(signal.ITIMER_REAL, _time_budget)
    try:
        raw = decode(RawPage, value)
        article = parse_raw_page(raw, _analyzer)
        signal.setitimer(signal.ITIMER_REAL, 0)
        return Outcome(
            key=article.id.encode(),
            value=encode(article),
            headers=headers_for(article),
            url=article.url,
            source_id=article.source_id,
            seconds=time.perf_counter() - started,
        )
    except DecodeError as exc:
        return _failure("invalid_event", exc, raw, started)
    except ParseFailure as exc:
        return _failure(exc.reason, exc, raw, started)
    except TimeBudgetExceeded as exc:
        return _failure("time_budget_exceeded", exc, raw, started)
    except RecursionError as exc:
        return _failure("document_too_deep", exc, raw, started)
    except Exception as exc:  # noqa: BLE001 - a parser bug must dead-letter one page, not crash
        return _failure("parser_error", exc, raw, started)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def _failure(reason: str, exc: BaseException, raw: RawPage | None, started: float) -> Outcome:
    # For wrapped failures the original error names the cause better than the wrapper.
    cause = exc.__cause__ if isinstance(exc, ParseFailure) and exc.__cause__ else exc
    return Outcome(
        reason=reason,
        error_class=type(cause).__name__,
        message=str(exc)[:2000] or repr(exc),
        url=raw.final_url if raw else None,
        source_id=raw.source_id if raw else None,
        seconds=time.perf_counter() - started,
    )
