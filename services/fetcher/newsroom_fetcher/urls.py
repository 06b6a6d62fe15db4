"""URL canonicalisation (the dedup key) and per-source allow/deny patterns."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from tld import get_fld

DEFAULT_PORTS = {"http": 80, "https": 443}

# Characters left as they are in a path; everything else is percent-encoded the same way.
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")


class InvalidUrl(ValueError):
    pass


def compile_tracking_params(names: Iterable[str]) -> re.Pattern[str]:
    """`utm_*` style names to one case-insensitive pattern over whole parameter names."""
    parts = [re.escape(n[:-1]) + ".*" if n.endswith("*") else re.escape(n) for n in names]
    return re.compile("(?:" + "|".join(parts or ["(?!)"]) + ")", re.IGNORECASE)


def canonicalize(url: str, tracking: re.Pattern[str]) -> str:
    """The form two links to the same page share.

    Lower-cases scheme and host, drops default ports, the fragment, empty queries and tracking
    parameters, and sorts the remaining parameters (their order never changes the page a news
    site serves). Path case is kept: paths are case-sensitive.
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise InvalidUrl(f"{url!r}: {exc}") from exc
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        raise InvalidUrl(f"{url!r}: not an absolute http(s) URL")
    host = parts.hostname.lower().rstrip(".")
    try:
        host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError as exc:
        raise InvalidUrl(f"{url!r}: bad host name") from exc
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = _normalize_escapes(quote(parts.path, safe=_PATH_SAFE)) or "/"
    params = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not tracking.fullmatch(k)
    ]
    query = urlencode(sorted(params), doseq=True)
    return urlunsplit((scheme, netloc, path, query, ""))


def _normalize_escapes(path: str) -> str:
    """Decode escaped unreserved characters, upper-case the other escapes (RFC 3986 6.2.2)."""

    def fix(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else match.group(0).upper()

    return _ESCAPE.sub(fix, path)


def host_of(url: str) -> str:
    """`host[:port]` as lower-case: the unit of politeness and robots.txt."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    port = parts.port
    if port is not None and port != DEFAULT_PORTS.get(parts.scheme.lower()):
        return f"{host}:{port}"
    return host


def site_of(url: str) -> str:
    """The registrable domain of `url`'s host (news.example.co.uk -> example.co.uk), from the
    public suffix list; the host itself when it has none (an IP address, localhost, .test)."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return get_fld(host, fix_protocol=True, fail_silently=True) or host


def host_matches(host: str, pattern: str) -> bool:
    """`example.net` matches that host only, `*.example.net` it and its subdomains, `*` any."""
    if pattern == "*":
        return True
    if pattern.startswith("*."):
        return host == pattern[2:] or host.endswith(pattern[1:])
    return host == pattern


@dataclass(frozen=True)
class UrlFilter:
    """A URL passes when it matches some allow pattern (or there are none) and no deny pattern."""

    allow: Sequence[re.Pattern[str]] = ()
    deny: Sequence[re.Pattern[str]] = ()

    def accepts(self, url: str) -> bool:
        if self.allow and not any(p.search(url) for p in self.allow):
            return False
        return not any(p.search(url) for p in self.deny)
