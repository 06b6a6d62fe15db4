"""What memory keeps of each page's last version: a few packed bytes per page, and when it was
last seen, so that pages not seen for the retention can be forgotten.

A parser holds every page of its raw-pages partitions (millions at news scale), so each page is
one `bytes` value rather than an object graph (about 200 bytes with its key, against about 330
as dataclasses). Pure bookkeeping, no I/O: `RevisionStore` writes the topic behind it.
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(slots=True)
class Seen:
    """What is known of a page's last version without reading its record back."""

    version: int
    digest: bytes  # 16 bytes of the substance's normal form
    partition: int  # where its record is in the revision-state topic
    offset: int
    revisions: int
    revised_at: datetime | None
    revised_fields: tuple[str, ...]


# version, offset, seen at (epoch s), revised at (epoch s, NaN: never), partition, revisions,
# digest; then the revised fields, comma-separated.
_LAYOUT = struct.Struct("<qqddII16s")
_SEEN_AT = struct.Struct("<d")
_SEEN_AT_OFFSET = 16


def _pack(seen: Seen, seen_at: float) -> bytes:
    revised_at = seen.revised_at.timestamp() if seen.revised_at is not None else math.nan
    head = _LAYOUT.pack(
        seen.version,
        seen.offset,
        seen_at,
        revised_at,
        seen.partition,
        seen.revisions,
        seen.digest,
    )
    return head + ",".join(seen.revised_fields).encode()


def _unpack(packed: bytes) -> Seen:
    version, offset, _, revised_at, partition, revisions, digest = _LAYOUT.unpack_from(packed)
    fields = packed[_LAYOUT.size :].decode()
    return Seen(
        version=version,
        digest=digest,
        partition=partition,
        offset=offset,
        revisions=revisions,
        revised_at=None if math.isnan(revised_at) else datetime.fromtimestamp(revised_at, UTC),
        revised_fields=tuple(fields.split(",")) if fields else (),
    )


class RevisionMemory:
    """Page id -> its last version's `Seen`, packed, with the time it was last seen."""

    def __init__(self) -> None:
        self._pages: dict[str, bytes] = {}

    def __len__(self) -> int:
        return len(self._pages)

    def get(self, page_id: str) -> Seen | None:
        packed = self._pages.get(page_id)
        return None if packed is None else _unpack(packed)

    def keep(self, page_id: str, seen: Seen, seen_at: float) -> None:
        """`seen_at`: epoch seconds when the version was parsed (or restored)."""
        if len(seen.digest) != 16:
            raise ValueError(f"a digest is 16 bytes, not {len(seen.digest)}")
        self._pages[page_id] = _pack(seen, seen_at)

    def drop(self, page_id: str) -> None:
        self._pages.pop(page_id, None)

    def drop_if_kept_before(self, page_id: str, cutoff: float) -> bool:
        packed = self._pages.get(page_id)
        if packed is None or _SEEN_AT.unpack_from(packed, _SEEN_AT_OFFSET)[0] >= cutoff:
            return False
        del self._pages[page_id]
        return True

    def kept_before(self, cutoff: float) -> list[tuple[str, int]]:
        """(page id, partition) of the pages last seen before `cutoff` (epoch seconds)."""
        old = []
        for page_id, packed in self._pages.items():
            if _SEEN_AT.unpack_from(packed, _SEEN_AT_OFFSET)[0] < cutoff:
                old.append((page_id, _LAYOUT.unpack_from(packed)[4]))
        return old

    def release(self, partitions: set[int]) -> int:
        """Forget the pages of `partitions` (another instance owns them now)."""
        gone = [
            page_id
            for page_id, packed in self._pages.items()
            if _LAYOUT.unpack_from(packed)[4] in partitions
        ]
        for page_id in gone:
            del self._pages[page_id]
        return len(gone)
