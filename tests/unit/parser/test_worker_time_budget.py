"""A page cut off by its time budget costs that page only: the worker that ran it parses the
next pages as before (the alarm can land inside a library mid-update, e.g. spaCy's vocabulary)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "seed" / "rollcall-2018-08-06.html"

# Run in a process of its own, as a pool worker is: the alarm and the models are per process.
SCRIPT = r"""
import json, sys, time
from datetime import UTC, datetime
from newsroom_parser import worker
from newsroom_shared.contracts import raw_page_for
from newsroom_shared.serialization import encode

page = encode(raw_page_for("https://example.com/a", open(sys.argv[1], "rb").read(),
                           source_id="s", fetched_at=datetime(2024, 1, 1, tzinfo=UTC)))

def summary(outcome):
    if outcome.failed:
        return {"reason": outcome.reason, "message": outcome.message}
    article = json.loads(outcome.value)
    return {"entities": [e["name"] for e in article["entities"]],
            "quotes": [(q["text"], q["speaker"]["name"]) for q in article["quotes"]]}

worker.init_worker(True, 30.0)
baseline = summary(worker.parse_message(page))
started = time.perf_counter()
for _ in range(3):
    worker.parse_message(page)
full = (time.perf_counter() - started) / 3
rounds = []
for fraction in (0.15, 0.3, 0.45, 0.6, 0.75, 0.9):
    worker._time_budget = fraction * full
    cut = summary(worker.parse_message(page))
    worker._time_budget = 30.0
    rounds.append({"fraction": fraction, "cut": cut, "next": summary(worker.parse_message(page))})
print(json.dumps({"baseline": baseline, "rounds": rounds}))
"""


@pytest.mark.timeout(180)
def test_a_page_over_its_budget_does_not_break_the_pages_after_it() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(SEED)], capture_output=True, text=True, check=True
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    baseline = result["baseline"]
    assert baseline.get("quotes"), baseline  # the seed has quotes and entities to compare
    for round_ in result["rounds"]:
        if "reason" in round_["cut"]:  # the budget ran out before the page was done
            assert round_["cut"]["reason"] == "time_budget_exceeded", round_
        assert round_["next"] == baseline, round_["fraction"]
