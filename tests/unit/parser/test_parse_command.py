"""`newsroom parse`: one JSON line per input, in input order, errors in place."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from newsroom_ops.cli import app
from newsroom_shared.contracts import Article

from .test_worker_never_raises import SEED, _raw

runner = CliRunner()


def test_files_in_order_with_errors_in_place(tmp_path: Path) -> None:
    good = tmp_path / "seed.html"
    shutil.copy(SEED, good)
    zipped = tmp_path / "seed.html.gz"
    zipped.write_bytes(gzip.compress(SEED.read_bytes()))
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    result = runner.invoke(app, ["parse", "--no-nlp", str(good), str(empty), str(zipped)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 3
    assert lines[0]["title"].startswith("Sen. Rand Paul Invites")
    assert lines[1] == {
        "error": "empty_page",
        "error_class": "ExtractionError",
        "message": lines[1]["message"],
        "input": str(empty),
    }
    assert Article.model_validate(lines[2]).body == Article.model_validate(lines[0]).body


def test_url_option_sets_the_page_url(tmp_path: Path) -> None:
    url = "https://rollcall.com/2018/08/06/sen-rand-paul-invites-top-russians/"
    result = runner.invoke(app, ["parse", "--no-nlp", "--url", url, str(SEED)])
    assert result.exit_code == 0, result.output
    article = json.loads(result.stdout)
    assert article["url"] == url


def test_raw_pages_on_stdin() -> None:
    stdin = _raw(SEED.read_bytes()) + b"\n" + b"not a raw page\n"
    result = runner.invoke(app, ["parse", "--no-nlp"], input=stdin)
    assert result.exit_code == 0, result.output
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["language"] == "en"
    assert second["error"] == "invalid_event"
    assert second["input"] == "stdin:2"


def test_a_file_that_cannot_be_read_is_named_and_fails_the_command(tmp_path: Path) -> None:
    missing = tmp_path / "missing.html"
    result = runner.invoke(app, ["parse", "--no-nlp", str(SEED), str(missing)])
    assert result.exit_code == 1
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["title"].startswith("Sen. Rand Paul Invites")
    assert second == {
        "error": "unreadable_input",
        "message": f"{missing}: No such file or directory",
        "input": str(missing),
    }
    assert result.stderr.strip() == f"error: cannot read {missing}: No such file or directory"
