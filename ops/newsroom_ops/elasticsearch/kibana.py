"""Kibana saved objects for the articles, quotes and revisions indices, as NDJSON, and their
import.

Generated rather than hand-edited because Kibana stores most of a saved object as JSON inside
JSON strings; `newsroom es export` writes deploy/kibana/<prefix>.ndjson from here (a test keeps
the default prefix's file in step), and `newsroom es kibana-import` sends them to a Kibana.
Objects are made for an index prefix: the data views point at that prefix's read aliases, and
the ids start with the prefix, so stacks that share a Kibana (staging, the demo) do not
overwrite each other; ids are fixed per prefix, so importing with overwrite=true updates in
place. Objects are written in the 8.x export format (Kibana migrates them on import).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import httpx

from newsroom_indexer.templates import Kind, Names, field_paths
from newsroom_shared.settings import ElasticsearchSettings

DEFAULT_PREFIX = "newsroom"
TIME_FIELD = "@timestamp"
# The dashboard opens on the last 20 years: sitemaps, archives and the sample site bring
# articles years old (the sample site's are dated 2018 and 2024), and a recent window hides
# them. The time picker narrows it.
DASHBOARD_TIME_FROM = "now-20y"
# The sub-field of a keyword that is lowercased (see the indexer's templates): its label in
# the data views says what it is for.
_LOWER = ".lower"
_INDEX_REF = "kibanaSavedObjectMeta.searchSourceJSON.index"
_LAYER = "layer1"


def _compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _object(
    kind: str,
    object_id: str,
    attributes: dict[str, Any],
    references: list[dict[str, str]],
    type_migration_version: str,
) -> dict[str, Any]:
    return {
        "id": object_id,
        "type": kind,
        "attributes": attributes,
        "references": references,
        "managed": False,
        "coreMigrationVersion": "8.8.0",
        "typeMigrationVersion": type_migration_version,
    }


def data_view(
    object_id: str, pattern: str, name: str, labels: dict[str, str] | None = None
) -> dict[str, Any]:
    field_attrs = {field: {"customLabel": label} for field, label in (labels or {}).items()}
    attributes = {
        "title": pattern,
        "name": name,
        "timeFieldName": TIME_FIELD,
        "fields": "[]",
        "fieldAttrs": _compact(field_attrs),
        "fieldFormatMap": "{}",
        "runtimeFieldMap": "{}",
        "sourceFilters": "[]",
        "typeMeta": "{}",
        "allowNoIndex": True,
    }
    return _object("index-pattern", object_id, attributes, [], "8.0.0")


def saved_search(
    object_id: str, title: str, data_view_id: str, columns: list[str], query: str = ""
) -> dict[str, Any]:
    search_source = {
        "query": {"query": query, "language": "kuery"},
        "filter": [],
        "indexRefName": _INDEX_REF,
    }
    attributes = {
        "title": title,
        "description": "",
        "columns": columns,
        "sort": [[TIME_FIELD, "desc"]],
        "kibanaSavedObjectMeta": {"searchSourceJSON": _compact(search_source)},
    }
    references = [{"id": data_view_id, "name": _INDEX_REF, "type": "index-pattern"}]
    return _object("search", object_id, attributes, references, "8.0.0")


def _count_column() -> dict[str, Any]:
    return {
        "label": "Count",
        "dataType": "number",
        "operationType": "count",
        "isBucketed": False,
        "scale": "ratio",
        "sourceField": "___records___",
        "params": {"emptyAsNull": True},
    }


def _terms_column(field: str, label: str, size: int) -> dict[str, Any]:
    return {
        "label": label,
        "dataType": "string",
        "operationType": "terms",
        "isBucketed": True,
        "scale": "ordinal",
        "sourceField": field,
        "params": {
            "size": size,
            "orderBy": {"type": "column", "columnId": "count"},
            "orderDirection": "desc",
            "otherBucket": False,
            "missingBucket": False,
        },
    }


def _lens(
    object_id: str,
    title: str,
    data_view_id: str,
    columns: dict[str, dict[str, Any]],
    layer: dict[str, Any],
    series_type: str,
) -> dict[str, Any]:
    state = {
        "datasourceStates": {
            "formBased": {
                "layers": {
                    _LAYER: {
                        "columnOrder": list(columns),
                        "columns": columns,
                        "incompleteColumns": {},
                    }
                }
            }
        },
        "visualization": {
            "preferredSeriesType": series_type,
            "legend": {"isVisible": True, "position": "right"},
            "valueLabels": "hide",
            "layers": [
                {"layerId": _LAYER, "layerType": "data", "seriesType": series_type, **layer}
            ],
        },
        "query": {"query": "", "language": "kuery"},
        "filters": [],
        "internalReferences": [],
    }
    attributes = {
        "title": title,
        "description": "",
        "visualizationType": "lnsXY",
        "state": state,
    }
    references = [
        {
            "id": data_view_id,
            "name": f"indexpattern-datasource-layer-{_LAYER}",
            "type": "index-pattern",
        }
    ]
    return _object("lens", object_id, attributes, references, "8.9.0")


def top_terms(
    object_id: str, title: str, data_view_id: str, field: str, label: str, size: int = 15
) -> dict[str, Any]:
    columns = {"term": _terms_column(field, label, size), "count": _count_column()}
    layer = {"xAccessor": "term", "accessors": ["count"]}
    return _lens(object_id, title, data_view_id, columns, layer, "bar_horizontal")


def over_time_by(
    object_id: str, title: str, data_view_id: str, split_field: str, label: str
) -> dict[str, Any]:
    columns = {
        "date": {
            "label": TIME_FIELD,
            "dataType": "date",
            "operationType": "date_histogram",
            "isBucketed": True,
            "scale": "interval",
            "sourceField": TIME_FIELD,
            "params": {"interval": "auto", "includeEmptyRows": True, "dropPartials": False},
        },
        "split": _terms_column(split_field, label, 10),
        "count": _count_column(),
    }
    layer = {"xAccessor": "date", "splitAccessor": "split", "accessors": ["count"]}
    return _lens(object_id, title, data_view_id, columns, layer, "bar_stacked")


def dashboard(
    object_id: str, title: str, panels: list[tuple[str, str, dict[str, int]]]
) -> dict[str, Any]:
    """`panels`: (saved object type, id, grid {x, y, w, h}), in reading order."""
    panel_specs, references = [], []
    for number, (kind, target, grid) in enumerate(panels, start=1):
        panel_index = f"p{number}"
        ref_name = f"panel_{panel_index}"
        panel_specs.append(
            {
                "type": kind,
                "panelIndex": panel_index,
                "gridData": {**grid, "i": panel_index},
                "embeddableConfig": {"enhancements": {}},
                "panelRefName": ref_name,
            }
        )
        references.append({"id": target, "name": f"{panel_index}:{ref_name}", "type": kind})
    attributes = {
        "title": title,
        "description": "Articles over time by source, the people, organisations and places "
        "they name, who is quoted, the latest quotes, the stories most outlets ran, and the "
        "titles changed after publication.",
        "panelsJSON": _compact(panel_specs),
        "optionsJSON": _compact(
            {
                "useMargins": True,
                "syncColors": True,
                "syncCursor": True,
                "syncTooltips": True,
                "hidePanelTitles": False,
            }
        ),
        "timeRestore": True,
        "timeFrom": DASHBOARD_TIME_FROM,
        "timeTo": "now",
        "refreshInterval": {"pause": True, "value": 60000},
        "kibanaSavedObjectMeta": {
            "searchSourceJSON": _compact(
                {"query": {"query": "", "language": "kuery"}, "filter": []}
            )
        },
    }
    return _object("dashboard", object_id, attributes, references, "8.9.0")


def _titled(title: str, prefix: str) -> str:
    """Titles name the prefix when it is not the default, so two stacks' objects tell apart."""
    return title if prefix == DEFAULT_PREFIX else f"{title} ({prefix})"


