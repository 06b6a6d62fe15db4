"""The committed JSON Schemas are exactly what the models generate, and they validate events."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from newsroom_shared.contracts import Article, RawPage
from newsroom_shared.schemas import EVENT_TYPES, render, schema_file_name
from newsroom_shared.serialization import encode

from .test_contracts import article, raw_page

SCHEMAS = Path(__file__).resolve().parents[3] / "deploy" / "schemas"


def test_committed_schemas_match_the_models() -> None:
    for event_type in EVENT_TYPES:
        path = SCHEMAS / schema_file_name(event_type)
        assert path.exists(), f"{path} missing: run `make schemas`"
        assert path.read_text() == render(event_type), (
            f"{path.name} differs from the model: run `make schemas` and commit the result"
        )


def test_schemas_validate_real_events() -> None:
    for event, event_type in ((raw_page(), RawPage), (article(), Article)):
        schema = json.loads((SCHEMAS / schema_file_name(event_type)).read_text())
        jsonschema.validate(json.loads(encode(event)), schema)
