"""Cross-index consistency after rollover: alias parsing, version comparison, cleanup queries."""

from __future__ import annotations

from newsroom_indexer.consistency import (
    AliasState,
    Copy,
    KeptQuotes,
    parse_aliases,
    parse_copies,
    reconcile,
    stale_quotes_query,
)


def test_single_index_without_flag_is_the_write_index() -> None:
    response = {"p-articles-000001": {"aliases": {"p-articles": {}, "p-articles-write": {}}}}
    state = parse_aliases(response, "p-articles", "p-articles-write")
    assert state == AliasState(frozenset({"p-articles-000001"}), "p-articles-000001")
    assert not state.spans_several


def test_after_rollover_the_flagged_index_writes() -> None:
    response = {
        "p-articles-000001": {
            "aliases": {"p-articles": {}, "p-articles-write": {"is_write_index": False}}
        },
        "p-articles-000002": {
            "aliases": {"p-articles": {}, "p-articles-write": {"is_write_index": True}}
        },
        "p-quotes-000001": {"aliases": {"p-quotes": {}}},
    }
    state = parse_aliases(response, "p-articles", "p-articles-write")
    assert state.write_index == "p-articles-000002"
    assert state.indices == {"p-articles-000001", "p-articles-000002"}
    assert state.spans_several


def test_missing_aliases() -> None:
    assert parse_aliases({}, "a", "a-write") == AliasState(frozenset(), None)


def test_parse_copies() -> None:
    hits = [
        {"_index": "i1", "_id": "a", "_version": 5},
        {"_index": "i2", "_id": "b", "_version": 2},
    ]
    assert parse_copies(hits) == [Copy("i1", "a", 5), Copy("i2", "b", 2)]


def test_newer_write_removes_the_older_copy() -> None:
    written = {"a": Copy("i2", "a", 7)}
    plan = reconcile(written, [Copy("i1", "a", 5), Copy("i2", "a", 7)])
    assert plan.delete == [Copy("i1", "a", 5)]
    assert plan.lost == set() and plan.had_copies == {"a"}


def test_same_version_keeps_the_copy_just_written() -> None:
    plan = reconcile({"a": Copy("i2", "a", 5)}, [Copy("i1", "a", 5)])
    assert plan.delete == [Copy("i1", "a", 5)] and not plan.lost


def test_late_older_version_loses_its_new_copy() -> None:
    written = {"a": Copy("i3", "a", 3)}
    plan = reconcile(written, [Copy("i1", "a", 5), Copy("i2", "a", 4)])
    assert plan.lost == {"a"}
    assert set(plan.delete) == {Copy("i3", "a", 3), Copy("i2", "a", 4)}


def test_no_other_copies_nothing_to_do() -> None:
    plan = reconcile({"a": Copy("i1", "a", 1)}, [Copy("i1", "a", 1), Copy("i1", "b", 1)])
    assert plan.delete == [] and plan.lost == set() and plan.had_copies == set()


def test_stale_quotes_query() -> None:
    assert stale_quotes_query([]) is None
    query = stale_quotes_query(
        [
            KeptQuotes("a1", ("a1:0", "a1:1"), frozenset({"q2"})),
            KeptQuotes("a2", (), frozenset()),
        ]
    )
    assert query is not None
    first, second = query["bool"]["should"]
    assert first["bool"]["filter"] == [{"term": {"article_id": "a1"}}]
    kept = first["bool"]["must_not"][0]["bool"]["filter"]
    assert {"ids": {"values": ["a1:0", "a1:1"]}} in kept
    assert {"terms": {"_index": ["q2"]}} in kept
    # No quotes any more: every quote of a2 goes.
    assert second == {"bool": {"filter": [{"term": {"article_id": "a2"}}]}}
