"""The `newsroom` command as a new user meets it: a server that cannot be reached is one line
and exit 1, a mistyped option is a usage error (exit 2), times are UTC unless they say
otherwise, and every option explains itself in the help."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from newsroom_ops.cli import app
from newsroom_ops.cli_support import day_range, parse_time, terminal_width
from tests.command_lines import is_group

# Nothing listens on port 1: connections are refused at once.
UNREACHABLE = {
    "NEWSROOM_KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:1",
    "NEWSROOM_ES_URL": "http://127.0.0.1:1",
}
KAFKA_COMMANDS = [
    ["dlq", "list"],
    ["dlq", "show", "0:1"],
    ["dlq", "redrive", "--stage", "parse", "--dry-run"],
    ["topics", "apply"],
]
ES_COMMANDS = [
    ["es", "apply"],
    ["es", "status"],
    ["es", "rollover", "--dry-run"],
    ["search", "anything"],
    ["reindex"],
]


@pytest.fixture(scope="module")
def unreachable_runs() -> dict[str, subprocess.CompletedProcess[str]]:
    """Every command against servers that are not there, run side by side."""
    # Without the settings of the shell that runs the tests: one pointed at a stack
    # (`eval "$(newsroom dev env)"`) names a dead-letter key file, and the key set here too
    # is then refused as ambiguous before any server is tried.
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("NEWSROOM_")}
    env = {**inherited, **UNREACHABLE, "NEWSROOM_DEAD_LETTER_KEY": "k" * 32}
    commands = [*KAFKA_COMMANDS, *ES_COMMANDS, ["status"]]
    started = {
        " ".join(args): subprocess.Popen(
            [sys.executable, "-m", "newsroom_ops", *args],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for args in commands
    }
    done = {}
    for name, process in started.items():
        out, err = process.communicate(timeout=180)
        done[name] = subprocess.CompletedProcess(process.args, process.returncode, out, err)
    return done


@pytest.mark.parametrize(
    ("command", "server", "setting"),
    [(c, "kafka", "NEWSROOM_KAFKA_BOOTSTRAP_SERVERS") for c in KAFKA_COMMANDS]
    + [(c, "elasticsearch", "NEWSROOM_ES_URL") for c in ES_COMMANDS],
)
def test_an_unreachable_server_is_one_line_and_exit_1(
    unreachable_runs: dict[str, subprocess.CompletedProcess[str]],
    command: list[str],
    server: str,
    setting: str,
) -> None:
    result = unreachable_runs[" ".join(command)]
    lines = (result.stdout + result.stderr).splitlines()
    assert result.returncode == 1, lines
    assert len(lines) == 1, lines
    [line] = lines
    assert line.startswith(f"error: cannot reach {server} at ")
    assert setting in line and "newsroom dev up" in line


def test_status_says_in_one_line_each_what_it_could_not_reach(
    unreachable_runs: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    result = unreachable_runs["status"]
    assert result.returncode == 1
    assert result.stdout == ""  # no empty tables for what could not be read
    lines = result.stderr.splitlines()
    assert [line.split(" at ")[0] for line in lines] == [
        "error: cannot reach kafka",
        "error: cannot reach elasticsearch",
    ]
    assert all(len(line) < 200 for line in lines)


@pytest.mark.parametrize(
    "args",
    [
        ["search", "--sort", "newest", "x"],
        ["search", "--from", "2026-12-05", "--to", "2026-12-04", "x"],
        ["search", "--from", "04/12/2026", "x"],
        ["reindex", "--from", "nowhere"],
        ["dlq", "list", "--stage", "publish"],
        ["dlq", "list", "--since", "yesterday"],
        ["dlq", "redrive"],
        ["es", "apply", "--analysis", "klingon"],
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    result = CliRunner().invoke(app, args, env=UNREACHABLE)
    assert result.exit_code == 2, result.output


def test_times_without_an_offset_are_utc() -> None:
    assert parse_time("2026-12-04") == datetime(2026, 12, 4, tzinfo=UTC)
    assert parse_time("2026-12-04T09:30") == datetime(2026, 12, 4, 9, 30, tzinfo=UTC)
    assert parse_time("2026-12-04 09:30:15") == datetime(2026, 12, 4, 9, 30, 15, tzinfo=UTC)
    assert parse_time("2026-12-04T09:30Z") == datetime(2026, 12, 4, 9, 30, tzinfo=UTC)
    plus_two = parse_time("2026-12-04T01:30+02:00")
    assert plus_two.utcoffset() == timedelta(hours=2)
    with pytest.raises(typer.BadParameter):
        parse_time("last tuesday")


def test_search_days_are_utc_days_and_an_inverted_range_is_refused() -> None:
    east = timezone(timedelta(hours=2))
    # 01:30 at +02:00 is still the day before in UTC.
    assert day_range(datetime(2026, 12, 4, 1, 30, tzinfo=east), None) == (date(2026, 12, 3), None)
    same = parse_time("2026-12-04")
    assert day_range(same, same) == (date(2026, 12, 4), date(2026, 12, 4))
    with pytest.raises(typer.BadParameter):
        day_range(parse_time("2026-12-05"), parse_time("2026-12-04"))


def commands(command: Any, path: list[str]) -> Iterator[tuple[list[str], Any]]:
    if is_group(command):
        for name, sub in command.commands.items():
            yield from commands(sub, [*path, name])
    else:
        yield path, command


ALL_COMMANDS = list(commands(typer.main.get_command(app), []))


def test_every_option_of_every_command_has_help() -> None:
    assert len(ALL_COMMANDS) > 20
    missing = [
        f"newsroom {' '.join(path)} {param.opts[0]}"
        for path, command in ALL_COMMANDS
        for param in command.params
        if param.param_type_name == "option" and not (param.help or "").strip()
    ]
    assert missing == []


@pytest.mark.parametrize("path", [p for p, _ in ALL_COMMANDS], ids=" ".join)
def test_help_shows_no_type_placeholders(path: list[str]) -> None:
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    for placeholder in ("<bool>", "<%", "<datetime>"):
        assert placeholder not in result.output, f"{' '.join(path)}: {placeholder}"


def test_tables_follow_the_terminal_even_when_piped() -> None:
    script = "from newsroom_ops.cli_support import terminal_width; print(terminal_width())"

    def width(env: dict[str, str]) -> str:
        clean = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
        done = subprocess.run(
            [sys.executable, "-c", script],
            env={**clean, **env},
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.strip()

    assert width({"COLUMNS": "64"}) == "64"
    assert width({}) == "80"  # no terminal anywhere: a width any terminal shows
    assert terminal_width() > 0
