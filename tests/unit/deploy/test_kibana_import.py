"""The compose job that imports the Kibana saved objects, run as written against a fake Kibana.

Kibana's `_import` answers 200 whether or not the objects went in; the body's "success" says
which. The fake answers the way Kibana does (compact JSON, a 400 without the kbn-xsrf header),
and the job's exact shell command runs against it with /bin/sh and curl.
"""

from __future__ import annotations

import json
import re
import subprocess
import threading
from collections.abc import Iterator
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[3]
JOB = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["init-kibana"]
# The host folder compose mounts at the job's SAVED_OBJECTS.
MOUNTED = (ROOT / JOB["volumes"][0].split(":")[0]).resolve()


def compose_shell(text: str) -> str:
    """The command as compose hands it to the container: `$$` is a literal `$`."""
    assert "$" not in text.replace("$$", ""), "a lone $ would be interpolated by compose"
    return text.replace("$$", "$")


def _compact(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


class FakeKibana(ThreadingHTTPServer):
    def __init__(self, outcome: str) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.outcome = outcome  # "success" or "failure"
        self.imported: list[tuple[str, bytes]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: FakeKibana

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _reply(self, status: int, body: dict[str, Any]) -> None:
        data = _compact(body)
        self.send_response(status)
        self.send_header("content-type", "application/json; charset=utf-8")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        data = self.rfile.read(int(self.headers["content-length"]))
        if url.path != "/api/saved_objects/_import":
            return self._reply(404, {"statusCode": 404, "error": "Not Found"})
        if "kbn-xsrf" not in self.headers:
            message = "Request must contain a kbn-xsrf header."
            return self._reply(400, {"statusCode": 400, "error": "Bad Request", "message": message})
        assert parse_qs(url.query) == {"overwrite": ["true"]}
        form = BytesParser(policy=HTTP).parsebytes(
            f"content-type: {self.headers['content-type']}\r\n\r\n".encode() + data
        )
        (part,) = [
            p
            for p in form.iter_parts()
            if p.get_param("name", header="content-disposition") == "file"
        ]
        content = part.get_payload(decode=True)
        self.server.imported.append((part.get_filename(), content))
        objects = [json.loads(line) for line in content.decode().splitlines() if line.strip()]
        results = [{"type": o["type"], "id": o["id"], "meta": {}} for o in objects]
        if self.server.outcome == "success":
            return self._reply(
                200,
                {
                    "successCount": len(objects),
                    "success": True,
                    "warnings": [],
                    "successResults": results,
                },
            )
        failed = objects[-1]
        error = {"type": "missing_references", "references": [{"type": "lens", "id": "gone"}]}
        self._reply(
            200,
            {
                "successCount": len(objects) - 1,
                "success": False,
                "warnings": [],
                "errors": [
                    {
                        "id": failed["id"],
                        "type": failed["type"],
                        "meta": {"title": failed["attributes"]["title"]},
                        "error": error,
                    }
                ],
                "successResults": results[:-1],
            },
        )


@pytest.fixture(params=["success", "failure"])
def kibana(request: pytest.FixtureRequest) -> Iterator[FakeKibana]:
    server = FakeKibana(request.param)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


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
    with ThreadingHTTPServer(("127.0.0.1", 0), _Handler) as closed:
        port = closed.server_address[1]
    result = run_job(f"http://127.0.0.1:{port}")
    assert result.returncode != 0
    assert re.search(r"curl: \(7\)", result.stderr), result.stderr
