"""Resolve a runtime classpath from Maven coordinates with Maven itself.

Maven is taken from PATH, or downloaded (from Maven Central) into the cache when absent.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
from pathlib import Path
from xml.sax.saxutils import escape

from newsroom_ops.devstack.downloads import check_reachable, download
from newsroom_ops.devstack.errors import DevStackError
from newsroom_ops.devstack.java import JavaRuntime
from newsroom_shared.versions import MAVEN_VERSION

_DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1"
_COMPLETE_MARKER = ".resolved"


def _pom(coordinates: list[str]) -> str:
    deps = []
    for coordinate in coordinates:
        group, artifact, version = coordinate.split(":")
        deps.append(
            f"<dependency><groupId>{escape(group)}</groupId><artifactId>{escape(artifact)}"
            f"</artifactId><version>{escape(version)}</version></dependency>"
        )
    return (
        '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
        "<groupId>newsroom_ops.devstack</groupId><artifactId>runtime</artifactId><version>1</version>"
        f"<packaging>pom</packaging><dependencies>{''.join(deps)}</dependencies></project>"
    )


def _settings_xml(repo_url: str) -> str:
    return (
        "<settings><mirrors><mirror><id>newsroom-central</id><mirrorOf>*</mirrorOf>"
        f"<url>{escape(repo_url)}</url></mirror></mirrors></settings>"
    )


def maven_executable(cache_dir: Path, repo_url: str) -> Path:
    on_path = shutil.which("mvn")
    if on_path:
        return Path(on_path)
    home = cache_dir / f"apache-maven-{MAVEN_VERSION}"
    mvn = home / "bin" / "mvn"
    if mvn.exists():
        return mvn
    archive = download(
        f"{repo_url}/org/apache/maven/apache-maven/{MAVEN_VERSION}/"
        f"apache-maven-{MAVEN_VERSION}-bin.tar.gz",
        cache_dir / f"apache-maven-{MAVEN_VERSION}-bin.tar.gz",
        what=f"Maven {MAVEN_VERSION}",
    )
    with tarfile.open(archive) as tar:
        tar.extractall(cache_dir, filter="tar")
    return mvn


def resolve_classpath(
    coordinates: list[str], target: Path, cache_dir: Path, repo_url: str, java: JavaRuntime
) -> list[Path]:
    """Copy the runtime closure of `coordinates` into `target` (once) and return the jars."""
    marker = target / _COMPLETE_MARKER
    if marker.exists() and marker.read_text() == "\n".join(coordinates):
        return sorted(target.glob("*.jar"))
    check_reachable(repo_url)
    mvn = maven_executable(cache_dir, repo_url)
    if target.exists():
        shutil.rmtree(target)
    work = target.with_name(target.name + ".build")
    work.mkdir(parents=True, exist_ok=True)
    (work / "pom.xml").write_text(_pom(coordinates))
    (work / "settings.xml").write_text(_settings_xml(repo_url))
    print(f"resolving {', '.join(coordinates)} with Maven (first run only)", flush=True)
    result = subprocess.run(
        [
            str(mvn),
            "-B",
            "-q",
            "--strict-checksums",
            "-s",
            str(work / "settings.xml"),
            "-f",
            str(work / "pom.xml"),
            f"{_DEPENDENCY_PLUGIN}:copy-dependencies",
            f"-DoutputDirectory={target}",
            "-DincludeScope=runtime",
        ],
        capture_output=True,
        text=True,
        check=False,
        env={**_env_without_maven_opts(), "JAVA_HOME": str(java.home)},
    )
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
        raise DevStackError(f"Maven could not resolve {coordinates}:\n{tail}")
    jars = sorted(target.glob("*.jar"))
    if not jars:
        raise DevStackError(f"Maven resolved no jars for {coordinates} into {target}")
    marker.write_text("\n".join(coordinates))
    shutil.rmtree(work, ignore_errors=True)
    return jars


def _env_without_maven_opts() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("MAVEN_OPTS", "MAVEN_ARGS")}
