"""httpcore's connection pool with its bookkeeping pass made linear.

httpcore (1.0.9, the latest release) re-examines every connection for every idle connection
and every queued request each time a request enters or leaves the pool, so a fetcher holding
many idle keep-alive connections (one per host it visits politely) spends most of its CPU
there: 8-9 ms per page against 2-3 ms with the pool busy, in benchmarks/fetcher_throughput.py.
The same fix is proposed upstream (encode/httpcore#1035) and made in its maintained fork;
this pass does what httpcore's does, once per connection, with two of its faults fixed:
- surplus keep-alive connections are counted among the idle ones (httpcore counts them all,
  closing idle connections while fewer than `max_keepalive_connections` are idle);
- an idle connection handed to a queued request is that request's: it is not handed to a
  second request in the same pass, closed as surplus or closed to make room, before the
  request is sent on it (encode/httpcore#1110).
Only `_assign_requests_to_connections` is replaced; `tests/unit/fetcher/test_pool.py` fails
if an httpcore upgrade changes the names it relies on.
"""

from __future__ import annotations

from collections import defaultdict

import httpcore
from httpcore._async.interfaces import AsyncConnectionInterface


class LinearConnectionPool(httpcore.AsyncConnectionPool):
    def _assign_requests_to_connections(self) -> list[AsyncConnectionInterface]:
        reserved = {r.connection for r in self._requests if r.connection is not None}
        closing: list[AsyncConnectionInterface] = []
        kept: list[AsyncConnectionInterface] = []
        idle: list[AsyncConnectionInterface] = []
        for connection in self._connections:
            if connection.is_closed():
                continue
            # A reserved connection was checked when it was handed out; `has_expired` on an
            # idle one polls its socket, the costliest call here.
            if connection not in reserved and connection.has_expired():
                closing.append(connection)
                continue
            kept.append(connection)
            if connection not in reserved and connection.is_idle():
                idle.append(connection)

        surplus = len(idle) - self._max_keepalive_connections
        if surplus > 0:
            dropped = set(idle[:surplus])
            closing.extend(idle[:surplus])
            kept = [c for c in kept if c not in dropped]
            idle = idle[surplus:]
        self._connections = kept

        available: defaultdict[_Key, list[AsyncConnectionInterface]] = defaultdict(list)
        for connection in kept:
            if connection not in reserved and connection.is_available():
                available[_key(_origin_of(connection))].append(connection)
        idle_set = set(idle)

        for request in self._requests:
            if not request.is_queued():
                continue
            origin = request.request.url.origin
            candidates = available.get(_key(origin))
            if candidates:
                connection = candidates.pop(0)
                idle_set.discard(connection)
            elif len(self._connections) < self._max_connections:
                connection = self.create_connection(origin)
                self._connections.append(connection)
            elif idle_set:
                victim = next(c for c in self._connections if c in idle_set)
                idle_set.discard(victim)
                if victim in (spare := available[_key(_origin_of(victim))]):
                    spare.remove(victim)
                self._connections.remove(victim)
                closing.append(victim)
                connection = self.create_connection(origin)
                self._connections.append(connection)
            else:
                continue  # waits for a connection to come free
            request.assign_to_connection(connection)
        return closing


_Key = tuple[bytes, bytes, int]


def _key(origin: httpcore.Origin) -> _Key:
    # httpcore's Origin compares by value but is not hashable.
    return (origin.scheme, origin.host, origin.port)


def _origin_of(connection: AsyncConnectionInterface) -> httpcore.Origin:
    # Every connection the pool creates is an AsyncHTTPConnection, which knows its origin.
    return connection._origin  # type: ignore[attr-defined]
