"""Result types of the NLP stage.

Entities and speakers are the contract's own types (``Entity``, ``Speaker``): the analyzer
builds them and the article carries them unchanged. A quote is the contract's ``Quote`` plus
where it stands in its paragraph (see ``QuoteResult``).
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field

from newsroom_shared.contracts import Entity, Quote, Speaker

STATUS_OK = "ok"
STATUS_SKIPPED = "skipped"

__all__ = ["STATUS_OK", "STATUS_SKIPPED", "Entity", "NlpResult", "QuoteResult", "Speaker"]


class QuoteResult(Quote):
    """A direct quotation with its character offsets ``start``/``end`` inside ``paragraph``.

    This type differs from the contract's ``Quote`` by the offsets only: callers that mark a
    quote in the text need them, while the article publishes the quote itself
    (``as_quote``). ``paragraph`` is always set here.
    """

    paragraph: int
    start: int = Field(ge=0)
    end: int = Field(ge=0)

    def as_quote(self) -> Quote:
        return Quote(**{name: getattr(self, name) for name in Quote.model_fields})


@dataclass(frozen=True)
class NlpResult:
    entities: tuple[Entity, ...] = ()
    quotes: tuple[QuoteResult, ...] = ()
    status: str = STATUS_OK
    reason: str | None = None
