"""The sources file: which feeds, sitemaps, URL lists, robots.txt files and sites to poll, and how.

Loaded from YAML and validated with pydantic; an error names the file, the line and the field.
Durations are seconds or strings such as "90s", "15m", "2h", "3d".
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal, Self
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from newsroom_fetcher.urls import UrlFilter, host_matches, site_of

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_HOST_PATTERN = r"^(\*|(\*\.)?[a-z0-9]([a-z0-9.-]*[a-z0-9])?)$"
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")


def _seconds(value: Any) -> Any:
    if isinstance(value, str):
        match = _DURATION.match(value)
        if not match:
            raise ValueError(f"not a duration: {value!r} (use e.g. 90s, 15m, 2h, 3d)")
        return float(match.group(1)) * _UNITS[match.group(2) or "s"]
    return value


Duration = Annotated[float, BeforeValidator(_seconds), Field(gt=0)]


def _compile(patterns: list[str]) -> list[re.Pattern[str]]:
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(re.compile(pattern))
        except re.error as exc:
            raise ValueError(f"bad regular expression {pattern!r}: {exc}") from exc
    return compiled


class RateLimit(BaseModel):
    """Overrides the default politeness for the hosts of one source (robots.txt still applies)."""

    model_config = ConfigDict(extra="forbid")

    min_delay: Annotated[float, BeforeValidator(_seconds), Field(ge=0)]
    concurrency: int = Field(default=1, ge=1)


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=100)
    type: Literal["feed", "sitemap", "urls", "robots", "site"]
    url: str | None = Field(
        default=None,
        pattern=r"^https?://",
        description="Feed, sitemap, URL list file, robots.txt (type robots) or home page (site).",
    )
    urls: list[Annotated[str, Field(pattern=r"^https?://")]] = Field(
        default_factory=list, description="Inline URL list (type: urls)."
    )
    poll_interval: Duration = 900.0
    max_items: int = Field(default=100, ge=1)
    max_age: Duration | None = Field(default=None, description="Overrides max_item_age_hours.")
    allow: list[str] = Field(default_factory=list)
    deny: list[str] = Field(default_factory=list)
    rate_limit: RateLimit | None = None
    headers: dict[str, str] = Field(default_factory=dict)
    sitemap_hosts: list[Annotated[str, Field(pattern=_HOST_PATTERN)]] = Field(
        default_factory=list,
        description="Hosts besides the source's own site whose sitemaps are followed: "
        "'cdn.example.net', '*.example.net' (it and its subdomains), or '*' (any).",
    )

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.type == "urls":
            if not self.urls and not self.url:
                raise ValueError("a urls source needs `urls` (inline) or `url` (a text file)")
        elif not self.url:
            raise ValueError(f"a {self.type} source needs `url`")
        elif self.urls:
            raise ValueError("`urls` is only for sources of type urls")
        elif self.type == "robots" and urlsplit(self.url)[2:] != ("/robots.txt", "", ""):
            raise ValueError("a robots source's `url` is a robots.txt: https://host/robots.txt")
        _compile(self.allow)
        _compile(self.deny)
        return self

    @property
    def url_filter(self) -> UrlFilter:
        return UrlFilter(allow=_compile(self.allow), deny=_compile(self.deny))

    def follows_sitemap(self, url: str) -> bool:
        """Whether a sitemap at `url` (named by an index or a robots.txt) is read: on the
        source's own site (registrable domain), or on a host `sitemap_hosts` allows."""
        assert self.url is not None
        if site_of(url) == site_of(self.url):
            return True
        host = (urlsplit(url).hostname or "").lower()
        return any(host_matches(host, pattern) for pattern in self.sitemap_hosts)


class SourcesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sources: list[Source] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> Self:
        seen: set[str] = set()
        for source in self.sources:
            if source.id in seen:
                raise ValueError(f"duplicate source id {source.id!r}")
            seen.add(source.id)
        return self


class SourcesError(ValueError):
    """A sources file that cannot be used; the message lists every problem with its line."""


def load_sources(path: Path) -> list[Source]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SourcesError(f"{path}: {exc.strerror or exc}") from exc
    return parse_sources(text, str(path))


def parse_sources(text: str, filename: str = "<sources>") -> list[Source]:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SourcesError(f"{filename}: {exc}") from exc
    if root is None:
        raise SourcesError(f"{filename}:1: the file is empty; expected a `sources:` list")
    try:
        return SourcesFile.model_validate(data).sources
    except ValidationError as exc:
        lines = [
            f"{filename}:{_line_of(root, err['loc'])}: {_dotted(err['loc'])}: {err['msg']}"
            for err in exc.errors()
        ]
        raise SourcesError("\n".join(lines)) from exc


def _dotted(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "<file>"


def _line_of(node: yaml.Node, loc: tuple[int | str, ...]) -> int:
    """The 1-based line of the deepest YAML node the error location reaches."""
    for part in loc:
        child = None
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            child = node.value[part] if part < len(node.value) else None
        if child is None:
            break
        node = child
    return node.start_mark.line + 1
