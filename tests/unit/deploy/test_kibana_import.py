"""The compose job that imports the Kibana saved objects, run as written against a fake Kibana.

Kibana's `_import` answers 200 whether or not the objects went in; the body's "success" says
which. The fake answers the way Kibana does (compact JSON, a 400 without the kbn-xsrf header),
and the job's exact shell command runs against it with /bin/sh and curl.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from .fake_kibana import FakeKibana, running

ROOT = Path(__file__).resolve().parents[3]
JOB = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["init-kibana"]
# The host folder compose mounts at the job's SAVED_OBJECTS.
MOUNTED = (ROOT / JOB["volumes"][0].split(":")[0]).resolve()


def compose_shell(text: str) -> str:
    """The command as compose hands it to the container: `$$` is a literal `$`."""
    assert "$" not in text.replace("$$", ""), "a lone $ would be interpolated by compose"
    return text.replace("$$", "$")


@pytest.fixture(params=["success", "failure"])
def kibana(request: pytest.FixtureRequest) -> Iterator[FakeKibana]:
    with running(request.param) as server:
        yield server


def run_job(kibana_url: str) -> subprocess.CompletedProcess[str]:
    """The job's command, with the job's environment pointed at this machine: the fake Kibana,
    and the folder compose mounts as the saved objects."""
    assert JOB["entrypoint"] == ["/bin/sh", "-c"]
    (command,) = JOB["command"]
    assert JOB["volumes"][0].split(":")[1] == JOB["environment"]["SAVED_OBJECTS"]
    env = {**JOB["environment"], "KIBANA_URL": kibana_url, "SAVED_OBJECTS": str(MOUNTED)}
    env["PATH"] = "/usr/bin:/bin"
    return subprocess.run(
        ["/bin/sh", "-c", compose_shell(command)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_job_succeeds_only_when_kibana_says_success(kibana: FakeKibana) -> None:
    result = run_job(kibana.url)

    files = sorted(MOUNTED.glob("*.ndjson"))
    assert files
    if kibana.outcome == "success":
        assert kibana.imported == [(f.name, f.read_bytes()) for f in files]
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines() == [f"imported {f}" for f in files]
    else:
        # The first refused file ends the job, loudly, with Kibana's reasons.
        assert kibana.imported == [(files[0].name, files[0].read_bytes())]
        assert result.returncode == 1
        assert f"import of {files[0]} failed" in result.stderr
        assert "missing_references" in result.stderr


def test_the_job_fails_when_kibana_refuses_the_request(kibana: FakeKibana) -> None:
    url = f"{kibana.url}/no-such-base-path"  # 404 from the fake, as from a wrong server.basePath
    result = run_job(url)
    assert result.returncode == 1
    assert '"statusCode":404' in result.stderr


def test_the_job_fails_when_kibana_is_unreachable() -> None:
    with running("success") as gone:
        port = gone.server_address[1]
    result = run_job(f"http://127.0.0.1:{port}")
    assert result.returncode != 0
    assert re.search(r"curl: \(7\)", result.stderr), result.stderr
