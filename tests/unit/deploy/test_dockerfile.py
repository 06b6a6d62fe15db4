"""The Dockerfile builds from pinned tools only: uv from hashes, the workspace from uv.lock, and
the members' build backend at one exact version (no Docker engine here: checked as text)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.specifiers import SpecifierSet
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[3]
DOCKERFILE = (ROOT / "Dockerfile").read_text()
ROOT_PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def run_lines() -> list[str]:
    """Each RUN instruction, continuation lines joined."""
    joined = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    return [line.strip()[4:] for line in joined.splitlines() if line.strip().startswith("RUN ")]


def pinned_uv() -> Version:
    (pin,) = re.findall(r"^uv==(\S+)", (ROOT / "requirements-uv.txt").read_text(), re.M)
    return Version(pin)


def test_every_install_is_pinned() -> None:
    commands = run_lines()
    assert commands
    for command in commands:
        if "pip install" in command:
            assert "--require-hashes" in command and "-r requirements-uv.txt" in command, command
        if "uv sync" in command:
            assert "--frozen" in command, command
        assert "uv pip install" not in command and "apt-get install" not in command, command
    assert "UV_PYTHON_DOWNLOADS=never" in DOCKERFILE


def test_the_build_backend_is_the_one_uv_bundles_and_pinned_besides() -> None:
    uv = pinned_uv()
    constraints = ROOT_PROJECT["tool"]["uv"]["build-constraint-dependencies"]
    assert constraints == [f"uv_build=={uv}"]
    for folder in ROOT_PROJECT["tool"]["uv"]["workspace"]["members"]:
        system = tomllib.loads((ROOT / folder / "pyproject.toml").read_text())["build-system"]
        assert system["build-backend"] == "uv_build", folder
        (requirement,) = system["requires"]
        name, _, specifier = requirement.partition(">")
        # The pinned uv satisfies the range, so it builds the member itself ("direct build").
        assert name == "uv_build" and uv in SpecifierSet(">" + specifier), folder
