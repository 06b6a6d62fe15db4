"""Kibana saved objects for the articles and quotes indices, as NDJSON. Pure.

Generated rather than hand-edited because Kibana stores most of a saved object as JSON inside
JSON strings; `newsroom es export` writes deploy/kibana/newsroom.ndjson from here, and a test
keeps the file in step. Ids are fixed, so importing with overwrite=true updates in place.
Objects are written in the 8.x export format (Kibana migrates them on import).
"""

from __future__ import annotations

import json
from typing import Any

from newsroom_indexer.templates import Names

DATA_VIEW_ARTICLES = "newsroom-articles"
DATA_VIEW_QUOTES = "newsroom-quotes"
TIME_FIELD = "@timestamp"
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


def data_view(object_id: str, pattern: str, name: str) -> dict[str, Any]:
    attributes = {
        "title": pattern,
        "name": name,
        "timeFieldName": TIME_FIELD,
        "fields": "[]",
        "fieldAttrs": "{}",
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
        "they name, who is quoted, and the latest quotes.",
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
        "timeFrom": "now-30d",
        "timeTo": "now",
        "refreshInterval": {"pause": True, "value": 60000},
        "kibanaSavedObjectMeta": {
            "searchSourceJSON": _compact(
                {"query": {"query": "", "language": "kuery"}, "filter": []}
            )
        },
    }
    return _object("dashboard", object_id, attributes, references, "8.9.0")


def saved_objects(prefix: str = "newsroom") -> list[dict[str, Any]]:
    """Every object, referenced ones first (the import resolves references in file order)."""
    names = Names(prefix)
    articles, quotes = DATA_VIEW_ARTICLES, DATA_VIEW_QUOTES
    objects = [
        data_view(articles, names.articles.read_alias, "Newsroom articles"),
        data_view(quotes, names.quotes.read_alias, "Newsroom quotes"),
        saved_search(
            "newsroom-latest-articles",
            "Newsroom: latest articles",
            articles,
            ["title", "source_id", "section", "entities.people", "url"],
        ),
        saved_search(
            "newsroom-latest-quotes",
            "Newsroom: latest quotes",
            quotes,
            ["text", "speaker.name", "article_title", "source_id"],
        ),
        over_time_by(
            "newsroom-articles-over-time",
            "Articles over time by source",
            articles,
            "source_id",
            "Source",
        ),
        top_terms("newsroom-top-people", "Top people", articles, "entities.people", "Person"),
        top_terms(
            "newsroom-top-organisations",
            "Top organisations",
            articles,
            "entities.organisations",
            "Organisation",
        ),
        top_terms("newsroom-top-places", "Top places", articles, "entities.places", "Place"),
        top_terms("newsroom-top-speakers", "Top speakers", quotes, "speaker.name", "Speaker"),
    ]
    objects.append(
        dashboard(
            "newsroom-overview",
            "Newsroom overview",
            [
                ("lens", "newsroom-articles-over-time", {"x": 0, "y": 0, "w": 48, "h": 12}),
                ("lens", "newsroom-top-people", {"x": 0, "y": 12, "w": 16, "h": 14}),
                ("lens", "newsroom-top-organisations", {"x": 16, "y": 12, "w": 16, "h": 14}),
                ("lens", "newsroom-top-places", {"x": 32, "y": 12, "w": 16, "h": 14}),
                ("lens", "newsroom-top-speakers", {"x": 0, "y": 26, "w": 16, "h": 16}),
                ("search", "newsroom-latest-quotes", {"x": 16, "y": 26, "w": 32, "h": 16}),
            ],
        )
    )
    return objects


def ndjson(prefix: str = "newsroom") -> str:
    return "".join(
        json.dumps(obj, ensure_ascii=False, sort_keys=True) + "\n" for obj in saved_objects(prefix)
    )


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
