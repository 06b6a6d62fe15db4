"""A Python environment as a downstream consumer has it: `pip install aiokafka`, nothing else.

The project's own .venv has aiokafka's codec extra (cramjam), so running the example there
would hide a codec a plain install cannot read. The plain environment gets aiokafka and its
dependencies at the versions uv.lock pins, without extras.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def locked_versions() -> dict[str, str]:
    """Registry packages of uv.lock and their pinned versions (workspace members left out)."""
    lock = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
    return {
        package["name"]: package["version"]
        for package in lock["package"]
        if "registry" in package.get("source", {})
    }


def _uv() -> str:
    found = shutil.which("uv") or str(Path(sys.executable).parent / "uv")
    assert Path(found).exists(), "uv is a dev dependency: run `make setup`"
    return found


@pytest.fixture(scope="session")
def plain_python(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The interpreter of a fresh virtual environment holding only aiokafka (no extras)."""
    home = tmp_path_factory.mktemp("plain-consumer")
    venv = home / "venv"
    constraints = home / "constraints.txt"
    constraints.write_text(
        "".join(f"{name}=={version}\n" for name, version in sorted(locked_versions().items()))
    )
    uv = _uv()
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never"}
    subprocess.run(
        [uv, "venv", "--quiet", "--python", sys.executable, str(venv)], check=True, env=env
    )
    python = venv / "bin" / "python"
    install = [uv, "pip", "install", "--quiet", "--python", str(python), "-c", str(constraints)]
    subprocess.run([*install, "aiokafka"], check=True, env=env)
    yield python
    shutil.rmtree(home, ignore_errors=True)
