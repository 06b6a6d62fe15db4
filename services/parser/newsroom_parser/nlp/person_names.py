"""How an article writes a person's name: the words of a full name without "Jr." or "III",
the (first, last) key that tells two full names apart, and the other full names an article
gives the same person (a nickname, a double surname alone, a word before the given name).
"""

from __future__ import annotations

from .entities import Mention
from .lexicon import HONORIFIC_GENDER, NAME_SUFFIXES
from .names import gender_of


def name_words(text: str) -> list[str]:
    words = text.split()
    while len(words) > 1 and words[-1].lower().rstrip(",") in NAME_SUFFIXES:
        words.pop()
    return words


def person_key(words: tuple[str, ...]) -> tuple[str, str] | None:
    """(first, last) of a full name; None for a single word."""
    core = name_words(" ".join(words))
    if len(core) < 2:
        return None
    return core[0].lower(), core[-1].lower()


# Short forms of given names: "Joe Brandt" is "Joseph K. Brandt".
_NICKNAMES: dict[str, str] = {
    short: full
    for full, shorts in (
        ("joseph", "joe joey"),
        ("robert", "bob bobby rob robbie"),
        ("william", "bill billy will willie"),
        ("michael", "mike mikey"),
        ("james", "jim jimmy jamie"),
        ("thomas", "tom tommy"),
        ("charles", "chuck charlie"),
        ("richard", "dick rick ricky rich"),
        ("david", "dave davey"),
        ("daniel", "dan danny"),
        ("steven", "steve stephen"),
        ("anthony", "tony"),
        ("edward", "ed eddie ted teddy"),
        ("andrew", "andy drew"),
        ("christopher", "chris"),
        ("matthew", "matt"),
        ("nicholas", "nick"),
        ("timothy", "tim"),
        ("benjamin", "ben"),
        ("samuel", "sam sammy"),
        ("alexander", "alex"),
        ("gregory", "greg"),
        ("jeffrey", "jeff"),
        ("kenneth", "ken kenny"),
        ("lawrence", "larry"),
        ("gerald", "jerry"),
        ("frederick", "fred freddie"),
        ("ronald", "ron ronnie"),
        ("elizabeth", "liz beth betsy betty"),
        ("katherine", "kate katie kathy"),
        ("susan", "sue susie"),
        ("jennifer", "jenny jen"),
        ("margaret", "peggy maggie meg"),
        ("deborah", "debbie deb"),
        ("patricia", "patty trish"),
        ("patrick", "pat paddy"),
        ("donald", "don donnie"),
        ("douglas", "doug"),
        ("raymond", "ray"),
        ("philip", "phil"),
        ("jonathan", "jon"),
        ("nathan", "nate"),
        ("vincent", "vince"),
        ("walter", "walt"),
        ("jacob", "jake"),
        ("joshua", "josh"),
        ("rebecca", "becky"),
        ("victoria", "vicky"),
        ("cynthia", "cindy"),
        ("pamela", "pam"),
        ("abigail", "abby"),
    )
    for short in shorts.split()
}


def person_aliases(people: list[Mention]) -> dict[tuple[str, str], tuple[str, str]]:
    """Keys of full names that name a person the article names in full otherwise: a
    nickname ("Joe Brandt" of "Joseph K. Brandt"), a double surname alone ("Ferrer Ibarra"
    of "Lucía Ferrer Ibarra"), a word before the name that is no given name ("Lucky Elena
    Voss" of "Elena Voss")."""
    aliases = _double_surnames(people)
    pairs = set()
    for m in people:
        key = person_key(m.words)
        if key is not None and key[0] in _NICKNAMES:
            aliases.setdefault(key, (_NICKNAMES[key[0]], key[1]))
        if len(name_words(" ".join(m.words))) == 2 and key is not None:
            pairs.add(key)
    for m in people:
        core = name_words(" ".join(m.words))
        if len(core) != 3 or "." in core[0] or gender_of(core[0]) is not None:
            continue
        pair = (core[1].lower(), core[2].lower())
        if pair in pairs and gender_of(core[1]) is not None:
            aliases.setdefault((core[0].lower(), core[2].lower()), pair)
    # a nickname of the short form: "Lucky Joe Brandt" → "Joe Brandt" → "Joseph Brandt"
    return {k: aliases.get(v, v) for k, v in aliases.items()}


def _double_surnames(people: list[Mention]) -> dict[tuple[str, str], tuple[str, str]]:
    """Two last words of a longer full name that stand alone as a name ("Ferrer Ibarra" of
    "Lucía Ferrer Ibarra"): a double surname, as Spanish and Portuguese names have. Maps
    the pair to the full name's key when one full name ends so. An initial ("J. Stone")
    or a given name ("Ann Stone" of "Mary Ann Stone") is no surname."""
    found: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for m in people:
        core = name_words(" ".join(m.words))
        key = person_key(m.words)
        if len(core) < 3 or key is None:
            continue
        first = core[-2]
        if "." in first or len(first) < 3 or gender_of(first) is not None:
            continue
        found.setdefault((first.lower(), core[-1].lower()), set()).add(key)
    return {pair: next(iter(keys)) for pair, keys in found.items() if len(keys) == 1}


def honorific_gender(m: Mention) -> str | None:
    """The gender an honorific before a name tells ("Mr.", "Ms."), if any."""
    return next((HONORIFIC_GENDER[t] for t in m.titles if t in HONORIFIC_GENDER), None)
