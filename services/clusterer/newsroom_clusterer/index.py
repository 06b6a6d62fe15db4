"""The story index: every article's signature and story, and the LSH bands that find
candidates. Pure and synchronous: one `assign` runs without yielding, so articles are clustered
one at a time even though the service handles records concurrently.

* A new article joins the story of its most similar candidate when the estimated similarity
  reaches the threshold; otherwise it starts a story whose id is its own id. Story ids never
  change: stories are not merged, an article never moves.
* A story's representative is its member published first (the earliest `published_at`, else
  the first seen); it changes when an earlier copy turns up.
* A later version of a known article keeps its story; its new bands are added, so later copies
  of the new text find it too.
* Articles not seen within the window (`forget_before`) are forgotten, and stories left without
  a member with them: memory is bounded by the articles of the window. A copy of a forgotten
  article is news again and starts a story.

Memory per article: the signature (4 bytes per permutation, in one array), a slot in the id
map, and one dict entry per band (most of it); benchmarks/story_clusters.py measures it.
"""

from __future__ import annotations

import base64
import json
import time
from dataclasses import dataclass, replace

import numpy as np

from newsroom_clusterer.similarity import DEFAULT, Params, band_keys, is_empty, similarity

_NO_DATE = 2**62  # sorts after every real publication time


