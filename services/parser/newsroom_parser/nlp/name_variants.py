"""One organisation or place named in several ways, merged into one entity.

An acronym and its expansion, a country's (or a U.S. state's) short and long names and a
state's postal code, a name with and without the place that qualifies it, the two ways to
name a department, a name without its company word, a town without its river, a clipped
first word ("Fed"), an abbreviated compass point ("SW"). GENERIC_ORGS and NAME_ENDINGS tell
relabel.py too that a name is no person's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .lexicon import COUNTRY_FORMS, ORG_HEADS, PLACE_PARTICLES, US_STATES, letters, word_set

if TYPE_CHECKING:
    from .canonical import Cluster


# Short and long names of the countries, unions and bodies news writes in several ways.
_ALIASES: dict[str, str] = {
    **COUNTRY_FORMS,
    **dict.fromkeys(("un", "unitednations"), "un"),
    **dict.fromkeys(("dc", "washingtondc", "districtofcolumbia"), "dc"),
    **dict.fromkeys(("gop", "republicanparty", "grandoldparty"), "gop"),
    **dict.fromkeys(("isis", "isil", "islamicstate", "islamicstategroup", "daesh"), "isis"),
}
# A U.S. state by its name or its news-style abbreviation ("Mich."), without full stops.
_STATES = {
    form: state for state, (short, _) in US_STATES.items() for form in (state, short.lower())
}
# "EPA", "U.N.", and the ampersand forms of companies' names ("NG&E", "S&P").
_ACRONYM = re.compile(r"^(?:(?:[A-Z]\.){2,6}|[A-Z]{3,6}|[A-Z]{1,3}&[A-Z]{1,3})$")
# Company words an acronym leaves out ("NG&E" of "Northvale Gas & Electric Co.").
_COMPANY_WORDS = word_set("inc inc. corp corp. corporation co co. company ltd ltd. llc plc")
# Words an acronym may also leave out: the place before the name ("PUC" of "Oregon Public
# Utilities Commission") when three words or more remain.
_MIN_UNQUALIFIED_WORDS = 3
_SMALL_WORDS = word_set("of the and for on in at to & de du des la le der die das für und y el")
# Plural words that end companies' and bodies' names after a place ("Tarnow Instruments",
# "Harlow Public Schools"), beside ORG_HEADS.
_TRADE_PLURALS = word_set(
    "instruments industries services solutions networks communications resources "
    "properties enterprises brands products materials semiconductors schools hospitals "
    "apartments houses gardens times news sciences investments associates consultants "
    "builders homes hotels resorts stores markets logistics electronics dynamics "
    "therapeutics"
)
_POSTAL = {code: state for state, (_, code) in US_STATES.items()}
# Postal codes that are English words, other places or common abbreviations.
_WORDLIKE_CODES = frozenset(
    {"IN", "OR", "ME", "OK", "HI", "OH", "LA", "CO", "AL", "DE", "PA", "ID", "MA", "GA", "VA"}
)
_RELATIONS = word_set("at in of for on from by with to near and &")
_VARIANT_LABELS = frozenset({"ORG", "GPE", "LOC", "NORP", "FAC"})


def merge_variants(clusters: list[Cluster]) -> bool:
    """An organisation or a place named in several ways is one entity: an acronym and its
    expansion ("EPA", "Environmental Protection Agency"), a country's short and long names
    ("U.S.", "United States"), a name with and without the place that qualifies it
    ("Senate", "U.S. Senate"). The full form names the entity."""
    others = [c for c in clusters if c.label in _VARIANT_LABELS and c.mentions]
    merged = False
    for short in others:
        if not short.mentions:
            continue
        target = _expansion(short, others) or _alias_of(short, others)
        target = target or _qualified(short, others) or _department(short, others)
        target = target or _shortened(short, others) or _domain(short, others)
        target = target or _river_town(short, others) or _clipped(short, others)
        target = target or _compass(short, others)
        if target is None or target is short:
            continue
        # the longest form, as written rather than shouted, the first written among equals
        # (a set's order would vary with the process)
        full = max((m.text for m in target.mentions), key=lambda t: (not shouted(t), len(t)))
        target.mentions.extend(short.mentions)
        target.mentions.sort(key=lambda m: (m.seg, m.start))
        for m in short.mentions:
            m.label = m.label if m.label in _VARIANT_LABELS else target.label
        short.mentions = []
        target.preferred = full
        merged = True
    return merged


def merge_team_towns(clusters: list[Cluster], located: set[tuple[int, int]]) -> bool:
    """A team is called by its town ("Harlow beat Corley") when the article names it in
    full ("the Harlow Herons") and by its nickname alone ("the Herons"): the town written
    alone is the team then, unless a sentence puts it on the map ("in Harlow") or two
    teams of the article share it. Not a company named by a place and a plural word of its
    trade ("Tarnow Instruments"): nobody calls that "the Instruments"."""
    teams: dict[str, list[Cluster]] = {}
    written = {f for c in clusters for f in _forms(c)}
    for c in clusters:
        if c.label != "ORG" or not c.mentions:
            continue
        for f in _forms(c):
            words = f.split()
            nick = words[-1]
            if not 2 <= len(words) <= 3 or not _nickname(nick) or nick not in written:
                continue
            teams.setdefault(" ".join(words[:-1]), []).append(c)
    merged = False
    for town in clusters:
        if town.label not in ("GPE", "LOC", "ORG") or not town.mentions:
            continue
        found = {t.index: t for f in _forms(town) for t in teams.get(f, [])}
        if len(found) != 1 or town.index in found:
            continue
        if any((m.seg, m.start) in located for m in town.mentions):
            continue
        (team,) = found.values()
        for m in town.mentions:
            m.label = "ORG"
        team.mentions.extend(town.mentions)
        team.mentions.sort(key=lambda m: (m.seg, m.start))
        town.mentions = []
        merged = True
    return merged


def _nickname(word: str) -> bool:
    """A team's nickname: a capitalised plural ("Herons"), no word of a trade ("Motors")."""
    return (
        word[:1].isupper()
        and word[1:].islower()
        and word.endswith("s")
        and not word.endswith("ss")
        and word.lower() not in ORG_HEADS
        and word.lower() not in _TRADE_PLURALS
    )


