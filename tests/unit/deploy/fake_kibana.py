"""A fake Kibana on loopback whose saved-objects `_import` answers as Kibana's does: 200 with
"success": true, or 200 with "success": false and the refused objects (compact JSON), and 400
without the kbn-xsrf header. It records what it was sent."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


def _compact(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


class FakeKibana(ThreadingHTTPServer):
    def __init__(self, outcome: str) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.outcome = outcome  # "success" or "failure"
        self.imported: list[tuple[str, bytes]] = []
        self.headers: list[dict[str, str]] = []

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
        self.server.headers.append(dict(self.headers))
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


@contextmanager
def running(outcome: str) -> Iterator[FakeKibana]:
    server = FakeKibana(outcome)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
