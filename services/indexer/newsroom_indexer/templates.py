"""The index design, as data: names, analysis, mappings, templates and lifecycle policies.

Pure: nothing here talks to Elasticsearch. `es_admin` applies what these functions build, and
`newsroom es export` writes them to deploy/elasticsearch/ for review.

Each kind of document (articles, quotes) lives in numbered indices (`<prefix>-articles-000001`,
...) behind a write alias (`<prefix>-articles-write`, exactly one write index) and a read alias
(`<prefix>-articles`, every index). Aliases rather than data streams because documents are
replaced by id, which data streams do not allow.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, Literal

# Bumped whenever a template body changes shape; stored as the templates' `version`.
TEMPLATE_VERSION = 3
MANAGED_BY = "newsroom-indexer"

# Every full-text field uses this analyzer name; what it does depends on the analysis mode, so
# mappings and queries are the same on every cluster.
TEXT_ANALYZER = "newsroom_text"

Analysis = Literal["english", "standard"]
Kind = Literal["articles", "quotes", "revisions", "stories"]
# The kinds built from articles: rolled over, rebuilt by `newsroom es reindex`.
KINDS: tuple[Kind, ...] = ("articles", "quotes")
# One document per revision, and per article its story assignment: one index each, never rolled
# over, so that a document's id finds it (a revision delivered twice stays one document, and the
# indexer reads an article's assignment back by id in real time). Both stay small: a revision
# is a rare event, an assignment a few hundred bytes per article.
SINGLE_INDEX_KINDS: tuple[Kind, ...] = ("revisions", "stories")
ALL_KINDS: tuple[Kind, ...] = KINDS + SINGLE_INDEX_KINDS

# spaCy entity labels grouped into the facets people search by. Labels not listed go to "other".
ENTITY_GROUPS: dict[str, tuple[str, ...]] = {
    "people": ("PERSON",),
    "organisations": ("ORG",),
    "places": ("GPE", "LOC", "FAC"),
    "groups": ("NORP",),
    "events": ("EVENT",),
    "other": (),
}


@dataclass(frozen=True)
class IndexNames:
    """Names of one kind's indices, aliases and templates under a prefix."""

    prefix: str
    kind: Kind

    @property
    def read_alias(self) -> str:
        return f"{self.prefix}-{self.kind}"

    @property
    def write_alias(self) -> str:
        return f"{self.prefix}-{self.kind}-write"

    @property
    def pattern(self) -> str:
        # "-0*" rather than "-*": a write to the write alias's *name* when the alias is missing
        # must not auto-create an index that the template would then dress up as a real one.
        return f"{self.prefix}-{self.kind}-0*"

    @property
    def first_index(self) -> str:
        return f"{self.prefix}-{self.kind}-000001"

    @property
    def index_template(self) -> str:
        return f"{self.prefix}-{self.kind}"

    @property
    def mappings_component(self) -> str:
        return f"{self.prefix}-{self.kind}-mappings"

    @property
    def lifecycle_component(self) -> str:
        return f"{self.prefix}-{self.kind}-lifecycle"

    @property
    def policy(self) -> str:
        return f"{self.prefix}-{self.kind}"


@dataclass(frozen=True)
class Names:
    prefix: str

    @property
    def articles(self) -> IndexNames:
        return IndexNames(self.prefix, "articles")

    @property
    def quotes(self) -> IndexNames:
        return IndexNames(self.prefix, "quotes")

    @property
    def revisions(self) -> IndexNames:
        return IndexNames(self.prefix, "revisions")

    @property
    def stories(self) -> IndexNames:
        return IndexNames(self.prefix, "stories")

    @property
    def settings_component(self) -> str:
        return f"{self.prefix}-index-settings"

    def of(self, kind: Kind) -> IndexNames:
        return IndexNames(self.prefix, kind)


