"""The parser as a Faust app: consumer group, partitions and rebalances are Faust's job."""

from __future__ import annotations

import ssl
import tempfile
from pathlib import Path
from typing import Any

import faust
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from newsroom_parser.runtime import ParserRuntime, source_topic
from newsroom_parser.settings import ParserSettings
from newsroom_shared.logging import logging_config
from newsroom_shared.settings import KafkaSettings
from newsroom_shared.topics import RAW_PAGE_MAX_MESSAGE_BYTES


def _credentials(kafka: KafkaSettings) -> Any:
    if kafka.security_protocol == "PLAINTEXT":
        return None
    context = None
    if kafka.security_protocol in ("SSL", "SASL_SSL"):
        context = ssl.create_default_context(cafile=kafka.ssl_cafile)
        if kafka.ssl_certfile:
            context.load_cert_chain(kafka.ssl_certfile, kafka.ssl_keyfile)
    if kafka.security_protocol == "SSL":
        return faust.SSLCredentials(context)
    password = kafka.sasl_password.get_secret_value() if kafka.sasl_password else None
    return faust.SASLCredentials(
        username=kafka.sasl_username,
        password=password,
        ssl_context=context,
        mechanism=kafka.sasl_mechanism or "PLAIN",
    )


def create_app(settings: ParserSettings) -> tuple[faust.App, ParserRuntime]:
    kafka = settings.kafka
    app = faust.App(
        settings.app_id,
        broker=[f"kafka://{host.strip()}" for host in kafka.bootstrap_servers.split(",")],
        broker_credentials=_credentials(kafka),
        broker_client_id=f"{kafka.client_id}-parser",
        key_serializer="raw",
        value_serializer="raw",
        store="memory://",
        # Topics belong to `newsroom topics apply`; the parser never creates or alters them.
        topic_allow_declare=False,
        topic_disable_leader=True,
        consumer_auto_offset_reset="earliest" if settings.from_beginning else "latest",
        consumer_max_fetch_size=RAW_PAGE_MAX_MESSAGE_BYTES,
        web_enabled=True,
        web_port=settings.web_port,
        web_bind=settings.web_host,
        web_in_thread=False,
        datadir=str(Path(tempfile.gettempdir()) / f"newsroom-{settings.app_id}"),
    )
    runtime = ParserRuntime(settings)
    raw_pages = app.topic(source_topic(settings), key_type=bytes, value_type=bytes)

    @app.agent(raw_pages, name="parse-raw-pages")
    async def parse_raw_pages(stream: faust.StreamT) -> None:
        await runtime.consume(stream)

    @app.page("/metrics")
    async def metrics_view(web: Any, request: Any) -> Any:
        # aiohttp wants the charset apart from the media type.
        media_type = CONTENT_TYPE_LATEST.split(";")[0]
        return web.bytes(generate_latest(), content_type=media_type)

    @app.page("/health")
    async def health_view(web: Any, request: Any) -> Any:
        healthy, details = runtime.health()
        body = {"status": "ok" if healthy else "unhealthy", **details}
        return web.json(body, status=200 if healthy else 503)

    @app.on_before_shutdown.connect
    async def _release(app: faust.App, **kwargs: Any) -> None:
        # Sent after the consumer stopped: nothing more can arrive for the pool or producer.
        await runtime.stop()

    return app, runtime


def run(settings: ParserSettings, loglevel: str = "info") -> None:
    """Run the parser until SIGTERM/SIGINT (Faust's worker owns the event loop)."""
    app, _ = create_app(settings)
    level = {"crit": "CRITICAL", "warn": "WARNING"}.get(loglevel, loglevel.upper())
    worker = faust.Worker(
        app,
        loglevel=loglevel,
        quiet=True,
        logging_config=logging_config("parser", level, settings.log_json),
    )
    worker.execute_from_commandline()
