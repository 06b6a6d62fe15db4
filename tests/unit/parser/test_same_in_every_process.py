"""The parser gives the same article in every process: replays, and several parser
instances reading one topic, must name the same entities the same way. Python salts the
hashes of strings per process, so an order taken from a set differs between processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "benchmarks"
# Pages whose names come in several written forms (capitals in headings, acronyms).
PAGES = [
    FIXTURES / "metadata" / "html" / "ae1dcff32d217575.html.gz",
    *sorted((FIXTURES / "article-body" / "html").glob("*.html.gz"))[:6],
]


def _parse(seed: str) -> list[dict[str, object]]:
    newsroom = Path(sys.executable).with_name("newsroom")
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [str(newsroom), "parse", *map(str, PAGES)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=True,
    )
    articles = [json.loads(line) for line in done.stdout.splitlines()]
    return [{"entities": a["entities"], "quotes": a["quotes"]} for a in articles]


def test_entities_and_quotes_do_not_depend_on_the_process() -> None:
    first, second = _parse("1"), _parse("2")
    assert len(first) == len(PAGES)
    assert any(a["entities"] for a in first)
    assert first == second
