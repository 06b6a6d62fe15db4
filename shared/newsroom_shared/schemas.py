"""JSON Schemas generated from the contracts; committed under deploy/schemas/."""

from __future__ import annotations

import json
from pathlib import Path

from newsroom_shared.contracts import (
    Article,
    ArticleRevision,
    DeadLetter,
    Event,
    FrontierItem,
    RawPage,
    StoryAssignment,
)

EVENT_TYPES: tuple[type[Event], ...] = (
    FrontierItem,
    RawPage,
    Article,
    DeadLetter,
    ArticleRevision,
    StoryAssignment,
)


def schema_file_name(event_type: type[Event]) -> str:
    major = event_type.SCHEMA_VERSION.split(".")[0]
    return f"{event_type.__name__}.v{major}.schema.json"


def json_schema(event_type: type[Event]) -> dict[str, object]:
    schema = event_type.model_json_schema(mode="serialization")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://newsroom.invalid/schemas/{schema_file_name(event_type)}",
        "x-schema-version": event_type.SCHEMA_VERSION,
        **schema,
    }


def render(event_type: type[Event]) -> str:
    return json.dumps(json_schema(event_type), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def export_schemas(directory: Path, check: bool = False) -> list[str]:
    """Write every schema; return the names of files that changed (or, with check, would)."""
    changed = []
    for event_type in EVENT_TYPES:
        path = directory / schema_file_name(event_type)
        text = render(event_type)
        if not path.exists() or path.read_text() != text:
            changed.append(path.name)
            if not check:
                directory.mkdir(parents=True, exist_ok=True)
                path.write_text(text)
    return changed
