"""Find a Java runtime new enough for a server."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from newsroom_ops.devstack.errors import DevStackError

_VERSION = re.compile(r'version "(\d+)(?:\.(\d+))?')


@dataclass(frozen=True)
class JavaRuntime:
    home: Path
    major: int

    @property
    def java(self) -> Path:
        return self.home / "bin" / "java"


def _major_version(java: Path) -> int | None:
    try:
        out = subprocess.run(
            [str(java), "-version"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = _VERSION.search(out.stderr + out.stdout)
    if not match:
        return None
    major = int(match.group(1))
    # Java 8 and older report "1.8.0".
    return int(match.group(2) or 0) if major == 1 else major


def _candidate_homes(preferred: Path | None) -> list[Path]:
    homes: list[Path] = []
    if preferred:
        homes.append(preferred)
    if os.environ.get("JAVA_HOME"):
        homes.append(Path(os.environ["JAVA_HOME"]))
    on_path = shutil.which("java")
    if on_path:
        homes.append(Path(on_path).resolve().parent.parent)
    for root in (Path("/usr/lib/jvm"), Path("/usr/local/lib/jvm"), Path("/opt/java")):
        if root.is_dir():
            homes.extend(sorted(p for p in root.iterdir() if p.is_dir() and not p.is_symlink()))
    unique: list[Path] = []
    for home in homes:
        if home not in unique and (home / "bin" / "java").exists():
            unique.append(home)
    return unique


def find_java(min_major: int, purpose: str, preferred: Path | None = None) -> JavaRuntime:
    """The newest JDK found that is at least `min_major`, or a clear error listing what was seen.

    An explicitly configured JDK (`preferred`) wins when it is new enough.
    """
    seen: list[JavaRuntime] = []
    for home in _candidate_homes(preferred):
        major = _major_version(home / "bin" / "java")
        if major is not None:
            seen.append(JavaRuntime(home, major))
    if preferred:
        chosen = next((j for j in seen if j.home == preferred), None)
        if chosen and chosen.major >= min_major:
            return chosen
    usable = [j for j in seen if j.major >= min_major]
    if usable:
        return max(usable, key=lambda j: j.major)
    found = ", ".join(f"Java {j.major} at {j.home}" for j in seen) or "no Java at all"
    raise DevStackError(
        f"{purpose} needs Java {min_major} or newer, but found {found}. Install a JDK "
        f"{min_major}+ (e.g. `apt-get install openjdk-{max(min_major, 21)}-jdk-headless`) or "
        "point NEWSROOM_DEV_JAVA_HOME at one."
    )
