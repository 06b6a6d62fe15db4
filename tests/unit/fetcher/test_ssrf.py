"""The server-side request forgery guard."""

from __future__ import annotations

import ipaddress

import pytest

from newsroom_fetcher.web.ssrf import AddressPolicy, GuardedBackend, SsrfRefused, is_public


@pytest.mark.parametrize(
    "address",
    [
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "127.0.0.1",
        "169.254.169.254",  # link-local (cloud metadata)
        "100.64.0.1",  # shared address space
        "0.0.0.0",
        "224.0.0.1",  # multicast
        "239.255.255.250",
        "::1",
        "fe80::1",
        "fc00::1",
        "ff02::1",
        "::ffff:10.0.0.1",  # IPv4-mapped private
        "::ffff:127.0.0.1",
    ],
)
def test_non_public_addresses(address: str) -> None:
    assert not is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700::1111"])
def test_public_addresses(address: str) -> None:
    assert is_public(ipaddress.ip_address(address))


def test_allow_list_takes_networks_and_host_names() -> None:
    policy = AddressPolicy.from_allow_list(["127.0.0.0/8", "Intranet.Example."])
    assert policy.address_allowed(ipaddress.ip_address("127.0.0.2"))
    assert not policy.address_allowed(ipaddress.ip_address("10.0.0.1"))
    assert policy.host_allowed("intranet.example")
    assert not policy.host_allowed("example.org")


async def test_backend_refuses_what_a_name_resolves_to() -> None:
    guarded = GuardedBackend(AddressPolicy())
    with pytest.raises(SsrfRefused) as info:
        await guarded.checked_addresses("localhost", 80)
    assert info.value.address in ("127.0.0.1", "::1")
    with pytest.raises(SsrfRefused):
        await guarded.checked_addresses("169.254.169.254", 80)


async def test_backend_lets_allow_listed_destinations_through() -> None:
    by_network = GuardedBackend(AddressPolicy.from_allow_list(["127.0.0.0/8", "::1/128"]))
    assert "127.0.0.1" in await by_network.checked_addresses("localhost", 80)
    by_name = GuardedBackend(AddressPolicy.from_allow_list(["localhost"]))
    assert "127.0.0.1" in await by_name.checked_addresses("localhost", 80)
