"""The workspace is the architecture: each folder is a member, each import names a real folder,
and `shared/` is the only thing members import from each other (the CLI member excepted)."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
WORKSPACE = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["uv"]["workspace"]
MEMBERS = {
    folder: tomllib.loads((ROOT / folder / "pyproject.toml").read_text())
    for folder in WORKSPACE["members"]
}

# Which members each member may import; everything else is a layering error.
ALLOWED = {
    "newsroom_shared": {"newsroom_shared"},
    "newsroom_fetcher": {"newsroom_fetcher", "newsroom_shared"},
    "newsroom_parser": {"newsroom_parser", "newsroom_shared"},
    "newsroom_indexer": {"newsroom_indexer", "newsroom_shared"},
    "newsroom_clusterer": {"newsroom_clusterer", "newsroom_shared"},
    "newsroom_ops": {
        "newsroom_ops",
        "newsroom_shared",
        "newsroom_fetcher",
        "newsroom_parser",
        "newsroom_indexer",
        "newsroom_clusterer",
    },
}


def _module(folder: str) -> str:
    return MEMBERS[folder]["tool"]["uv"]["build-backend"]["module-name"]


def _imports(package_dir: Path) -> set[str]:
    found: set[str] = set()
    for path in package_dir.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("folder", sorted(MEMBERS))
def test_each_member_holds_its_one_package(folder: str) -> None:
    module = _module(folder)
    assert (ROOT / folder / module / "__init__.py").is_file()
    assert module == MEMBERS[folder]["project"]["name"].replace("-", "_")


@pytest.mark.parametrize("folder", sorted(MEMBERS))
def test_members_import_only_what_their_layer_allows(folder: str) -> None:
    module = _module(folder)
    ours = {name for name in _imports(ROOT / folder / module) if name.startswith("newsroom")}
    assert ours - ALLOWED[module] == set()


@pytest.mark.parametrize("folder", sorted(MEMBERS))
def test_members_declare_the_members_they_import(folder: str) -> None:
    module = _module(folder)
    declared = {
        requirement.split("[")[0].split("=")[0].replace("-", "_")
        for requirement in MEMBERS[folder]["project"]["dependencies"]
    }
    used = {name for name in _imports(ROOT / folder / module) if name.startswith("newsroom")}
    assert used - {module} <= declared


def test_only_the_parser_installs_spacy() -> None:
    with_spacy = {
        folder
        for folder, config in MEMBERS.items()
        if any(dep.startswith("spacy") for dep in config["project"]["dependencies"])
    }
    assert with_spacy == {"services/parser"}


def test_the_lock_matches_the_members() -> None:
    uv = Path(sys.executable).parent / "uv"
    result = subprocess.run(
        [str(uv), "lock", "--check", "--offline"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