def dashboard_id(prefix: str = DEFAULT_PREFIX) -> str:
    return f"{prefix}-overview"


def lowercase_labels(kind: Kind) -> dict[str, str]:
    """Labels of the lowercased sub-fields: what to filter on when typing a name."""
    return {
        path: f"{path.removesuffix(_LOWER)} (any case)"
        for path in field_paths(kind)
        if path.endswith(_LOWER)
    }


def saved_objects(prefix: str = DEFAULT_PREFIX) -> list[dict[str, Any]]:
    """Every object, referenced ones first (the import resolves references in file order)."""
    names = Names(prefix)
    articles, quotes = f"{prefix}-articles", f"{prefix}-quotes"
    revisions = f"{prefix}-revisions"

    def oid(name: str) -> str:
        return f"{prefix}-{name}"

    objects = [
        data_view(
            articles,
            names.articles.read_alias,
            _titled("Newsroom articles", prefix),
            lowercase_labels("articles"),
        ),
        data_view(
            quotes,
            names.quotes.read_alias,
            _titled("Newsroom quotes", prefix),
            lowercase_labels("quotes"),
        ),
        data_view(
            revisions,
            names.revisions.read_alias,
            _titled("Newsroom revisions", prefix),
            lowercase_labels("revisions"),
        ),
        saved_search(
            oid("latest-articles"),
            _titled("Newsroom: latest articles", prefix),
            articles,
            ["title", "source_id", "section", "entities.people", "url"],
        ),
        saved_search(
            oid("latest-quotes"),
            _titled("Newsroom: latest quotes", prefix),
            quotes,
            ["text", "speaker.name", "article_title", "source_id"],
        ),
        saved_search(
            oid("articles-by-story"),
            _titled("Newsroom: articles by story", prefix),
            articles,
            ["title", "source_id", "story.id", "story.size", "story.representative_title", "url"],
            "story.id : *",
        ),
        saved_search(
            oid("titles-changed"),
            _titled("Newsroom: titles changed after publication", prefix),
            revisions,
            ["title_before", "title_after", "source_id", "changed", "revision", "url"],
            'changed : "title"',
        ),
        over_time_by(
            oid("articles-over-time"),
            _titled("Articles over time by source", prefix),
            articles,
            "source_id",
            "Source",
        ),
        top_terms(
            oid("top-people"), _titled("Top people", prefix), articles, "entities.people", "Person"
        ),
        top_terms(
            oid("top-organisations"),
            _titled("Top organisations", prefix),
            articles,
            "entities.organisations",
            "Organisation",
        ),
        top_terms(
            oid("top-places"), _titled("Top places", prefix), articles, "entities.places", "Place"
        ),
        top_terms(
            oid("top-speakers"), _titled("Top speakers", prefix), quotes, "speaker.name", "Speaker"
        ),
        # One story, N outlets: the stories most articles belong to.
        top_terms(
            oid("top-stories"),
            _titled("Stories run most often", prefix),
            articles,
            "story.id",
            "Story",
        ),
    ]
    objects.append(
        dashboard(
            dashboard_id(prefix),
            _titled("Newsroom overview", prefix),
            [
                ("lens", oid("articles-over-time"), {"x": 0, "y": 0, "w": 48, "h": 12}),
                ("lens", oid("top-people"), {"x": 0, "y": 12, "w": 16, "h": 14}),
                ("lens", oid("top-organisations"), {"x": 16, "y": 12, "w": 16, "h": 14}),
                ("lens", oid("top-places"), {"x": 32, "y": 12, "w": 16, "h": 14}),
                ("lens", oid("top-speakers"), {"x": 0, "y": 26, "w": 16, "h": 16}),
                ("search", oid("latest-quotes"), {"x": 16, "y": 26, "w": 32, "h": 16}),
                ("lens", oid("top-stories"), {"x": 0, "y": 42, "w": 16, "h": 16}),
                ("search", oid("titles-changed"), {"x": 16, "y": 42, "w": 32, "h": 16}),
            ],
        )
    )
    return objects


