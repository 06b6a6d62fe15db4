"""Bodies named for what they are in charge of, read whole.

"Department of Roads, Rail and Ports", "Institute of Soils and Coastal Waters", "Committee
on Health, Labor and Pensions", "Economic Club of Harlow", "Reserve Bank of Harlow": the
small model often cuts such a name at its "and", at a comma of its list or at its "of", and
a comma inside one must not cut it into names either. A list counts as the name's when it
follows "<Body> of" (or "on", "for") and ends in "and" and a capitalised word; a single
"and" only when the words after it are no name of their own; anything with a person or a
title in it never.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from .lexicon import CONJUNCTIONS, NAME_SPLITTERS, TITLES

# Bodies named for the fields they are in charge of.
CHARGED_BODIES = frozenset(
    {"ministry", "department", "office", "committee", "commission", "council", "agency"}
    | {"bureau", "secretariat", "authority", "board", "directorate", "school", "faculty"}
    | {"institute", "institutes", "center", "centre", "centers", "centres"}
    | {"subcommittee", "administration", "service", "division"}
)
_FIELD_WORDS = frozenset({"of", "on", "for"})
# Marks that end a name's list: an acronym in brackets after it, a dash, a listing's mark.
_BREAKS = NAME_SPLITTERS - {","}
_MAX_ITEM_WORDS = 3  # words in one field of the list ("Urban Development")
_NO_FIELD_LABELS = frozenset({"PERSON", "DATE", "TIME", "MONEY", "PERCENT", "CARDINAL"})


def whole_field_names(doc: Doc) -> list[Span]:
    """``doc.ents`` with each body cut inside its name grown to the whole name; the
    entities inside the grown name are dropped."""
    ents = list(doc.ents)
    out: list[Span] = []
    absorbed_to = -1
    for ent in ents:
        if ent.start < absorbed_to:
            continue
        end = _whole_end(doc, ent) if ent.label_ == "ORG" else None
        # never into the middle of a name that runs on past the grown one
        if end is None or any(e.start < end < e.end for e in ents):
            out.append(ent)
            continue
        out.append(Span(doc, ent.start, end, label="ORG"))
        absorbed_to = end
    return out


def field_list_commas(ent: Span) -> frozenset[int]:
    """The commas of a body's field list that fills ``ent`` ("Department of Roads, Rail and
    Ports"), up to an acronym in brackets after the name; none elsewhere."""
    if ent.label_ != "ORG":
        return frozenset()
    doc = ent.doc
    stop = next((t.i for t in ent if t.text in _BREAKS), ent.end)
    field = _field_start(doc, ent.start, stop)
    found = None if field is None else _field_list(doc, field, stop)
    if found is None or found[0] != stop:
        return frozenset()
    return frozenset(found[1])


def _field_start(doc: Doc, start: int, stop: int) -> int | None:
    """The first field word after the last "<Body> of" in ``start:stop``: "Roads" of
    "Department of Roads"; None without one ("Bank of Tarnow, …" lists banks)."""
    for i in range(stop - 2, start, -1):
        if doc[i].lower_ in _FIELD_WORDS and doc[i - 1].lower_ in CHARGED_BODIES:
            return i + 1 if doc[i - 1].is_title else None
    return None


def _field_list(doc: Doc, field: int, limit: int) -> tuple[int, list[int]] | None:
    """Where a list of capitalised fields from ``field`` ends, with its last item after
    "and" ("Roads, Rail and Ports"), and the list's commas; None if there is no such list
    before ``limit``."""
    i, commas = field, []
    while True:
        end = _item_end(doc, i, limit)
        if end == i:
            return None
        i = end
        if i < limit and doc[i].text == ",":
            commas.append(i)
            i += 1
            if not (i < limit and doc[i].lower_ in CONJUNCTIONS):  # "…, Rail, and Ports"
                continue
        if i < limit and doc[i].lower_ in CONJUNCTIONS:
            end = _item_end(doc, i + 1, limit)
            return (end, commas) if end > i + 1 else None
        return None


def _item_end(doc: Doc, i: int, limit: int) -> int:
    """The end of one field's capitalised words from ``i`` (``i`` if there are none)."""
    end = i
    while end < limit and end - i < _MAX_ITEM_WORDS and _field_word(doc[end]):
        end += 1
    return end


def _field_word(tok: Token) -> bool:
    return (
        tok.is_title
        and tok.is_alpha
        and tok.lower_ not in TITLES
        and tok.ent_type_ not in _NO_FIELD_LABELS
    )


def _whole_end(doc: Doc, ent: Span) -> int | None:
    """The end of the name ``ent`` was cut from, when it reaches past ``ent``."""
    if doc[ent.end - 1].lower_ in _FIELD_WORDS and len(ent) > 1:
        # "Economic Club of" + "Harlow": the recogniser's span says the name goes on
        end = _item_end(doc, ent.end, len(doc))
        return end if end > ent.end and not _runs_on(doc, end) else None
    if _of_place(doc, ent):
        # "Reserve Bank" + "of" + "Harlow": a body of a place is named for it
        end = ent.end + 2
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        return None if _runs_on(doc, end) else end
    field = _field_start(doc, ent.start, ent.end)
    found = None if field is None else _field_list(doc, field, len(doc))
    if found is None or found[0] <= ent.end or _runs_on(doc, found[0]):
        return None
    end, commas = found
    # A bare "and" only before words the recogniser left unnamed: "… of Justice and Ana
    # Ruiz" or "… of Energy and Harlow County" join two names.
    if not commas and any(t.ent_type_ for t in doc[ent.end : end]):
        return None
    return end


def _of_place(doc: Doc, ent: Span) -> bool:
    """ "<Body> of" and a place the recogniser named on its own."""
    if ent.end + 1 >= len(doc) or doc[ent.end].lower_ != "of":
        return False
    place = doc[ent.end + 1]
    head = doc[ent.end - 1].lower_
    return (head in CHARGED_BODIES or head == "bank") and (
        place.ent_iob_ == "B" and place.ent_type_ == "GPE"
    )


def _runs_on(doc: Doc, end: int) -> bool:
    """More capitalised words after ``end``: the words there are more than a field."""
    return end < len(doc) and doc[end].is_title