def shouted(name: str) -> bool:
    """A name in capitals as a heading or a dateline writes it ("SAN FRANCISCO"), not an
    acronym."""
    return name.isupper() and len(name) > 4


def _forms(cluster: Cluster) -> set[str]:
    return {m.text for m in cluster.mentions}


def _initials(name: str, of: bool = False) -> str:
    """The initials of a name's words but its small ones; with ``of``, "of" gives its "O"
    too, as ministries abbreviate ("MOFA" of "Ministry of Foreign Affairs")."""
    parts = [w for w in re.split(r"[\s-]+", name) if w]
    words = [w for w in parts if w.lower() not in _SMALL_WORDS]
    if len(words) < 2 or not all(w[0].isupper() and w[1:].islower() for w in words):
        return ""  # words written out in full ("U.S. Senate" abbreviates to no "US")
    kept = [w for w in parts if w in words or (of and w == "of")]
    return "".join(w[0].upper() for w in kept)


def _abbreviations(name: str) -> set[str]:
    """The acronyms a name may be written as: its initials, with "of" or without, without
    a company word at its end, and without the word before three or more others (a place:
    "Oregon")."""
    words = name.split()
    if words and words[-1].lower() in _COMPANY_WORDS:
        words = words[:-1]
    found = {_initials(name), _initials(" ".join(words)), _initials(name, of=True)}
    if len(words) > _MIN_UNQUALIFIED_WORDS:
        found.add(_initials(" ".join(words[1:])))
    # "DEA" of "United States Drug Enforcement Administration": the country before it
    country = _country_words(words)
    if country and len(words) - country >= 2:
        found.add(_initials(" ".join(words[country:])))
    # "CDC" of "Centers for Disease Control and Prevention": a field added to an older
    # name its acronym kept
    if len(words) > _MIN_UNQUALIFIED_WORDS and words[-2].lower() in ("and", "&"):
        found.add(_initials(" ".join(words[:-2])))
    found.discard("")
    return found


def _country_words(words: list[str]) -> int:
    """How many of ``words`` name a country or union before the rest ("United States
    Drug …": 2), else 0."""
    for n in range(min(3, len(words) - 1), 0, -1):
        if letters(" ".join(words[:n])) in _ALIASES:
            return n
    return 0


def abbreviates(acronym: str, name: str) -> bool:
    """Whether ``acronym`` ("HSI", "U.N.") is written for ``name``."""
    if not _ACRONYM.match(acronym):
        return False
    return acronym.replace(".", "").replace("&", "") in _abbreviations(name)


def _expansion(short: Cluster, others: list[Cluster]) -> Cluster | None:
    """The one cluster whose name the short one abbreviates: "EPA", "U.N.", "NG&E"."""
    acronyms = {f.replace(".", "").replace("&", "") for f in _forms(short) if _ACRONYM.match(f)}
    # "U.S." or "UN" name their country or union (_alias_of), not "University of Stenby"
    acronyms = {a for a in acronyms if a.lower() not in _ALIASES}
    if not acronyms:
        return None
    found = [
        c
        for c in others
        if c is not short and c.mentions and any(_abbreviations(f) & acronyms for f in _forms(c))
    ]
    return found[0] if len(found) == 1 else None