@dataclass(frozen=True)
class TemplateOptions:
    """What the operator may tune; the defaults are the documented ones."""

    number_of_shards: int = 1
    auto_expand_replicas: str = "0-1"
    refresh_interval: str = "1s"
    rollover_max_age: str = "30d"
    rollover_max_primary_shard_size: str = "25gb"
    rollover_max_docs: int | None = None

    def rollover_conditions(self) -> dict[str, Any]:
        conditions: dict[str, Any] = {
            "max_age": self.rollover_max_age,
            "max_primary_shard_size": self.rollover_max_primary_shard_size,
        }
        if self.rollover_max_docs is not None:
            conditions["max_docs"] = self.rollover_max_docs
        return conditions


# --- analysis -------------------------------------------------------------------------------


def analysis_settings(mode: Analysis) -> dict[str, Any]:
    """`index.analysis` for a mode. Both define the analyzer TEXT_ANALYZER.

    english: possessives removed, lower-cased, accents folded (Müller ~ Muller), English stems
    (elections ~ election). No stop words: quotes are searched as exact phrases.
    standard: what a cluster without analysis-common can do: standard tokens, lower-cased.
    """
    if mode == "english":
        return {
            "filter": {
                "newsroom_english_possessive": {
                    "type": "stemmer",
                    "language": "possessive_english",
                },
                "newsroom_english_stemmer": {"type": "stemmer", "language": "english"},
            },
            "analyzer": {
                TEXT_ANALYZER: {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": [
                        "newsroom_english_possessive",
                        "lowercase",
                        "asciifolding",
                        "newsroom_english_stemmer",
                    ],
                }
            },
        }
    return {
        "analyzer": {
            TEXT_ANALYZER: {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]}
        }
    }


def analysis_mode_of(index_settings: dict[str, Any]) -> Analysis | None:
    """Which mode an existing index was created with, from its settings (None: not ours)."""
    analysis = index_settings.get("index", {}).get("analysis", {})
    analyzer = analysis.get("analyzer", {}).get(TEXT_ANALYZER)
    if analyzer is None:
        return None
    return "english" if "asciifolding" in analyzer.get("filter", []) else "standard"


# A request to `_analyze` that only succeeds where the english mode's filters exist.
ENGLISH_PROBE: dict[str, Any] = {
    "tokenizer": "standard",
    "filter": [
        {"type": "stemmer", "language": "possessive_english"},
        "lowercase",
        "asciifolding",
        {"type": "stemmer", "language": "english"},
    ],
    "text": "Müller’s elections",
}
ENGLISH_PROBE_TOKENS = ["muller", "elect"]


# --- mappings -------------------------------------------------------------------------------


def _keyword(ignore_above: int = 256) -> dict[str, Any]:
    # ignore_above: a pathological tag or URL is kept in _source but not indexed, instead of
    # failing the whole document (Lucene rejects terms over 32 KB).
    return {"type": "keyword", "ignore_above": ignore_above}


# The sub-field of a name's keyword that is lowercased, and the normalizer that does it: the
# built-in `lowercase`, which needs no analysis module (the test distribution has none).
LOWER = "lower"
LOWERCASE_NORMALIZER = "lowercase"


def _name(ignore_above: int = 256) -> dict[str, Any]:
    # Names people type (a person, a speaker, a section, a tag): the keyword keeps the exact
    # value, for display and facets ("Rand Paul"); `.lower` matches whatever the case of what is
    # typed in a Kibana filter or KQL (`entities.people.lower : rand paul`).
    lowered = {"type": "keyword", "normalizer": LOWERCASE_NORMALIZER, "ignore_above": ignore_above}
    return {**_keyword(ignore_above), "fields": {LOWER: lowered}}


def _text(**extra: Any) -> dict[str, Any]:
    return {"type": "text", "analyzer": TEXT_ANALYZER, **extra}


def _title() -> dict[str, Any]:
    # .raw: for tables and terms aggregations in Kibana.
    return _text(fields={"raw": _keyword(512)})


