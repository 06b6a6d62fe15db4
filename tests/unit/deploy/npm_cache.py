"""Third-party files the tests need but the project must not commit: fetched once from the npm
registry, verified against a pinned sha256 and kept in the download cache (~/.cache/newsroom,
or NEWSROOM_DEV_CACHE_DIR).
"""

from __future__ import annotations

import hashlib
import tarfile
import tempfile
from pathlib import Path

import httpx

from newsroom_ops.devstack import DevStackSettings

NPM_REGISTRY = "https://registry.npmjs.org"


def npm_tarball(package: str, version: str, sha256: str) -> Path:
    """The verified tarball of `package`@`version`, downloaded on first use."""
    name = package.rsplit("/", 1)[-1]
    # npm pack's naming: @scope/name -> scope-name-version.tgz
    file_name = f"{package.lstrip('@').replace('/', '-')}-{version}.tgz"
    target = DevStackSettings().cache_dir / "npm" / file_name
    if target.exists() and _sha256(target.read_bytes()) == sha256:
        return target
    url = f"{NPM_REGISTRY}/{package}/-/{name}-{version}.tgz"
    try:
        response = httpx.get(url, follow_redirects=True, timeout=60.0)
        response.raise_for_status()
    except httpx.HTTPError as exc:
        raise RuntimeError(
            f"cannot download {url} ({exc!r}); place the file at {target} to work offline"
        ) from exc
    actual = _sha256(response.content)
    if actual != sha256:
        raise RuntimeError(f"{url} has sha256 {actual}, expected {sha256}: refusing to use it")
    target.parent.mkdir(parents=True, exist_ok=True)
    # Write beside the target, then rename: an interrupted run never leaves a partial file.
    with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as handle:
        handle.write(response.content)
    Path(handle.name).replace(target)
    return target


def read_member(tarball: Path, member: str) -> bytes:
    with tarfile.open(tarball, "r:gz") as archive:
        extracted = archive.extractfile(member)
        if extracted is None:
            raise FileNotFoundError(f"{member} is not a file in {tarball}")
        return extracted.read()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
