"""Server-side request forgery guard: no connection to private, loopback, link-local or
multicast addresses unless allow-listed.

The check sits in the connection layer (an httpcore network backend), so it covers every
connection, redirects included, and the address checked is the address connected to: a host
name cannot resolve to a public address for the check and a private one for the connection.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import httpcore

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class SsrfRefused(Exception):
    def __init__(self, host: str, address: str) -> None:
        super().__init__(f"{host} resolves to {address}, a non-public address")
        self.host = host
        self.address = address


@dataclass(frozen=True)
class AddressPolicy:
    """Which destinations may be connected to. Allow-list entries: CIDRs or host names."""

    allowed_networks: tuple[IpNetwork, ...] = ()
    allowed_hosts: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def from_allow_list(cls, entries: Iterable[str]) -> AddressPolicy:
        networks, hosts = [], set()
        for entry in entries:
            try:
                networks.append(ipaddress.ip_network(entry.strip(), strict=False))
            except ValueError:
                hosts.add(entry.strip().lower().rstrip("."))
        return cls(tuple(networks), frozenset(hosts))

    def host_allowed(self, host: str) -> bool:
        return host.lower().rstrip(".") in self.allowed_hosts

    def address_allowed(self, address: IpAddress) -> bool:
        if any(address in network for network in self.allowed_networks):
            return True
        return is_public(address)


def is_public(address: IpAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    # is_global is False for private, loopback, link-local, shared (CGNAT), reserved and
    # unspecified ranges; multicast needs its own test.
    return address.is_global and not address.is_multicast


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolves host names itself, refuses non-public addresses, connects to the checked one."""

    def __init__(
        self,
        policy: AddressPolicy,
        cache_seconds: float = 60.0,
    ) -> None:
        self._policy = policy
        self._cache_seconds = cache_seconds
        self._inner = httpcore.AnyIOBackend()
        self._cache: dict[tuple[str, int], tuple[float, list[str]]] = {}

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's interface
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await self.checked_addresses(host, port)
        last_error: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last_error = exc
        assert last_error is not None
        raise last_error

    async def checked_addresses(self, host: str, port: int) -> list[str]:
        """The addresses of `host`, all allowed, or SsrfRefused naming the first that is not."""
        addresses = await self._resolve(host, port)
        if self._policy.host_allowed(host):
            return addresses
        for address in addresses:
            if not self._policy.address_allowed(ipaddress.ip_address(address)):
                raise SsrfRefused(host, address)
        return addresses

    async def _resolve(self, host: str, port: int) -> list[str]:
        now = time.monotonic()
        cached = self._cache.get((host, port))
        if cached and cached[0] > now:
            return cached[1]
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(
                host, port, type=socket.SOCK_STREAM
            )
        except socket.gaierror as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
        # Several records per address (one per protocol); keep each address once, in order.
        addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
        self._cache[(host, port)] = (now + self._cache_seconds, addresses)
        return addresses

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's interface
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are not used by the fetcher")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)
