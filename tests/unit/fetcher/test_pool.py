"""The fetcher's connection pool bookkeeping: linear, keep-alive counted among idle connections,
an idle connection handed to one queued request only. Connections are stand-ins (the pass only
asks them for their state); one test runs real requests over loopback."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import httpcore
import httpx
from aiohttp import web
from httpcore._async.connection_pool import AsyncPoolRequest

from newsroom_fetcher.web.pool import LinearConnectionPool

ORIGIN = httpcore.Origin(b"http", b"a.example", 80)
OTHER = httpcore.Origin(b"http", b"b.example", 80)


@dataclass(eq=False)
class Connection:
    """An HTTP/1.1 connection's state as the pool sees it; counts the questions asked."""

    _origin: httpcore.Origin
    idle: bool = True
    calls: dict[str, int] = field(default_factory=dict)

    def _ask(self, name: str) -> None:
        self.calls[name] = self.calls.get(name, 0) + 1

    def is_closed(self) -> bool:
        self._ask("is_closed")
        return False

    def has_expired(self) -> bool:
        self._ask("has_expired")
        return False

    def is_idle(self) -> bool:
        self._ask("is_idle")
        return self.idle

    def is_available(self) -> bool:
        self._ask("is_available")
        return self.idle

    def can_handle_request(self, origin: httpcore.Origin) -> bool:
        self._ask("can_handle_request")
        return origin == self._origin


def pool(connections: list[Connection], **limits: int) -> LinearConnectionPool:
    made = LinearConnectionPool(**limits)
    made._connections = list(connections)  # type: ignore[arg-type]
    return made


def request(origin: httpcore.Origin, on: Connection | None = None) -> AsyncPoolRequest:
    url = httpcore.URL(scheme=origin.scheme, host=origin.host, port=origin.port, target=b"/")
    pending = AsyncPoolRequest(httpcore.Request(b"GET", url))
    if on is not None:
        pending.assign_to_connection(on)  # type: ignore[arg-type]
    return pending


async def test_one_pass_asks_each_connection_a_bounded_number_of_questions() -> None:
    # httpcore 1.0.9 asks every connection whether it is idle once per idle connection:
    # 64 idle connections cost 4,000+ questions a pass, and a pass runs twice a request.
    connections = [Connection(ORIGIN) for _ in range(64)]
    tested = pool(connections, max_connections=72, max_keepalive_connections=64)
    tested._requests = [request(OTHER)]
    tested._assign_requests_to_connections()
    asked = max(sum(c.calls.values()) for c in connections)
    assert asked <= 5, f"one connection was asked {asked} questions in one pass"


async def test_idle_connections_up_to_the_keepalive_limit_are_kept_while_others_are_busy() -> None:
    busy = [Connection(ORIGIN, idle=False) for _ in range(3)]
    idle = Connection(OTHER)
    tested = pool([*busy, idle], max_connections=4, max_keepalive_connections=2)
    tested._requests = [request(ORIGIN, on=c) for c in busy]
    closing = tested._assign_requests_to_connections()
    assert closing == [] and idle in tested._connections


async def test_surplus_idle_connections_are_closed_oldest_first() -> None:
    idle = [Connection(ORIGIN) for _ in range(4)]
    tested = pool(idle, max_connections=8, max_keepalive_connections=2)
    closing = tested._assign_requests_to_connections()
    assert closing == idle[:2] and tested._connections == idle[2:]


async def test_an_idle_connection_goes_to_one_queued_request_not_two() -> None:
    idle = Connection(ORIGIN)
    tested = pool([idle], max_connections=1, max_keepalive_connections=1)
    first, second = request(ORIGIN), request(ORIGIN)
    tested._requests = [first, second]
    tested._assign_requests_to_connections()
    assert first.connection is idle
    assert second.is_queued()  # the pool is full: it waits instead of sharing `idle`


async def test_an_idle_connection_reserved_for_a_request_is_not_closed_to_make_room() -> None:
    reserved = Connection(ORIGIN)
    tested = pool([reserved], max_connections=1, max_keepalive_connections=1)
    waiting = request(ORIGIN, on=reserved)  # handed out, not sent on yet
    tested._requests = [waiting, request(OTHER)]
    closing = tested._assign_requests_to_connections()
    assert closing == [] and tested._connections == [reserved]
    assert tested._requests[1].is_queued()


async def test_an_idle_connection_to_another_host_makes_room_for_a_new_one() -> None:
    idle = Connection(OTHER)
    tested = pool([idle], max_connections=1, max_keepalive_connections=1)
    queued = request(ORIGIN)
    tested._requests = [queued]
    closing = tested._assign_requests_to_connections()
    assert closing == [idle]
    assert queued.connection is not None and queued.connection is not idle
    assert tested._connections == [queued.connection]


def test_the_pool_replaces_what_httpcore_calls() -> None:
    # The override is only used if httpcore still calls a method of this name.
    assert "_assign_requests_to_connections" in vars(httpcore.AsyncConnectionPool)
    connection = httpcore.AsyncHTTPConnection(ORIGIN)
    assert connection._origin == ORIGIN


async def test_many_requests_over_few_connections_to_several_hosts_all_complete() -> None:
    async def page(request: web.Request) -> web.Response:
        await asyncio.sleep(0.001)
        return web.Response(text=request.match_info["n"])

    app = web.Application()
    app.router.add_get("/{n}", page)
    runner = web.AppRunner(app)
    await runner.setup()
    ports = []
    for _ in range(3):
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        ports.append(site._server.sockets[0].getsockname()[1])  # type: ignore[union-attr]
    transport = httpx.AsyncHTTPTransport()
    transport._pool = LinearConnectionPool(max_connections=4, max_keepalive_connections=2)
    try:
        async with httpx.AsyncClient(transport=transport) as client:
            gate = asyncio.Semaphore(16)

            async def fetch(n: int) -> str:
                async with gate:
                    return (await client.get(f"http://127.0.0.1:{ports[n % 3]}/{n}")).text

            texts = await asyncio.wait_for(asyncio.gather(*(fetch(n) for n in range(300))), 60)
        assert texts == [str(n) for n in range(300)]
        assert len(transport._pool._connections) <= 4
    finally:
        await runner.cleanup()