def _alias_key(name: str) -> str | None:
    """The country or union a name is ("U.K." and "United Kingdom": "uk"), or the rest of
    the name after it ("U.N. Security Council", "United Nations Security Council")."""
    whole = _ALIASES.get(letters(name)) or _STATES.get(letters(name)) or _postal_state(name)
    if whole is not None:
        return whole
    words = name.split()
    for n in range(1, min(4, len(words) - 1) + 1):
        country = _ALIASES.get(letters(" ".join(words[:n])))
        if country is not None:
            return f"{country} {' '.join(words[n:]).lower()}"
    return None


def _postal_state(name: str) -> str | None:
    """The state a postal code stands for ("FL"), but codes that are words or other
    names too ("IN", "OR", "LA", "CO")."""
    code = name.strip()
    if len(code) != 2 or not code.isupper() or code in _WORDLIKE_CODES:
        return None
    return _POSTAL.get(code)


def _alias_of(short: Cluster, others: list[Cluster]) -> Cluster | None:
    """Another name of the same country or union ("UK" and "United Kingdom"), or of an
    organisation named after it ("U.S. Senate" and "United States Senate")."""
    keys = {_alias_key(f) for f in _forms(short)} - {None}
    if not keys:
        return None
    found = [
        c
        for c in others
        if c is not short and c.mentions and keys & {_alias_key(f) for f in _forms(c)}
    ]
    if not found:
        return None
    # The longest name of the group collects the others.
    best = max([short, *found], key=lambda c: max(len(f) for f in _forms(c)))
    return None if best is short else best


# One word that names an institution of many places or bodies ("Senate", "House"):
# shortened from a longer name only when the article names the place that qualifies it.
GENERIC_ORGS = ORG_HEADS | word_set(
    "house senate congress court assembly parliament legislature cabinet government "
    "administration police army navy guard bureau service board fund center centre embassy "
    "commission"
)


def _qualified(short: Cluster, others: list[Cluster]) -> Cluster | None:
    """The one organisation named by the short one with a qualifier before it: "Intelligence
    Committee" in "House Intelligence Committee", "Ledger" in "Portland Ledger"; a word that
    names an institution of many places only after a place or a nationality the article
    names ("Senate" in "U.S. Senate")."""
    if short.label != "ORG":
        return None
    places = {
        letters(f)
        for c in others
        if c.label in ("GPE", "NORP") and c is not short
        for f in _forms(c)
    } | set(_ALIASES)
    found = []
    for c, f, g in _org_forms(short, others):
        if len(g) <= len(f) or not g.endswith(" " + f):
            continue
        qualifier = g[: -len(f)].strip()
        if not qualifier[:1].isupper() or set(qualifier.lower().split()) & _RELATIONS:
            continue  # "SLS at Michoud Assembly Facility" is no name
        if len(f.split()) >= 2 or letters(qualifier) in places or f.lower() not in GENERIC_ORGS:
            found.append(c)
    return _the_one(found)


def _org_forms(short: Cluster, others: list[Cluster]) -> Iterator[tuple[Cluster, str, str]]:
    """(another organisation, a form of the short one's name, a form of the other's)."""
    for c in others:
        if c is short or c.label != "ORG" or not c.mentions:
            continue
        for f in _forms(short):
            for g in _forms(c):
                yield c, f, g


def _the_one(found: list[Cluster]) -> Cluster | None:
    distinct = list({id(c): c for c in found}.values())
    return distinct[0] if len(distinct) == 1 else None


_DEPARTMENT = re.compile(r"^(?:[\w.]+ )?(?:Department|Ministry) of (?:the )?(?P<core>.+)$")
_DEPARTMENT_AFTER = re.compile(r"^(?P<core>.+) (?:Department|Ministry)$")


def _department_core(name: str) -> str | None:
    """What a department is of: "Coastal Defense" in "Department of Coastal Defense" and
    in "Coastal Defense Department"."""
    found = _DEPARTMENT.match(name) or _DEPARTMENT_AFTER.match(name)
    return found.group("core") if found else None


def _department(short: Cluster, others: list[Cluster]) -> Cluster | None:
    """The one "Department of X" that "X Department" or "X" (two words or more) names, or
    the one "X Department" that "X" names."""
    if short.label != "ORG" or any(_DEPARTMENT.match(f) for f in _forms(short)):
        return None
    named = any(_DEPARTMENT_AFTER.match(f) for f in _forms(short))
    # "X Department" goes to "Department of X"; "X" to either
    owner = _DEPARTMENT.match if named else _department_core
    cores = {_department_core(f) or (f if len(f.split()) > 1 else None) for f in _forms(short)}
    cores.discard(None)
    found = [
        c
        for c in others
        if c is not short
        and c.label == "ORG"
        and c.mentions
        and any(owner(g) and _department_core(g) in cores for g in _forms(c))
    ]
    return found[0] if len(found) == 1 else None


