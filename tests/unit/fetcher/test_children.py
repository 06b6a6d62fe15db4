"""Which child sitemaps a poll reads: newest first, unchanged and old ones not at all, the
undated in turn."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from newsroom_fetcher.discovery.children import choose_children
from newsroom_fetcher.discovery.documents import Child, parse_document

NOW = datetime(2024, 5, 10, 12, tzinfo=UTC)
H = "https://site.example.test"


def choose(children: list[Child], budget: int, saved=None, read=None):  # type: ignore[no-untyped-def]
    saved, read = saved or {}, read or {}
    chosen, skipped = choose_children(
        children,
        saved_at=saved.get,
        last_read=read.get,
        now=NOW,
        max_age=timedelta(days=3),
        budget=budget,
    )
    return [c.url for c in chosen], dict(skipped)


def test_newest_first_then_undated_in_document_order() -> None:
    children = [
        Child("old", NOW - timedelta(hours=5)),
        Child("undated-1"),
        Child("new", NOW - timedelta(hours=1)),
        Child("undated-2"),
        Child("mid", NOW - timedelta(hours=3)),
    ]
    assert choose(children, 10) == (["new", "mid", "old", "undated-1", "undated-2"], {})
    assert choose(children, 2) == (["new", "mid"], {"sitemaps_over_cap": 3})


def test_unchanged_since_read_and_too_old_are_not_read() -> None:
    children = [
        Child("unchanged", NOW - timedelta(hours=2)),
        Child("changed", NOW - timedelta(hours=1)),
        Child("archive", NOW - timedelta(days=30)),
    ]
    saved = {"unchanged": NOW - timedelta(hours=1, minutes=30), "changed": NOW - timedelta(hours=2)}
    assert choose(children, 10, saved) == (
        ["changed"],
        {"sitemap_unchanged": 1, "sitemap_too_old": 1},
    )


def test_undated_children_rotate_least_recently_read_first() -> None:
    children = [Child(f"u{n}") for n in range(4)]
    read = {"u0": NOW - timedelta(minutes=10), "u1": NOW - timedelta(minutes=30)}
    assert choose(children, 3, read=read)[0] == ["u2", "u3", "u1"]


def test_a_date_without_a_time_is_its_last_possible_moment() -> None:
    index = (
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{H}/today.xml</loc><lastmod>2024-05-10</lastmod></sitemap>"
        "</sitemapindex>"
    ).encode()
    (child,) = parse_document(index, f"{H}/index.xml", 10**6).children
    # Read at 09:00 UTC on the day it names: a change later that day must not look old.
    assert choose([child], 5, {child.url: datetime(2024, 5, 10, 9, tzinfo=UTC)})[0] == [child.url]
    assert choose([child], 5, {child.url: datetime(2024, 5, 12, tzinfo=UTC)})[1] == {
        "sitemap_unchanged": 1
    }
