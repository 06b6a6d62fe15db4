"""The commands are registered, exported files are checked, results render readably."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from typer.testing import CliRunner

from newsroom_ops.cli import app
from newsroom_ops.elasticsearch.cli import render_result
from newsroom_ops.elasticsearch.search import Hit, SearchResult

runner = CliRunner()


def test_commands_are_registered() -> None:
    for args in (
        ["indexer", "run", "--help"],
        ["es", "apply", "--help"],
        ["es", "status", "--help"],
        ["es", "rollover", "--help"],
        ["search", "--help"],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (args, result.output)
    assert "--person" in runner.invoke(app, ["search", "--help"]).output


def test_export_check_passes_on_the_committed_files() -> None:
    deploy = Path(__file__).parents[3] / "deploy"
    result = runner.invoke(
        app,
        [
            "es",
            "export",
            "--check",
            "--elasticsearch-dir",
            str(deploy / "elasticsearch"),
            "--kibana-dir",
            str(deploy / "kibana"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "up to date" in result.output


def test_export_check_fails_on_a_stale_file(tmp_path) -> None:
    result = runner.invoke(
        app,
        [
            "es",
            "export",
            "--check",
            "--elasticsearch-dir",
            str(tmp_path / "es"),
            "--kibana-dir",
            str(tmp_path / "kb"),
        ],
    )
    assert result.exit_code == 1
    assert "out of date" in result.output


def test_render_result() -> None:
    result = SearchResult(
        total=1,
        total_is_exact=True,
        took_ms=3,
        hits=[
            Hit(
                "a1",
                1.0,
                "Sen. Rand Paul Invites [Top] Russians",
                "rollcall",
                "Roll Call",
                "2018-08-06T00:00:00+00:00",
                "https://x",
                "top <em>Russian</em> officials",
            ),
        ],
        facets={"people": [("Rand Paul", 1), ("Vladimir Putin", 1)]},
    )
    console = Console(record=True, width=200)
    render_result(console, result)
    text = console.export_text()
    assert "1 article(s)" in text
    assert "Sen. Rand Paul Invites [Top] Russians" in text  # brackets are not markup
    assert "top Russian officials" in text
    assert "2018-08-06" in text
    assert "Rand Paul (1), Vladimir Putin (1)" in text
