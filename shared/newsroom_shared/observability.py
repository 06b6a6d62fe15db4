"""The HTTP side door of every service: Prometheus `/metrics` and a `/health` check."""

from __future__ import annotations

import json
from collections.abc import Callable

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest

# A health check returns (healthy, details); details end up in the /health JSON.
HealthCheck = Callable[[], tuple[bool, dict[str, object]]]


class ObservabilityServer:
    """Serves /metrics and /health on `port` (0 picks a free port; see `.port` after start)."""

    def __init__(
        self,
        port: int,
        health: HealthCheck,
        host: str = "0.0.0.0",
        registry: CollectorRegistry = REGISTRY,
    ) -> None:
        self._requested_port = port
        self._host = host
        self._health = health
        self._registry = registry
        self._runner: web.AppRunner | None = None
        self.port: int | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/metrics", self._metrics)
        app.router.add_get("/health", self._health_view)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._host, self._requested_port)
        await site.start()
        server = site._server  # aiohttp exposes the bound socket only here
        sockets = getattr(server, "sockets", None) or []
        self.port = sockets[0].getsockname()[1] if sockets else self._requested_port

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _metrics(self, _: web.Request) -> web.Response:
        body = generate_latest(self._registry)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    async def _health_view(self, _: web.Request) -> web.Response:
        healthy, details = self._health()
        return web.Response(
            text=json.dumps({"status": "ok" if healthy else "unhealthy", **details}, default=str),
            status=200 if healthy else 503,
            content_type="application/json",
        )
