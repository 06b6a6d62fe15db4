"""An article document's `story`, pure: added to the document as it is written, compared by
story version, or set later by a compare-and-set update."""

from __future__ import annotations

from typing import Any

import pydantic_core


def story_update_action(
    index: str, doc_id: str, story: dict[str, Any], seq_no: int, primary_term: int
) -> dict[str, Any]:
    """A bulk update of an article document's `story`, only if the document is still the one
    read (seq_no, primary_term): a compare-and-set, since the story of a document may be set by
    two paths at once (the assignment's, the article's). No scripts: the test distribution of
    Elasticsearch has no painless. Every field of the story is sent, null ones too, so that the
    partial update replaces the whole object."""
    return {
        "_op_type": "update",
        "_index": index,
        "_id": doc_id,
        "if_seq_no": seq_no,
        "if_primary_term": primary_term,
        "doc": {"story": story},
    }


def story_is_newer(story: dict[str, Any], current: dict[str, Any] | None) -> bool:
    """Whether `story` should replace a document's `current` one (a higher story version)."""
    if current is None or current.get("version") is None:
        return True
    return int(story.get("version") or 0) > int(current["version"])


def with_story(document: bytes, story: dict[str, Any] | None) -> bytes:
    """The serialized article document with its `story` object added (documents are built
    without one: the story comes from the stories index at write time)."""
    if story is None:
        return document
    if not document.endswith(b"}") or document == b"{}":
        raise ValueError("not a JSON object with fields")
    return document[:-1] + b',"story":' + pydantic_core.to_json(story) + b"}"


def newer_story(a: dict[str, Any] | None, b: dict[str, Any] | None) -> dict[str, Any] | None:
    """The story with the higher version (a on a tie)."""
    if a is None:
        return b
    if b is None:
        return a
    return b if int(b.get("version") or 0) > int(a.get("version") or 0) else a