@dataclass(frozen=True)
class Story:
    id: str
    version: int  # grows with every change (a member, a representative)
    size: int
    representative_id: str
    representative_published: int  # epoch ms, _NO_DATE when unknown
    representative_title: str | None
    representative_url: str | None

    def encode(self) -> bytes:
        return json.dumps(
            {
                "version": self.version,
                "size": self.size,
                "representative_id": self.representative_id,
                "representative_published": self.representative_published,
                "representative_title": self.representative_title,
                "representative_url": self.representative_url,
            },
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode()

    @classmethod
    def decode(cls, story_id: str, value: bytes) -> Story:
        data = json.loads(value)
        return cls(
            id=story_id,
            version=int(data["version"]),
            size=int(data["size"]),
            representative_id=str(data["representative_id"]),
            representative_published=int(data["representative_published"]),
            representative_title=data.get("representative_title"),
            representative_url=data.get("representative_url"),
        )


@dataclass(frozen=True)
class Member:
    """An article as the index keeps it (for its state record)."""

    article_id: str
    story_id: str
    signature: np.ndarray
    published: int
    seen: float | None = None  # epoch s of its last version; None in records from before

    def encode(self) -> bytes:
        return json.dumps(
            {
                "story_id": self.story_id,
                "published": self.published,
                "signature": base64.b64encode(self.signature.astype("<u4").tobytes()).decode(),
                "seen": self.seen,
            },
            separators=(",", ":"),
        ).encode()

    @classmethod
    def decode(cls, article_id: str, value: bytes) -> Member:
        data = json.loads(value)
        signature = np.frombuffer(base64.b64decode(data["signature"]), dtype="<u4")
        seen = data.get("seen")
        return cls(
            article_id,
            str(data["story_id"]),
            signature,
            int(data["published"]),
            None if seen is None else float(seen),
        )


@dataclass(frozen=True)
class Assignment:
    story: Story
    member: Member
    matched_id: str | None  # the most similar member when the article joined
    similarity: float | None
    new_member: bool  # False: a known article seen again
    story_changed: bool  # the story record must be written


class StoryIndex:
    def __init__(self, params: Params = DEFAULT, capacity: int = 1024) -> None:
        self.params = params
        self._slots: dict[str, int] = {}
        self._ids: list[str] = []
        self._story_of: list[str] = []
        self._seen: list[float] = []  # per slot: epoch s of the article's last version
        self._signatures = np.empty((capacity, params.permutations), dtype=np.uint32)
        self._bands: dict[bytes, int] = {}
        self.stories: dict[str, Story] = {}

    def __len__(self) -> int:
        return len(self._ids)

    def story_of(self, article_id: str) -> str | None:
        slot = self._slots.get(article_id)
        return None if slot is None else self._story_of[slot]

    def assign(
        self,
        article_id: str,
        signature: np.ndarray,
        published: int | None,
        title: str | None = None,
        url: str | None = None,
        seen: float | None = None,
    ) -> Assignment:
        """`seen`: when this version came (epoch s, default now); the window counts from it."""
        when = _NO_DATE if published is None else published
        now = time.time() if seen is None else seen
        slot = self._slots.get(article_id)
        if slot is not None:  # a later version of a known article: its story stays
            story_id = self._story_of[slot]
            self._seen[slot] = now
            self._add_bands(signature, slot)
            self._signatures[slot] = signature
            story = self.stories[story_id]
            changed = False
            if article_id == story.representative_id and (
                (title, url) != (story.representative_title, story.representative_url)
            ):
                story = replace(
                    story,
                    version=story.version + 1,
                    representative_title=title,
                    representative_url=url,
                )
                self.stories[story_id] = story
                changed = True
            member = Member(article_id, story_id, signature, when, now)
            return Assignment(story, member, None, None, False, changed)

        matched, score = self._best_match(signature)
        slot = self._add(article_id, signature)
        self._seen.append(now)
        if matched is None:
            story = Story(article_id, 1, 1, article_id, when, title, url)
            self._story_of.append(article_id)
        else:
            previous = self.stories[self._story_of[matched]]
            story = replace(previous, version=previous.version + 1, size=previous.size + 1)
            if when < previous.representative_published:
                story = replace(
                    story,
                    representative_id=article_id,
                    representative_published=when,
                    representative_title=title,
                    representative_url=url,
                )
            self._story_of.append(previous.id)
        self.stories[story.id] = story
        self._add_bands(signature, slot)
        member = Member(article_id, story.id, signature, when, now)
        matched_id = None if matched is None else self._ids[matched]
        return Assignment(story, member, matched_id, score, True, True)

    def _best_match(self, signature: np.ndarray) -> tuple[int | None, float | None]:
        if is_empty(signature):
            return None, None
        candidates = {
            slot
            for key in band_keys(signature, self.params)
            if (slot := self._bands.get(key)) is not None
        }
        if not candidates:
            return None, None
        slots = np.fromiter(candidates, dtype=np.int64, count=len(candidates))
        scores = np.count_nonzero(self._signatures[slots] == signature, axis=1) / len(signature)
        best = int(np.argmax(scores))
        if scores[best] < self.params.threshold:
            return None, None
        return int(slots[best]), float(scores[best])

    def _add(self, article_id: str, signature: np.ndarray) -> int:
        slot = len(self._ids)
        if slot == len(self._signatures):
            grown = np.empty((2 * slot, self.params.permutations), dtype=np.uint32)
            grown[:slot] = self._signatures
            self._signatures = grown
        self._signatures[slot] = signature
        self._slots[article_id] = slot
        self._ids.append(article_id)
        return slot

    def _add_bands(self, signature: np.ndarray, slot: int) -> None:
        if is_empty(signature):
            return
        bands = self._bands
        for key in band_keys(signature, self.params):
            bands.setdefault(key, slot)

    # -- restoring from the state topic --

    def restore_member(self, member: Member) -> None:
        # A record from before `seen` counts from now: kept one window more, not lost.
        seen = time.time() if member.seen is None else member.seen
        slot = self._slots.get(member.article_id)
        if slot is None:
            slot = self._add(member.article_id, member.signature)
            self._story_of.append(member.story_id)
            self._seen.append(seen)
        else:
            self._signatures[slot] = member.signature
            self._story_of[slot] = member.story_id
            self._seen[slot] = seen
        self._add_bands(member.signature, slot)

    # -- forgetting --

    def forget_before(self, cutoff: float) -> tuple[list[str], list[str]]:
        """Forget the articles last seen before `cutoff` (epoch s), and the stories left
        without members; returns their ids (articles, stories), sorted. The index is rebuilt
        from what is kept: the bands of an article's last version only, as after a restore."""
        keep = [slot for slot, seen in enumerate(self._seen) if seen >= cutoff]
        if len(keep) == len(self._ids):
            return [], []
        gone = sorted(self._ids[slot] for slot in set(range(len(self._ids))) - set(keep))
        kept = [
            (self._ids[s], self._story_of[s], self._seen[s], self._signatures[s].copy())
            for s in keep
        ]
        self._slots, self._ids, self._story_of, self._seen = {}, [], [], []
        self._signatures = np.empty((max(1024, len(kept)), self.params.permutations), np.uint32)
        self._bands = {}
        for article_id, story_id, seen, signature in kept:
            slot = self._add(article_id, signature)
            self._story_of.append(story_id)
            self._seen.append(seen)
            self._add_bands(signature, slot)
        alive = set(self._story_of)
        stories_gone = sorted(set(self.stories) - alive)
        for story_id in stories_gone:
            del self.stories[story_id]
        return gone, stories_gone

    def restore_story(self, story: Story) -> None:
        current = self.stories.get(story.id)
        if current is None or story.version >= current.version:
            self.stories[story.id] = story


def similarity_of(index: StoryIndex, a: str, b: str) -> float:
    """The estimated similarity of two indexed articles (for reports and tests)."""
    slots = index._slots
    return similarity(index._signatures[slots[a]], index._signatures[slots[b]])