# Words that end an organisation's full name after its own ("Lakeview University"): the
# name alone is the short form. Not "Committee" or "Party": "Senate" is no "Senate Committee".
NAME_ENDINGS = word_set(
    "university college institute school foundation inc inc. corp corp. corporation co co. "
    "company group ltd ltd. llc plc holdings"
)
# "Harwick Institute for …" is shortened to "Harwick Institute"; "of" and "on" name other
# bodies too ("European Council" is no "European Council on Foreign Relations").
_SHORTENED_BY = word_set("for")


def _shortened(short: Cluster, others: list[Cluster]) -> Cluster | None:
    """The one organisation whose name the short one opens, cut before a company word (one
    word of its trade may come first) or a phrase of what it is for ("Lakeview" of
    "Lakeview University", "Corvex" of "Corvex Freight Holdings", "Harwick Institute" of
    "Harwick Institute for Coastal Studies"); "Orrin Defense" is a unit of "Orrin"."""
    if short.label != "ORG":
        return None
    found = []
    for c, f, g in _org_forms(short, others):
        if not g.startswith(f + " "):
            continue
        rest = g[len(f) + 1 :].lower().split()
        if (
            (rest[0] in _SHORTENED_BY and len(f.split()) > 1)
            or all(w in NAME_ENDINGS for w in rest)
            # "Corvex" of "Corvex Freight Holdings": a word of its trade, then a company word
            or (len(rest) == 2 and rest[-1] in NAME_ENDINGS and g.split()[-2][:1].isupper())
        ):
            found.append(c)
    return _the_one(found)


_MIN_CLIPPED = 3


def _clipped(short: Cluster, others: list[Cluster]) -> Cluster | None:
    """The one organisation whose first word the short one clips ("Fed" of "Federal
    Reserve", "Met" of "Metropolitan Opera")."""
    if short.label != "ORG":
        return None
    clips = {f for f in _forms(short) if len(f) >= _MIN_CLIPPED and f.isalpha() and f.istitle()}
    found = [
        c
        for c, f, g in _org_forms(short, others)
        if f in clips
        and len(g.split()) > 1
        and g.split()[0].startswith(f)
        and len(g.split()[0]) > len(f) + 1
    ]
    return _the_one(found)


def _river_town(short: Cluster, others: list[Cluster]) -> Cluster | None:
    """The one place whose name the short one opens before its river's ("Wendorf" of
    "Wendorf am Lauter")."""
    if short.label != "GPE":
        return None
    found = [
        c
        for c in others
        if c is not short and c.label == "GPE" and c.mentions
        for f in _forms(short)
        for g in _forms(c)
        if g.startswith(f + " ") and g[len(f) + 1 :].split()[0] in PLACE_PARTICLES
    ]
    return _the_one(found)


_DOMAIN = re.compile(r"^(?P<name>.+)\.(?:com|net|org|co\.uk|io)$", re.I)


def _domain(short: Cluster, others: list[Cluster]) -> Cluster | None:
    """The one organisation named by a web address without its ending: "Pellbrook" and
    "Pellbrook.com" are one company, named and cited as a site."""
    if short.label != "ORG":
        return None
    names = {f.lower() for f in _forms(short)}
    found = [
        c
        for c in others
        if c is not short
        and c.label == "ORG"
        and c.mentions
        and any((d := _DOMAIN.match(g)) and d.group("name").lower() in names for g in _forms(c))
    ]
    return _the_one(found)


# Compass points as addresses abbreviate them; a letter alone needs its full stop ("E
# Street" is a street named by its letter).
_COMPASS = {
    short: point
    for point, forms in (
        ("northeast", "ne ne. n.e."),
        ("northwest", "nw nw. n.w."),
        ("southeast", "se se. s.e."),
        ("southwest", "sw sw. s.w."),
        ("north", "n."),
        ("south", "s."),
        ("east", "e."),
        ("west", "w."),
    )
    for short in forms.split()
}


def _compass(short: Cluster, others: list[Cluster]) -> Cluster | None:
    """The one place whose name the short one writes with its compass point abbreviated
    ("SW Harlow" of "Southwest Harlow", "N. Tarnow Road" of "North Tarnow Road")."""
    spelt = set()
    for f in _forms(short):
        point, _, rest = f.partition(" ")
        if point.lower() in _COMPASS and rest:
            spelt.add(f"{_COMPASS[point.lower()]} {rest.lower()}")
    found = [
        c
        for c in others
        if c is not short and c.label != "ORG" and c.mentions
        for g in _forms(c)
        if g.lower() in spelt
    ]
    return _the_one(found)
