"""Result types of the NLP stage: plain frozen dataclasses, safe to pickle and compare."""

from __future__ import annotations

from dataclasses import dataclass

STATUS_OK = "ok"
STATUS_SKIPPED = "skipped"


@dataclass(frozen=True)
class EntityResult:
    """One canonical entity of an article, after merging its short forms and titles."""

    id: str
    name: str
    type: str
    mentions: int
    aliases: tuple[str, ...] = ()
    # Body paragraphs (0-based, headline and dek not counted) where any of its names stands.
    paragraphs: tuple[int, ...] = ()


@dataclass(frozen=True)
class SpeakerResult:
    """Who a quote is attributed to: the words of the article and the entity they resolve to."""

    name: str | None
    as_written: str
    entity_id: str | None = None


@dataclass(frozen=True)
class QuoteResult:
    """A direct quotation; ``start``/``end`` are character offsets inside ``paragraph``."""

    text: str
    cue: str | None
    speaker: SpeakerResult
    paragraph: int
    start: int
    end: int


@dataclass(frozen=True)
class NlpResult:
    entities: tuple[EntityResult, ...] = ()
    quotes: tuple[QuoteResult, ...] = ()
    status: str = STATUS_OK
    reason: str | None = None