_DATE = {"type": "date"}
_INTEGER = {"type": "integer"}
_LONG = {"type": "long"}
_STORED_ONLY = {"type": "object", "enabled": False}


def _entity_groups() -> dict[str, Any]:
    return {"properties": {group: _name(256) for group in ENTITY_GROUPS}}


def article_properties() -> dict[str, Any]:
    return {
        "@timestamp": _DATE,  # published_at, or fetched_at when the page has no date
        "id": _keyword(64),
        "version": _LONG,
        "schema_version": _keyword(16),
        "url": _keyword(2048),
        "canonical_url": _keyword(2048),
        "source_id": _keyword(128),
        "site_name": _name(256),
        "title": _title(),
        "subtitle": _text(),
        # offsets: highlighting long bodies without re-analysing them at query time.
        "body": _text(index_options="offsets"),
        "authors": _name(256),
        "section": _name(256),
        "tags": _name(256),
        "language": _keyword(16),
        "published_at": _DATE,
        "modified_at": _DATE,
        "fetched_at": _DATE,
        "parsed_at": _DATE,
        "indexed_at": _DATE,
        # integer, not long: a parse claiming billions of words is an error worth a dead letter.
        "word_count": _INTEGER,
        "paragraph_count": _INTEGER,
        "image_count": _INTEGER,
        "quote_count": _INTEGER,
        "entities": _entity_groups(),
        "speakers": _name(256),
        "entity_details": _STORED_ONLY,
        "images": _STORED_ONLY,
        "nlp_status": _keyword(16),
        "nlp_reason": _keyword(256),
        "parser_version": _keyword(64),
        "content_hash": _keyword(80),
        "raw_content_hash": _keyword(80),
        # How often the page changed in substance since first seen, when it last did, and what
        # changed then (title, subtitle, authors, published_at, paragraphs, quotes).
        "revision_count": _INTEGER,
        "revised_at": _DATE,
        "revised_fields": _keyword(32),
        # The article's story (near-duplicates across outlets), from the clusterer's
        # assignments; absent until the article has one.
        "story": story_properties(),
    }


def story_properties() -> dict[str, Any]:
    """The story of an article, as on the article document and in the stories index."""
    return {
        "properties": {
            "id": _keyword(64),  # the facet: one story, N outlets
            "version": _LONG,
            "size": _INTEGER,
            "representative_id": _keyword(64),
            "representative_title": _title(),
            "representative_url": _keyword(2048),
            "matched_article_id": _keyword(64),
            "similarity": {"type": "float"},
            "assigned_at": _DATE,
        }
    }


def story_assignment_properties() -> dict[str, Any]:
    """The stories index: per article, its latest story assignment (document id: article id)."""
    return {
        "@timestamp": _DATE,  # assigned_at
        "article_id": _keyword(64),
        "article_version": _LONG,
        "story": story_properties(),
        "source_id": _keyword(128),
        "site_name": _name(256),
        "title": _title(),
        "url": _keyword(2048),
        "published_at": _DATE,
        "indexed_at": _DATE,
    }


def _paragraphs() -> dict[str, Any]:
    return {"properties": {"index": _INTEGER, "text": _text()}}


def _quotes() -> dict[str, Any]:
    return {"properties": {"text": _text(), "speaker": _name(256)}}


