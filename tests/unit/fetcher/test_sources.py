"""The sources file: validation, with the file, line and field of every problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsroom_fetcher.discovery.sources import SourcesError, load_sources, parse_sources

EXAMPLE = Path(__file__).resolve().parents[3] / "deploy" / "sources.example.yaml"


def test_the_example_file_is_valid() -> None:
    sources = load_sources(EXAMPLE)
    assert len(sources) >= 5
    assert {s.type for s in sources} == {"feed", "sitemap", "urls", "robots", "site"}


def test_values_and_defaults() -> None:
    (source,) = parse_sources(
        """
sources:
  - id: world
    type: feed
    url: https://e.com/rss
    poll_interval: 10m
    max_age: 2d
    rate_limit: {min_delay: 1.5s, concurrency: 2}
    deny: ['/video/']
    headers: {Accept-Language: en}
"""
    )
    assert source.poll_interval == 600.0
    assert source.max_age == 2 * 86400.0
    assert source.max_items == 100
    assert source.rate_limit is not None and source.rate_limit.min_delay == 1.5
    assert not source.url_filter.accepts("https://e.com/video/1")
    assert source.headers == {"Accept-Language": "en"}


def error_of(text: str) -> str:
    with pytest.raises(SourcesError) as info:
        parse_sources(text, "s.yaml")
    return str(info.value)


def test_errors_name_file_line_and_field() -> None:
    message = error_of(
        """sources:
  - id: a
    type: feed
    url: https://e.com/rss
  - id: b
    type: feed
    url: https://e.com/atom
    poll_interval: soon
    max_items: 0
"""
    )
    lines = message.splitlines()
    assert lines[0].startswith("s.yaml:8: sources[1].poll_interval: ") and "duration" in lines[0]
    assert lines[1].startswith("s.yaml:9: sources[1].max_items: ")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sources:\n  - {id: a, type: feed}\n", "s.yaml:2: sources[0]: Value error, a feed"),
        ("sources:\n  - {id: a, type: podcast, url: 'https://e'}\n", "s.yaml:2: sources[0].type"),
        ("sources:\n  - {id: a, type: feed, url: 'ftp://e'}\n", "s.yaml:2: sources[0].url"),
        (
            "sources:\n  - {id: a, type: feed, url: 'https://e', deny: ['(']}\n",
            "bad regular expression",
        ),
        (
            "sources:\n  - {id: a, type: urls, urls: ['https://e']}\n"
            "  - {id: a, type: urls, urls: ['https://f']}\n",
            "duplicate source id 'a'",
        ),
        ("sources:\n  - {id: a, type: feed, url: 'https://e', colour: red}\n", "colour"),
        ("sources: []\n", "s.yaml:1: sources: List should have at least 1 item"),
        ("", "s.yaml:1: the file is empty"),
        ("sources: [\n", "s.yaml: while parsing"),
    ],
)
def test_bad_files(text: str, expected: str) -> None:
    assert expected in error_of(text)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourcesError, match="No such file"):
        load_sources(tmp_path / "nope.yaml")


def test_robots_and_site_sources() -> None:
    robots, site = parse_sources(
        """
sources:
  - {id: r, type: robots, url: 'https://www.example.test/robots.txt'}
  - {id: s, type: site, url: 'https://www.example.test/', sitemap_hosts: ['*.cdn.example.net']}
"""
    )
    assert robots.type == "robots" and site.type == "site"
    # Its own site is its registrable domain; other hosts only as sitemap_hosts allow.
    assert site.follows_sitemap("https://news.example.test/sitemap.xml") is False  # .test: host
    assert site.follows_sitemap("https://www.example.test/sitemap.xml")
    assert site.follows_sitemap("https://a.cdn.example.net/s.xml")
    assert site.follows_sitemap("https://cdn.example.net/s.xml")
    assert not site.follows_sitemap("https://other.example.net/s.xml")


def test_the_site_is_the_registrable_domain() -> None:
    (source,) = parse_sources(
        "sources:\n  - {id: a, type: sitemap, url: 'https://www.example.co.uk/s.xml'}\n"
    )
    assert source.follows_sitemap("https://news.example.co.uk/news.xml")
    assert not source.follows_sitemap("https://other.co.uk/news.xml")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "sources:\n  - {id: a, type: robots, url: 'https://e.test/sitemap.xml'}\n",
            "a robots source's `url` is a robots.txt",
        ),
        (
            "sources:\n  - {id: a, type: site, url: 'https://e.test/', sitemap_hosts: ['a b']}\n",
            "s.yaml:2: sources[0].sitemap_hosts[0]",
        ),
        ("sources:\n  - {id: a, type: site}\n", "a site source needs `url`"),
    ],
)
def test_bad_robots_and_site_sources(text: str, expected: str) -> None:
    assert expected in error_of(text)
