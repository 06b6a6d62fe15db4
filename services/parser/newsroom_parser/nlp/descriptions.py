"""What an article calls a person besides their name, for a later description to find
them by: roles written before a name ("chief executive Ann Pike"), an age ("Ann Pike, 64,"),
the title words of a description ("the prime minister"), a full name set off after a role
and left untagged by the recogniser."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from .lexicon import NAME_TAGS, ROLE_NOUNS, TITLE_NOUNS, TITLES
from .names import gender_of

if TYPE_CHECKING:
    from .canonical import Cluster
    from .entities import Mention

# Title words that say when, not what: "the former minister" may be written of one titled
# "minister".
_TIMES = frozenset({"former", "then"})


def untagged_apposition(head: Token) -> str | None:
    """A full name set off by commas after a person's noun and left untagged: "Its
    representative in Tarnow, Ines Carvalho-Lind,"."""
    doc = head.doc
    if head.lower_ not in ROLE_NOUNS:
        return None
    for tok in head.subtree:
        if tok.dep_ != "appos" or tok.tag_ not in NAME_TAGS or tok.ent_type_:
            continue
        start = tok.left_edge.i
        words = doc[start : tok.i + 1]
        if (
            start > 0
            and len([w for w in words if w.is_alpha]) >= 2
            and all(w.is_title or w.text == "-" for w in words)
            # a person's name, not an organisation's ("the carrier, Tarn Air Express,"): a
            # known given name or a double surname
            and (gender_of(words[0].text) is not None or "-" in words.text)
            and doc[start - 1].text == ","
            and (tok.i + 1 == len(doc) or doc[tok.i + 1].text == ",")
        ):
            return words.text
    return None


def described_as(head: Token) -> str:
    """The words a description's person must have been described with: its noun and the
    title words before it ("the prime minister": no "finance minister")."""
    titles = [
        TITLE_NOUNS.get(c.lower_, c.lower_)
        for c in head.lefts
        if c.dep_ in ("compound", "amod") and c.lower_ in TITLES and c.lower_ not in _TIMES
    ]
    return " ".join([*titles, TITLE_NOUNS.get(head.lower_, head.lower_)])


def role_word(tok: Token) -> bool:
    """A word of a chain of roles before a name: "co-founder and chief executive"."""
    return tok.text in ("-", "and", "&") or (
        tok.is_lower and (tok.lower_ in ROLE_NOUNS or tok.lower_ in TITLES or tok.tag_ == "JJ")
    )


def fits(description: str, cluster: Cluster) -> bool:
    """Whether every word of a description ("prime minister") describes the entity."""
    return all(word in cluster.descriptors for word in description.split())


def roles_before(doc: Doc, start: int) -> list[str]:
    """The role nouns written right before a name ("chief executive Ann Pike", "Finance
    director Jo Kim"), for a later "the chief executive"."""
    found = []
    k = start - 1
    while k >= 0 and start - k <= 3 and doc[k].tag_ in ("NN", "NNP", "JJ") and doc[k].is_alpha:
        low = doc[k].lower_
        if low in ROLE_NOUNS or low in TITLES:  # not "company" of "company spokesman"
            found.append(TITLE_NOUNS.get(low, low))
        k -= 1
    return found


def age_of(old: Token) -> str | None:
    """The years of "64-year-old" (its last word, "old"), as written."""
    doc = old.doc
    k = old.i - 1
    while k >= 0 and doc[k].lower_ in ("-", "year", "years"):
        k -= 1
    return doc[k].text if k >= 0 and k < old.i - 1 and doc[k].text.isdigit() else None


def age_given(doc: Doc, m: Mention) -> str | None:
    """The age written with a person's name: "Ann Pike, 64," or "64-year-old driver Ann
    Pike"."""
    end = m.end
    if (
        end + 1 < len(doc)
        and doc[end].text == ","
        and doc[end + 1].text.isdigit()
        and 0 < int(doc[end + 1].text) < 120
        and (end + 2 == len(doc) or doc[end + 2].text in (",", ".", ";", ")"))
    ):
        return doc[end + 1].text
    k = m.start - 1
    while k >= 0 and doc[k].tag_ in ("NN", "NNP") and m.start - k < 4:
        k -= 1  # "qualifier", "goalkeeper"
    return age_of(doc[k]) if k >= 0 and doc[k].lower_ == "old" else None