def revision_properties() -> dict[str, Any]:
    """The revisions index: one document per ArticleRevision (document id: the revision id)."""
    return {
        "@timestamp": _DATE,  # to_fetched_at: when the change was seen
        "id": _keyword(128),
        "article_id": _keyword(64),
        "page_id": _keyword(64),
        "revision": _INTEGER,
        "url": _keyword(2048),
        "canonical_url": _keyword(2048),
        "source_id": _keyword(128),
        "site_name": _name(256),
        "changed": _keyword(32),
        "from_version": _LONG,
        "to_version": _LONG,
        "from_fetched_at": _DATE,
        "to_fetched_at": _DATE,
        "from_modified_at": _DATE,
        "to_modified_at": _DATE,
        "title_before": _title(),
        "title_after": _title(),
        "subtitle_before": _text(),
        "subtitle_after": _text(),
        "authors_before": _name(256),
        "authors_after": _name(256),
        "published_at_before": _DATE,
        "published_at_after": _DATE,
        "paragraphs_added": _paragraphs(),
        "paragraphs_removed": _paragraphs(),
        "paragraphs_changed": {
            "properties": {
                "before_index": _INTEGER,
                "after_index": _INTEGER,
                "before": _text(),
                "after": _text(),
            }
        },
        "quotes_added": _quotes(),
        "quotes_removed": _quotes(),
        "paragraphs_added_count": _INTEGER,
        "paragraphs_removed_count": _INTEGER,
        "paragraphs_changed_count": _INTEGER,
        "quotes_added_count": _INTEGER,
        "quotes_removed_count": _INTEGER,
        "words_before": _INTEGER,
        "words_after": _INTEGER,
        "from_parser_version": _keyword(64),
        "to_parser_version": _keyword(64),
        "detected_at": _DATE,
        "indexed_at": _DATE,
    }


def quote_properties() -> dict[str, Any]:
    return {
        "@timestamp": _DATE,
        "text": _text(),
        "cue": _keyword(128),
        "speaker": {
            "properties": {
                "name": _name(256),
                "as_written": _name(256),
                "entity_id": _keyword(256),
            }
        },
        "paragraph": _INTEGER,
        "position": _INTEGER,
        "article_id": _keyword(64),
        "article_version": _LONG,
        "article_url": _keyword(2048),
        "article_title": _title(),
        "source_id": _keyword(128),
        "site_name": _name(256),
        "section": _name(256),
        "language": _keyword(16),
        "published_at": _DATE,
        "indexed_at": _DATE,
        # The entities named in the quote's paragraph: who or what the quote is about.
        "entities": _entity_groups(),
    }


def mappings(kind: Kind) -> dict[str, Any]:
    # strict: a field the code sends but the mapping lacks is a bug; it must fail loudly (and
    # reach the dead-letter topic) rather than grow an unplanned mapping.
    properties = {
        "articles": article_properties,
        "quotes": quote_properties,
        "revisions": revision_properties,
        "stories": story_assignment_properties,
    }[kind]()
    return {"dynamic": "strict", "properties": properties}


def field_paths(kind: Kind) -> dict[str, str]:
    """Every searchable field path of a kind (`entities.people`, `title.raw`) and its type."""
    paths: dict[str, str] = {}

    def walk(prefix: str, properties: dict[str, Any]) -> None:
        for name, spec in properties.items():
            path = f"{prefix}{name}"
            if "properties" in spec:
                walk(f"{path}.", spec["properties"])
                continue
            paths[path] = spec.get("type", "object")
            for sub, sub_spec in spec.get("fields", {}).items():
                paths[f"{path}.{sub}"] = sub_spec["type"]

    walk("", mappings(kind)["properties"])
    return paths


# --- templates and policies -----------------------------------------------------------------