def ndjson(prefix: str = DEFAULT_PREFIX) -> str:
    return "".join(
        json.dumps(obj, ensure_ascii=False, sort_keys=True) + "\n" for obj in saved_objects(prefix)
    )


# --- import ---------------------------------------------------------------------------------


class ImportFailed(RuntimeError):
    """Kibana did not take every object (it answers 200 even then: the body says so)."""


@dataclass(frozen=True)
class ImportResult:
    imported: int
    url: str


def _failure_line(error: dict[str, Any]) -> str:
    reason = error.get("error", {})
    detail = reason.get("type", "error")
    if reason.get("references"):
        missing = ", ".join(f"{r['type']} {r['id']}" for r in reason["references"])
        detail += f" ({missing})"
    elif reason.get("message"):
        detail += f": {reason['message']}"
    return f"{error.get('type')} {error.get('id')}: {detail}"


def import_objects(
    kibana_url: str,
    text: str,
    elasticsearch: ElasticsearchSettings,
    file_name: str = "newsroom.ndjson",
    timeout: float = 60.0,
) -> ImportResult:
    """POST the NDJSON to Kibana's saved objects `_import` (overwrite) and check the body.

    Kibana takes the Elastic credentials of the settings (an API key, or user and password) and
    is reached over TLS with the same CA bundle as Elasticsearch.
    """
    headers = {"kbn-xsrf": "true"}
    auth: tuple[str, str] | None = None
    if elasticsearch.api_key is not None:
        headers["Authorization"] = f"ApiKey {elasticsearch.api_key.get_secret_value()}"
    elif elasticsearch.username and elasticsearch.password is not None:
        auth = (elasticsearch.username, elasticsearch.password.get_secret_value())
    verify: bool | str = elasticsearch.ca_certs or elasticsearch.verify_certs
    url = kibana_url.rstrip("/") + "/api/saved_objects/_import"
    with httpx.Client(timeout=timeout, verify=verify, auth=auth) as client:
        response = client.post(
            url,
            params={"overwrite": "true"},
            headers=headers,
            files={"file": (file_name, text.encode(), "application/ndjson")},
        )
    try:
        body = response.json()
    except ValueError:
        body = None
    if response.status_code != 200 or not isinstance(body, dict):
        raise ImportFailed(f"Kibana answered {response.status_code}: {response.text[:500]}")
    if body.get("success") is not True:
        errors = body.get("errors") or []
        lines = "; ".join(_failure_line(e) for e in errors) or response.text[:500]
        raise ImportFailed(f"Kibana refused {len(errors)} object(s): {lines}")
    return ImportResult(imported=int(body.get("successCount", 0)), url=kibana_url)


def referenced_fields(obj: dict[str, Any]) -> set[str]:
    """Index fields a saved object refers to: time field, columns, sorts, lens source fields."""
    attributes = obj["attributes"]
    fields: set[str] = set()
    if obj["type"] == "index-pattern" and attributes.get("timeFieldName"):
        fields.add(attributes["timeFieldName"])
    if obj["type"] == "search":
        fields.update(attributes.get("columns", []))
        fields.update(sort[0] for sort in attributes.get("sort", []))
    if obj["type"] == "lens":
        layers = attributes["state"]["datasourceStates"]["formBased"]["layers"]
        for layer in layers.values():
            for column in layer["columns"].values():
                if column.get("sourceField") not in (None, "___records___"):
                    fields.add(column["sourceField"])
    return fields
