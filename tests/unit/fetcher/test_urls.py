"""Canonical URLs (the dedup key) and allow/deny filters."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsroom_fetcher.settings import DEFAULT_TRACKING_PARAMS
from newsroom_fetcher.urls import (
    InvalidUrl,
    UrlFilter,
    canonicalize,
    compile_tracking_params,
    host_of,
)

TRACKING = compile_tracking_params(DEFAULT_TRACKING_PARAMS)


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("HTTPS://Example.COM:443/a/B?x=1#frag", "https://example.com/a/B?x=1"),
        ("http://example.com:80", "http://example.com/"),
        ("http://example.com:8080/p", "http://example.com:8080/p"),
        (
            "https://example.com/p?utm_source=tw&utm_medium=social&id=3",
            "https://example.com/p?id=3",
        ),
        ("https://example.com/p?fbclid=x&gclid=y&UTM_Campaign=z", "https://example.com/p"),
        ("https://example.com/p?b=2&a=1", "https://example.com/p?a=1&b=2"),
        ("https://example.com/p?", "https://example.com/p"),
        ("https://example.com/%7Euser/%2f", "https://example.com/~user/%2F"),
        ("https://example.com/caf\u00e9 menu", "https://example.com/caf%C3%A9%20menu"),
        ("https://b\u00fccher.example/", "https://xn--bcher-kva.example/"),
        ("https://[::1]:8443/x", "https://[::1]:8443/x"),
        ("  https://example.com./p  ", "https://example.com/p"),
    ],
)
def test_canonicalize(url: str, canonical: str) -> None:
    assert canonicalize(url, TRACKING) == canonical


def test_tracking_parameters_are_configurable() -> None:
    own = compile_tracking_params(["ref", "src_*"])
    assert canonicalize("https://e.com/?ref=a&src_x=1&utm_source=k", own) == (
        "https://e.com/?utm_source=k"
    )
    assert canonicalize("https://e.com/?ref=a", compile_tracking_params([])) == (
        "https://e.com/?ref=a"
    )


@pytest.mark.parametrize(
    "url", ["ftp://example.com/f", "mailto:a@example.com", "/relative", "http://", "http://[::1"]
)
def test_non_http_urls_are_refused(url: str) -> None:
    with pytest.raises(InvalidUrl):
        canonicalize(url, TRACKING)


@given(
    host=st.from_regex(r"[a-z][a-z0-9-]{0,10}\.(com|org)", fullmatch=True),
    path=st.text(alphabet=st.characters(codec="utf-8", exclude_characters="?#\x00"), max_size=20),
    params=st.lists(
        st.tuples(st.sampled_from(["a", "b", "utm_x", "id"]), st.text(max_size=5)), max_size=4
    ),
)
def test_canonicalize_is_idempotent(host: str, path: str, params: list[tuple[str, str]]) -> None:
    from urllib.parse import urlencode

    url = f"https://{host}/{path}?{urlencode(params)}"
    once = canonicalize(url, TRACKING)
    assert canonicalize(once, TRACKING) == once
    assert "utm_" not in once.partition("?")[2]


def test_host_of_keeps_non_default_ports() -> None:
    assert host_of("https://Example.com:443/a") == "example.com"
    assert host_of("http://example.com:8080/a") == "example.com:8080"


def test_url_filter() -> None:
    only_dated = UrlFilter(allow=[re.compile(r"/\d{4}/")], deny=[re.compile("/video/")])
    assert only_dated.accepts("https://e.com/2024/05/story")
    assert not only_dated.accepts("https://e.com/about")
    assert not only_dated.accepts("https://e.com/2024/video/clip")
    assert UrlFilter().accepts("https://e.com/anything")
