"""One copy of each article, at its newest version, across rollovers. Pure planning.

External versioning guards a document within one index. After a rollover the write alias
points at a new index, where an article's id is unknown: a late older version would be created
there next to the newer copy in the previous index. So when the read alias spans several
indices, the writer looks up the copies first (skipping versions older than one it holds), and
afterwards deletes every copy other than the one just written. Quotes follow their article.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Copy:
    index: str
    id: str
    version: int


@dataclass(frozen=True)
class AliasState:
    """The indices behind a kind's read alias, and which one the write alias points at."""

    indices: frozenset[str]
    write_index: str | None

    @property
    def spans_several(self) -> bool:
        return len(self.indices) > 1


def parse_aliases(response: Mapping[str, Any], read_alias: str, write_alias: str) -> AliasState:
    """From `GET _alias/<read>,<write>`: {index: {"aliases": {alias: {is_write_index?}}}}."""
    indices: set[str] = set()
    holders: dict[str, bool | None] = {}
    for index, entry in response.items():
        aliases = entry.get("aliases", {})
        if read_alias in aliases:
            indices.add(index)
        if write_alias in aliases:
            holders[index] = aliases[write_alias].get("is_write_index")
    flagged = [index for index, flag in holders.items() if flag is True]
    write_index = flagged[0] if flagged else None
    if write_index is None and len(holders) == 1:
        # An alias on a single index without the flag writes to that index.
        ((index, flag),) = holders.items()
        write_index = index if flag is not False else None
    return AliasState(frozenset(indices), write_index)


def parse_copies(hits: Iterable[Mapping[str, Any]]) -> list[Copy]:
    return [Copy(hit["_index"], hit["_id"], int(hit["_version"])) for hit in hits]


@dataclass(frozen=True)
class Reconciliation:
    delete: list[Copy]
    lost: set[str]  # ids whose copy just written is older than one elsewhere
    had_copies: set[str]  # ids that had a copy in another index


def reconcile(written: Mapping[str, Copy], copies: Iterable[Copy]) -> Reconciliation:
    """Keep the newest copy of each written id (the one just written on a tie: it is in the
    newest index); every other copy goes."""
    others: dict[str, list[Copy]] = {}
    for copy in copies:
        mine = written.get(copy.id)
        if mine is not None and copy.index != mine.index:
            others.setdefault(copy.id, []).append(copy)
    delete: list[Copy] = []
    lost: set[str] = set()
    for doc_id, elsewhere in others.items():
        mine = written[doc_id]
        newest = max(elsewhere, key=lambda c: c.version)
        if newest.version > mine.version:
            # A late older version landed in a newer index: it loses, and its copy goes.
            lost.add(doc_id)
            delete.append(mine)
            delete.extend(c for c in elsewhere if c is not newest)
        else:
            delete.extend(elsewhere)
    return Reconciliation(delete, lost, set(others))


@dataclass(frozen=True)
class KeptQuotes:
    """An article's quote documents as just written: their ids and the index they landed in."""

    article_id: str
    ids: tuple[str, ...]
    indices: frozenset[str]


def stale_quotes_query(articles: Iterable[KeptQuotes]) -> dict[str, Any] | None:
    """A query for the quote documents of these articles that are not the ones just written:
    quotes of older versions, positions beyond the new quote count, copies in older indices."""
    clauses = []
    for kept in articles:
        clause: dict[str, Any] = {"filter": [{"term": {"article_id": kept.article_id}}]}
        if kept.ids:
            current = {"ids": {"values": list(kept.ids)}}
            where = {"terms": {"_index": sorted(kept.indices)}}
            clause["must_not"] = [{"bool": {"filter": [current, where]}}]
        clauses.append({"bool": clause})
    if not clauses:
        return None
    return {"bool": {"should": clauses, "minimum_should_match": 1}}
