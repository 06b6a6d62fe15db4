"""Container command lines resolved to the commands the project provides (no Docker here).

A command line starts with one of the console scripts the workspace members declare; an image
built with `--build-arg PACKAGE=<member>` has that member's scripts only.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import typer

from newsroom_fetcher.cli import fetcher_app
from newsroom_indexer.cli import indexer_app
from newsroom_ops.cli import app as newsroom_app
from newsroom_parser.cli import parser_app

ROOT = Path(__file__).resolve().parents[1]
APPS = {
    "newsroom": newsroom_app,
    "newsroom-fetcher": fetcher_app,
    "newsroom-parser": parser_app,
    "newsroom-indexer": indexer_app,
}


def scripts_of_members() -> dict[str, str]:
    """Console script -> the workspace member (distribution name) that installs it."""
    workspace = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["uv"]["workspace"]
    found: dict[str, str] = {}
    for folder in workspace["members"]:
        project = tomllib.loads((ROOT / folder / "pyproject.toml").read_text())["project"]
        for script in project.get("scripts", {}):
            found[script] = project["name"]
    return found


def is_group(command: object) -> bool:
    # typer ships its own click, so test the shape rather than the class.
    return isinstance(getattr(command, "commands", None), dict)


def resolve(argv: list[str]) -> Any:
    """The command `argv` runs; fails the test when a word is not a command there."""
    script, *args = argv
    assert script in APPS, f"{script!r} is not a console script of the project"
    command: Any = typer.main.get_command(APPS[script])
    rest = list(args)
    while rest and is_group(command) and not rest[0].startswith("-"):
        sub = command.commands.get(rest[0])
        assert sub is not None, f"`{' '.join(argv)}`: no command {rest[0]!r}"
        command = sub
        rest.pop(0)
    assert not is_group(command), f"`{' '.join(argv)}` is a group, not a command"
    # What follows the command must be its options and arguments, as it parses them.
    try:
        command.make_context(script, rest)
    except Exception as exc:  # click's UsageError, from typer's own click
        raise AssertionError(f"`{' '.join(argv)}`: {exc}") from exc
    return command
