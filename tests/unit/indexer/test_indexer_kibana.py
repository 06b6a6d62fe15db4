"""Kibana saved objects: the NDJSON parses, ids are stable, every referenced field exists."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from newsroom_indexer.templates import field_paths
from newsroom_ops.elasticsearch.kibana import ndjson, referenced_fields, saved_objects

NDJSON = Path(__file__).parents[3] / "deploy" / "kibana" / "newsroom.ndjson"

EXPECTED_IDS = {
    ("index-pattern", "newsroom-articles"),
    ("index-pattern", "newsroom-quotes"),
    ("index-pattern", "newsroom-revisions"),
    ("search", "newsroom-latest-articles"),
    ("search", "newsroom-latest-quotes"),
    ("search", "newsroom-articles-by-story"),
    ("search", "newsroom-titles-changed"),
    ("lens", "newsroom-articles-over-time"),
    ("lens", "newsroom-top-people"),
    ("lens", "newsroom-top-organisations"),
    ("lens", "newsroom-top-places"),
    ("lens", "newsroom-top-speakers"),
    ("lens", "newsroom-top-stories"),
    ("dashboard", "newsroom-overview"),
}
KIND_OF_DATA_VIEW = {
    "newsroom-articles": "articles",
    "newsroom-quotes": "quotes",
    "newsroom-revisions": "revisions",
}


@pytest.fixture(scope="module")
def objects() -> list[dict]:
    return [json.loads(line) for line in NDJSON.read_text().splitlines() if line.strip()]


def test_file_is_generated_from_the_code(objects: list[dict]) -> None:
    assert NDJSON.read_text() == ndjson(), "regenerate with `newsroom es export`"
    assert objects == json.loads(json.dumps(saved_objects()))


def test_ids_are_fixed(objects: list[dict]) -> None:
    assert {(o["type"], o["id"]) for o in objects} == EXPECTED_IDS
    assert ndjson() == ndjson()  # deterministic


def test_data_views_point_at_the_read_aliases(objects: list[dict]) -> None:
    views = {o["id"]: o["attributes"] for o in objects if o["type"] == "index-pattern"}
    assert views["newsroom-articles"]["title"] == "newsroom-articles"
    assert views["newsroom-quotes"]["title"] == "newsroom-quotes"
    assert views["newsroom-revisions"]["title"] == "newsroom-revisions"
    for view in views.values():
        assert view["timeFieldName"] == "@timestamp"


def test_references_resolve_within_the_file(objects: list[dict]) -> None:
    present = {(o["type"], o["id"]) for o in objects}
    position = {(o["type"], o["id"]): n for n, o in enumerate(objects)}
    for n, obj in enumerate(objects):
        for ref in obj["references"]:
            assert (ref["type"], ref["id"]) in present, ref
            assert position[ref["type"], ref["id"]] < n, "referenced objects come first"


def test_embedded_json_parses(objects: list[dict]) -> None:
    for obj in objects:
        attributes = obj["attributes"]
        meta = attributes.get("kibanaSavedObjectMeta", {})
        if "searchSourceJSON" in meta:
            json.loads(meta["searchSourceJSON"])
        if obj["type"] == "dashboard":
            panels = json.loads(attributes["panelsJSON"])
            json.loads(attributes["optionsJSON"])
            names = {ref["name"] for ref in obj["references"]}
            for panel in panels:
                assert f"{panel['panelIndex']}:{panel['panelRefName']}" in names
            assert {p["type"] for p in panels} == {"lens", "search"}


def _data_view_of(obj: dict) -> str:
    if obj["type"] == "index-pattern":
        return obj["id"]
    (ref,) = [r for r in obj["references"] if r["type"] == "index-pattern"]
    return ref["id"]


def test_every_referenced_field_exists_in_the_mappings(objects: list[dict]) -> None:
    checked = 0
    for obj in objects:
        if obj["type"] == "dashboard":
            continue
        paths = field_paths(KIND_OF_DATA_VIEW[_data_view_of(obj)])  # type: ignore[arg-type]
        for field in referenced_fields(obj):
            assert field in paths, f"{obj['id']} refers to {field}, not in the mapping"
            checked += 1
    assert checked >= 15


def test_aggregated_fields_are_aggregatable(objects: list[dict]) -> None:
    for obj in objects:
        if obj["type"] != "lens":
            continue
        paths = field_paths(KIND_OF_DATA_VIEW[_data_view_of(obj)])  # type: ignore[arg-type]
        for field in referenced_fields(obj):
            assert paths[field] in ("keyword", "date"), f"{obj['id']}: {field} is {paths[field]}"


def test_the_dashboard_opens_on_a_window_that_shows_the_sample_sites_articles(
    objects: list[dict],
) -> None:
    from datetime import UTC, datetime

    from newsroom_ops.demo.sample_site import load_manifest

    (board,) = [o for o in objects if o["type"] == "dashboard"]
    attributes = board["attributes"]
    assert attributes["timeRestore"] is True and attributes["timeTo"] == "now"
    years = re.fullmatch(r"now-(\d+)y", attributes["timeFrom"])
    assert years, attributes["timeFrom"]
    now = datetime.now(UTC)
    window_start = now.replace(year=now.year - int(years[1]))
    published = [
        datetime.fromisoformat(a["published"][:10]).replace(tzinfo=UTC)
        for a in load_manifest()["articles"]
    ]
    assert window_start < min(published), "the oldest sample article is outside the window"


def test_the_story_facet_and_the_title_changes_are_there(objects: list[dict]) -> None:
    by_id = {o["id"]: o for o in objects}
    stories = by_id["newsroom-top-stories"]
    assert referenced_fields(stories) == {"story.id"}
    changed = by_id["newsroom-titles-changed"]["attributes"]
    source = json.loads(changed["kibanaSavedObjectMeta"]["searchSourceJSON"])
    assert source["query"]["query"] == 'changed : "title"'
    assert {"title_before", "title_after"} <= set(changed["columns"])
    panels = json.loads(by_id["newsroom-overview"]["attributes"]["panelsJSON"])
    assert len(panels) == 8
