"""The index design as data: analysis modes, strict mappings, templates, exported files."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsroom_indexer.templates import (
    ENTITY_GROUPS,
    TEXT_ANALYZER,
    Names,
    TemplateOptions,
    analysis_mode_of,
    analysis_settings,
    export_files,
    field_paths,
    mappings,
    mappings_component,
    template_set,
)

DEPLOY = Path(__file__).parents[3] / "deploy" / "elasticsearch"


def test_english_analysis_folds_and_stems() -> None:
    analyzer = analysis_settings("english")["analyzer"][TEXT_ANALYZER]
    assert analyzer["tokenizer"] == "standard"
    assert analyzer["filter"] == [
        "newsroom_english_possessive",
        "lowercase",
        "asciifolding",
        "newsroom_english_stemmer",
    ]
    filters = analysis_settings("english")["filter"]
    assert filters["newsroom_english_stemmer"] == {"type": "stemmer", "language": "english"}
    assert filters["newsroom_english_possessive"]["language"] == "possessive_english"


def test_standard_analysis_needs_nothing_from_analysis_common() -> None:
    settings = analysis_settings("standard")
    assert "filter" not in settings  # no custom filters: only built-in `lowercase`
    assert settings["analyzer"][TEXT_ANALYZER] == {
        "type": "custom",
        "tokenizer": "standard",
        "filter": ["lowercase"],
    }


@pytest.mark.parametrize("mode", ["english", "standard"])
def test_analysis_mode_is_read_back_from_index_settings(mode: str) -> None:
    index_settings = {"index": {"analysis": analysis_settings(mode)}}  # type: ignore[arg-type]
    assert analysis_mode_of(index_settings) == mode
    assert analysis_mode_of({"index": {}}) is None


@pytest.mark.parametrize("kind", ["articles", "quotes"])
def test_mappings_are_strict_and_guarded(kind: str) -> None:
    body = mappings(kind)  # type: ignore[arg-type]
    assert body["dynamic"] == "strict"
    paths = field_paths(kind)  # type: ignore[arg-type]
    for group in ENTITY_GROUPS:
        assert paths[f"entities.{group}"] == "keyword"

    def walk(properties: dict) -> None:
        for spec in properties.values():
            if "properties" in spec:
                walk(spec["properties"])
            for sub in [spec, *spec.get("fields", {}).values()]:
                if sub.get("type") == "keyword":
                    assert 0 < sub["ignore_above"] <= 8191  # below Lucene's 32 KB term limit
                if sub.get("type") == "text":
                    assert sub["analyzer"] == TEXT_ANALYZER

    walk(body["properties"])


def test_articles_have_the_facets_and_dates() -> None:
    paths = field_paths("articles")
    for keyword in [
        "source_id",
        "site_name",
        "section",
        "tags",
        "authors",
        "language",
        "speakers",
        "url",
    ]:
        assert paths[keyword] == "keyword", keyword
    for text in ["title", "subtitle", "body"]:
        assert paths[text] == "text"
    for date in ["published_at", "modified_at", "fetched_at", "indexed_at", "@timestamp"]:
        assert paths[date] == "date"


def test_quotes_carry_speaker_and_article() -> None:
    paths = field_paths("quotes")
    assert paths["text"] == "text"
    assert paths["speaker.name"] == paths["speaker.entity_id"] == "keyword"
    for field in ["article_id", "article_url", "source_id", "cue"]:
        assert paths[field] == "keyword"
    assert paths["article_title"] == "text"
    assert paths["published_at"] == "date"


def test_names_keep_aliases_out_of_the_index_pattern() -> None:
    names = Names("newsroom").articles
    assert names.read_alias == "newsroom-articles"
    assert names.write_alias == "newsroom-articles-write"
    assert names.first_index == "newsroom-articles-000001"
    pattern = names.pattern.rstrip("*")
    assert names.first_index.startswith(pattern)
    assert not names.write_alias.startswith(pattern)
    assert not names.read_alias.startswith(pattern)


def test_template_set_with_and_without_ilm() -> None:
    names = Names("p")
    with_ilm = template_set(names, "english", True, TemplateOptions(rollover_max_docs=10))
    assert set(with_ilm.policies) == {"p-articles", "p-quotes"}
    rollover = with_ilm.policies["p-articles"]["policy"]["phases"]["hot"]["actions"]["rollover"]
    assert rollover == {"max_age": "30d", "max_primary_shard_size": "25gb", "max_docs": 10}
    template = with_ilm.index_templates["p-articles"]
    assert template["composed_of"] == [
        "p-index-settings",
        "p-articles-mappings",
        "p-articles-lifecycle",
    ]
    assert template["template"]["aliases"] == {"p-articles": {}}
    lifecycle = with_ilm.components["p-articles-lifecycle"]["template"]["settings"]["index"]
    assert lifecycle["lifecycle"] == {"name": "p-articles", "rollover_alias": "p-articles-write"}

    without = template_set(names, "standard", False, TemplateOptions())
    assert without.policies == {}
    assert "p-articles-lifecycle" not in without.components
    assert without.index_templates["p-quotes"]["composed_of"] == [
        "p-index-settings",
        "p-quotes-mappings",
    ]


def test_digest_changes_with_the_analysis_only() -> None:
    english = mappings_component("articles", "english")
    standard = mappings_component("articles", "standard")
    assert english["_meta"]["analysis"] == "english"
    assert english["_meta"]["digest"] != standard["_meta"]["digest"]
    assert mappings_component("articles", "english") == english  # deterministic
    # The analyzer travels with the mappings that name it.
    assert TEXT_ANALYZER in english["template"]["settings"]["index"]["analysis"]["analyzer"]


def test_deploy_files_are_up_to_date() -> None:
    files = export_files()
    assert {p.name for p in DEPLOY.glob("*.json")} == set(files)
    for name, text in files.items():
        assert (DEPLOY / name).read_text() == text, f"regenerate with `newsroom es export`: {name}"
