"""Cached, verified downloads with progress output."""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from pathlib import Path

import httpx

from newsroom_ops.devstack.errors import DevStackError


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def download(url: str, target: Path, sha256: str | None = None, what: str = "") -> Path:
    """Download `url` to `target` unless a verified copy is already there.

    Writes to a temporary file first so an interrupted download never looks complete.
    """
    if target.exists() and (sha256 is None or file_sha256(target) == sha256):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    label = what or target.name
    _say(f"downloading {label} from {url}")
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    tmp = Path(tmp_name)
    try:
        with (
            os.fdopen(fd, "wb") as out,
            httpx.stream(
                "GET", url, follow_redirects=True, timeout=httpx.Timeout(60.0, connect=15.0)
            ) as response,
        ):
            if response.status_code != 200:
                raise DevStackError(
                    f"cannot download {label}: {url} answered HTTP {response.status_code}"
                )
            total = int(response.headers.get("content-length") or 0)
            done, next_report = 0, 10
            for chunk in response.iter_bytes(1024 * 1024):
                out.write(chunk)
                done += len(chunk)
                if total and done * 100 // total >= next_report:
                    _say(f"  {label}: {done * 100 // total}% of {total // (1024 * 1024)} MiB")
                    next_report += 10
        if sha256 is not None:
            actual = file_sha256(tmp)
            if actual != sha256:
                raise DevStackError(
                    f"{label} from {url} has sha256 {actual}, expected {sha256}: refusing to use it"
                )
        tmp.replace(target)
    except httpx.HTTPError as exc:
        raise DevStackError(
            f"cannot download {label} from {url}: {exc!r}. The first run needs network access "
            "to Maven Central (or set NEWSROOM_DEV_MAVEN_REPO_URL to a mirror of it); later "
            "runs use the cache."
        ) from exc
    finally:
        tmp.unlink(missing_ok=True)
    return target


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def check_reachable(url: str) -> None:
    """Fail early, with a message that names the cause, when the registry cannot be reached."""
    try:
        httpx.head(url, timeout=15.0, follow_redirects=True)
    except httpx.HTTPError as exc:
        raise DevStackError(
            f"cannot reach {url} ({exc!r}). The first run downloads Kafka and Elasticsearch "
            "from Maven Central: check the network or proxy, or set NEWSROOM_DEV_MAVEN_REPO_URL "
            "to a mirror. Later runs work offline from the cache."
        ) from exc
