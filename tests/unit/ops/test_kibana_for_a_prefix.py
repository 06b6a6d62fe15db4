"""Kibana objects for the stack's own index prefix: exported to a file, or imported into a
Kibana (a fake on loopback that answers as Kibana does) by `newsroom es kibana-import`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsroom_indexer.templates import Names
from newsroom_ops.cli import app
from newsroom_ops.elasticsearch.kibana import ndjson, saved_objects

from ..deploy.fake_kibana import running

runner = CliRunner()


def objects_of(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("prefix", ["newsroom", "demo", "staging"])
def test_objects_point_at_the_prefixes_aliases_and_carry_its_ids(prefix: str) -> None:
    objects = saved_objects(prefix)
    names = Names(prefix)
    views = {o["id"]: o["attributes"]["title"] for o in objects if o["type"] == "index-pattern"}
    assert views == {
        f"{prefix}-articles": names.articles.read_alias,
        f"{prefix}-quotes": names.quotes.read_alias,
        f"{prefix}-revisions": names.revisions.read_alias,
    }
    ids = {(o["type"], o["id"]) for o in objects}
    for obj in objects:
        assert obj["id"].startswith(f"{prefix}-"), obj["id"]
        for ref in obj["references"]:
            assert (ref["type"], ref["id"]) in ids, ref


def test_two_prefixes_share_no_object_or_title() -> None:
    demo, staging = saved_objects("demo"), saved_objects("staging")
    assert not {o["id"] for o in demo} & {o["id"] for o in staging}
    titles = {o["attributes"]["title"] for o in staging if o["type"] != "index-pattern"}
    assert all("(staging)" in title for title in titles)


def test_export_writes_the_configured_prefixes_objects(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSROOM_ES_INDEX_PREFIX", "demo")
    result = runner.invoke(
        app,
        [
            "es",
            "export",
            "--elasticsearch-dir",
            str(tmp_path / "es"),
            "--kibana-dir",
            str(tmp_path / "kb"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "kb").iterdir()] == ["demo.ndjson"]
    text = (tmp_path / "kb" / "demo.ndjson").read_text()
    assert text == ndjson("demo") and "newsroom-articles" not in text
    assert all(
        p.name.startswith(("component-template.demo-", "index-template.demo-", "ilm-policy.demo-"))
        for p in (tmp_path / "es").iterdir()
    )


def test_kibana_import_sends_the_prefixes_objects_and_reports_success(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NEWSROOM_ES_INDEX_PREFIX", "demo")
    # A key belongs to a cluster, and travels over TLS only (the settings insist on both).
    monkeypatch.setenv("NEWSROOM_ES_URL", "https://es.example:9200")
    monkeypatch.setenv("NEWSROOM_ES_API_KEY", "ZW5jb2RlZDprZXk=")
    with running("success") as kibana:
        result = runner.invoke(app, ["es", "kibana-import", "--kibana-url", kibana.url])

    assert result.exit_code == 0, result.output
    assert kibana.imported == [("demo.ndjson", ndjson("demo").encode())]
    assert kibana.headers[0]["Authorization"] == "ApiKey ZW5jb2RlZDprZXk="
    assert f"imported {len(objects_of(ndjson('demo')))} objects for prefix demo" in result.output
    assert "/app/dashboards#/view/demo-overview" in result.output


def test_kibana_import_fails_with_kibanas_reasons() -> None:
    with running("failure") as kibana:
        result = runner.invoke(
            app, ["es", "kibana-import", "--kibana-url", kibana.url, "--prefix", "staging"]
        )

    assert result.exit_code == 1
    assert "refused 1 object(s)" in result.output
    assert "dashboard staging-overview: missing_references (lens gone)" in result.output


def test_kibana_import_fails_when_kibana_is_unreachable() -> None:
    with running("success") as gone:
        url = gone.url
    result = runner.invoke(app, ["es", "kibana-import", "--kibana-url", url])
    assert result.exit_code == 1
    assert f"cannot reach Kibana at {url}" in result.output


def test_data_views_label_the_fields_to_type_names_in() -> None:
    from newsroom_indexer.templates import field_paths

    views = {o["id"]: o for o in saved_objects() if o["type"] == "index-pattern"}
    for kind in ("articles", "quotes"):
        labels = json.loads(views[f"newsroom-{kind}"]["attributes"]["fieldAttrs"])
        assert labels, kind
        for field, attrs in labels.items():
            assert field_paths(kind)[field] == "keyword"  # type: ignore[arg-type]
            assert attrs == {"customLabel": f"{field.removesuffix('.lower')} (any case)"}
    people = json.loads(views["newsroom-articles"]["attributes"]["fieldAttrs"])
    assert "entities.people.lower" in people and "speakers.lower" in people