def digest(body: dict[str, Any]) -> str:
    """A short hash of a template body: `es apply` compares it to tell changed from unchanged."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def _with_meta(body: dict[str, Any], **meta: Any) -> dict[str, Any]:
    return {**body, "_meta": {"managed_by": MANAGED_BY, **meta, "digest": digest(body)}}


def settings_component(options: TemplateOptions) -> dict[str, Any]:
    body = {
        "version": TEMPLATE_VERSION,
        "template": {
            "settings": {
                "index": {
                    "number_of_shards": options.number_of_shards,
                    "auto_expand_replicas": options.auto_expand_replicas,
                    "refresh_interval": options.refresh_interval,
                }
            }
        },
    }
    return _with_meta(body)


def mappings_component(kind: Kind, analysis: Analysis) -> dict[str, Any]:
    # The analyzer travels with the mappings that use it: Elasticsearch validates each
    # component template on its own, and rejects mappings naming an analyzer it cannot see.
    body = {
        "version": TEMPLATE_VERSION,
        "template": {
            "settings": {"index": {"analysis": analysis_settings(analysis)}},
            "mappings": mappings(kind),
        },
    }
    return _with_meta(body, analysis=analysis)


def lifecycle_component(names: IndexNames) -> dict[str, Any]:
    body = {
        "version": TEMPLATE_VERSION,
        "template": {
            "settings": {
                "index": {"lifecycle": {"name": names.policy, "rollover_alias": names.write_alias}}
            }
        },
    }
    return _with_meta(body)


def index_template(names: Names, kind: Kind, with_lifecycle: bool) -> dict[str, Any]:
    kind_names = names.of(kind)
    composed = [names.settings_component, kind_names.mappings_component]
    if with_lifecycle:
        composed.append(kind_names.lifecycle_component)
    body = {
        "index_patterns": [kind_names.pattern],
        # Above the built-in templates (100) so ours win for our names.
        "priority": 200,
        "version": TEMPLATE_VERSION,
        "composed_of": composed,
        "template": {"aliases": {kind_names.read_alias: {}}},
    }
    return _with_meta(body)


def ilm_policy(options: TemplateOptions) -> dict[str, Any]:
    # Hot phase only: a news archive is kept, not aged out.
    body = {
        "phases": {
            "hot": {"min_age": "0ms", "actions": {"rollover": options.rollover_conditions()}}
        }
    }
    return {"policy": _with_meta(body)}


@dataclass(frozen=True)
class TemplateSet:
    """Everything `es apply` puts, in dependency order."""

    policies: dict[str, dict[str, Any]]
    components: dict[str, dict[str, Any]]
    index_templates: dict[str, dict[str, Any]]


def template_set(
    names: Names, analysis: Analysis, with_lifecycle: bool, options: TemplateOptions
) -> TemplateSet:
    components = {names.settings_component: settings_component(options)}
    policies: dict[str, dict[str, Any]] = {}
    for kind in ALL_KINDS:
        kind_names = names.of(kind)
        components[kind_names.mappings_component] = mappings_component(kind, analysis)
        if with_lifecycle and kind in KINDS:
            components[kind_names.lifecycle_component] = lifecycle_component(kind_names)
            policies[kind_names.policy] = ilm_policy(options)
    templates = {
        names.of(kind).index_template: index_template(names, kind, with_lifecycle and kind in KINDS)
        for kind in ALL_KINDS
    }
    return TemplateSet(policies, components, templates)


def export_files(
    prefix: str = "newsroom", options: TemplateOptions | None = None
) -> dict[str, str]:
    """The files of deploy/elasticsearch/: both analysis variants, with the ILM pieces."""
    options = options or TemplateOptions()
    names = Names(prefix)
    files: dict[str, Any] = {}
    full = template_set(names, "english", True, options)
    for name, body in full.components.items():
        files[f"component-template.{name}.json"] = body
    for kind in ALL_KINDS:
        name = names.of(kind).mappings_component
        del files[f"component-template.{name}.json"]
        for mode in ("english", "standard"):
            files[f"component-template.{name}.{mode}.json"] = mappings_component(kind, mode)
    for name, body in full.policies.items():
        files[f"ilm-policy.{name}.json"] = body
    for kind in ALL_KINDS:
        name = names.of(kind).index_template
        files[f"index-template.{name}.json"] = full.index_templates[name]
        if kind in KINDS:
            files[f"index-template.{name}.without-ilm.json"] = index_template(names, kind, False)
    return {
        name: json.dumps(body, indent=2, ensure_ascii=False) + "\n"
        for name, body in sorted(files.items())
    }
