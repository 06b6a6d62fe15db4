"""Author names: persons only, from structured data and the article's own byline.

Sources in order of trust, each read only when the ones before named nobody:

1. the schema.org author of the article (or of the page when there is no article node);
2. author meta tags;
3. the "Written by" label that SEO plugins add for social cards;
4. byline markup: ``rel=author`` links, hCard ``author`` names, byline and author classes;
5. a plain byline line ("By …", "Von …", "Text: …") in a short element or a line of a
   long story cell (it wins over byline markup that comes after it on the page);
6. the feed item's authors.

A name must look like a person's ("Jane Doe": two to five capitalised words), except
where the source itself says the name is a person who wrote the article (a schema.org
``Person``, ``rel=author``, an hCard, the "Written by" label, a by-word in byline markup,
a "Posted by" line): there a handle or a first name alone ("kaffeekatze", "Mia") is taken
as written; the site's own account, named like the site, only where the site's structured
data names it (in page markup that name is the site's title or logo). Page chrome is never
read for bylines: navigation, sidebars, footers, comments, related-article teasers (also
plain lists beside other articles' headline links), quotations and pictures, and names
inside links to other articles.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from . import jsonld
from .bylines import BYLINE_LINE, GENRE, byline_lines, byline_markup, precedes
from .chrome import own_addresses
from .metadata_sources import Sources, text_value
from .results import PageHints
from .text_dates import MONTH_WORDS


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Names are listed with commas and "and"; a name field also sets the site's name or a role
# beside the name with a dash or slash ("Example Post - Jane Doe", "jd / Agency").
_SPLIT = re.compile(
    r"\s*(?:,|;|\||&|\band\b|\bund\b|\bet\b|\by\b|\bwith\b|\n)\s*|\s+[-–—/]\s+", re.I
)
# "Written by", "Veröffentlicht von", "Publié par": a label verb and a "by" word.
_LABEL_VERBS = (
    r"written|posted|reported|published|story|text|words|photos?|veröffentlicht|geschrieben"
    r"|eingestellt|verfasst|erstellt|publié|écrit|rédigé|publicado|escrito|pubblicato|scritto"
)
_PREFIX = re.compile(
    rf"^(?:(?:{_LABEL_VERBS}|{GENRE})\s+)?(?:by|von|par|por|door|da)\b[:\s]*"
    r"|^(?:about|über|à propos de|acerca de|sobre)\s+",
    re.I,
)
_DOMAIN = re.compile(r"^www\.|\.[a-z]{2,6}$", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A one-word label before the name, in any language ("Text: Jane Doe"); names hold no colon.
_LABEL = re.compile(r"^[^\W\d_]{2,15}\s*:\s*")
_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]")
# A date or time after the name ("Jane Doe am 3. Mai 2020", "Jane Doe / 22.04.2020").
# A weekday, often abbreviated, may stand before the date ("Jane Doe Fr., 12.03.2021").
_WEEKDAY = (
    r"mo|di|mi|do|fr|sa|so|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|montag|dienstag|mittwoch"
    r"|donnerstag|freitag|samstag|sonntag|monday|tuesday|wednesday|thursday|friday|saturday"
    r"|sunday|lun|mar|mer|jeu|ven|sam|dim|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
)
# A month's name may stand before the day ("Jane Doe on March 3, 2006").
_MONTH = "|".join(sorted(MONTH_WORDS, key=len, reverse=True))
_DATE_TAIL = re.compile(
    rf"(?:[\s,]+(?:{_WEEKDAY})\.?)?"
    r"(?:\s+(?:(?:am|on|le|el|il|em|op|den|um|at|vor|il y a|hace)\s+)?|\s*[,/|•·–—-]\s*)"
    rf"(?:(?:{_MONTH})\.?\s+)?\d.*$",
    re.I | re.S,
)
# A weekday and the date after it ("Thursday, November 9, 2023"), cut before a list is
# split at its commas.
_WEEKDAY_DATE = re.compile(
    rf"(?:\s+(?:on|am|le|el|den))?[\s,]+(?:{_WEEKDAY})\.?[\s,]+(?:(?:{_MONTH})\.?\s+)?\d.*$",
    re.I | re.S,
)
# A news agency glued to the name by a slash ("Jane Doe/AP", "Jane Doe/dpa"): its credit.
_AGENCY_TAIL = re.compile(r"(?<=\w)/(?:[A-Z][A-Z0-9-]{1,9}|dpa)$")
# The outlet a byline names after the author ("Jane Doe for Example Weekly"); in other
# languages the word also stands inside organisations' names ("Amt für …").
_OUTLET_TAIL = re.compile(r"\s+(?i:for|from)\s+(?=[A-ZÀ-Þ]).*$", re.S)
# A further credit after the author's ("… Illustration von Jane Roe", "… Fotos: Jane Roe"):
# the picture or translation credit is not the article's author.
_OTHER_CREDIT = re.compile(
    r"\s*[,;|/–—-]?\s*\b(?:illustrations?|illustrationen|fotos?|photos?|photography|bilder?"
    r"|grafiken?|graphics?|infografik|video|kamera|camera|übersetzung|translation|traduction"
    r"|traducción|traduzione)\s*(?:von|by|par|por|di|door|:)\s.*$",
    re.I | re.S,
)
# Words that mark a role, an organisation or page furniture rather than a person.
_NOT_PERSON = _word_set(
    "staff writer writers reporter editor editors correspondent contributor press "
    "associated reuters afp agency news newsroom desk team admin administrator guest "
    "author authors media service wire bureau updated published posted share follow "
    "email twitter com opinion columnist senior contributing special the herald "
    "times post daily journal magazine online business insider sport sports cnn bbc "
    "digital group inc ltd redaktion redaktionen autor autorin autoren redakteur "
    "redakteurin gastautor gastautorin experte expertin kolumnist kolumnistin "
    "korrespondent korrespondentin fotograf fotografin foto fotos text mehr alle "
    "artikel kontakt beiträge profil profile view all posts articles more sagt says "
    "schreibt writes kommentar kommentare comment comments antworten reply menu home "
    "search rédaction redacción redazione redakcja aktuelles bildrechte department office "
    "police university council association institute foundation ministry commission "
    "committee club party company verein verband stiftung ministerium polizei partei "
    "gemeinde center centre centro zentrum union institut departement person personen "
)
# Occupations written after a name ("Jane Roe, Historikerin", "Jane Roe Journaliste").
_TRAILING_ROLES = _word_set(
    "writer reporter editor correspondent columnist contributor journalist journalistin "
    "journaliste philosopher philosoph philosophin philosophe historian historiker historikerin "
    "historien historienne économiste economist ökonom ökonomin soziologe soziologin sociologue "
    "sociologist politologe politologin politologue professor professorin professeur "
    "professeure écrivain écrivaine schriftsteller schriftstellerin auteur autrice chroniqueur "
    "chroniqueuse rédacteur rédactrice redakteur redakteurin chefredakteur chefredakteurin "
    "reporterin korrespondent korrespondentin kolumnist kolumnistin photographer photographe "
    "fotograf fotografin"
)
# A long lowercase run then a capital: two words glued by markup ("JaneShare"),
# unlike "McDonald" or "LaMotte".
_GLUED = re.compile(r"[a-z]{4,}[A-Z]")
_PARTICLES = frozenset(["de", "da", "van", "von", "der", "del", "la", "le", "di", "bin", "al"])
_MAX_AUTHORS = 10
_MAX_HANDLE_CHARS = 40
_AUTHOR_META = (
    "author",
    "article:author",
    "sailthru.author",
    "parsely-author",
    "citation_author",
    "dc.creator",
    "byl",
)
# Second-level labels under a country's domain ("co.uk", "com.au").
_SECOND_LEVEL = _word_set("co com org net ac gov edu or ne go gv")
# A byline's text, whether its source asserts a person, and the element it was read from.
# The site's names and its domain's label.
_SiteKeys = tuple[frozenset[str], tuple[str, ...]]
_ORGANISATIONS = frozenset({"organization", "newsmediaorganization", "corporation"})
_WRITTEN_BY = frozenset(
    {
        "written by",
        "verfasst von",
        "geschrieben von",
        "écrit par",
        "rédigé par",
        "escrito por",
        "scritto da",
        "geschreven door",
    }
)


def authors(src: Sources, hints: PageHints | None) -> tuple[str, ...]:
    own = own_addresses(src.root, src.url)
    site = _site_keys(src)
    # (source, whether it is the site's own statement of who wrote the article: there the
    # site's own account, named like the site, is the author; in page markup such a name is
    # the site's title or logo)
    sources: list[tuple[Callable[[], list[tuple[str, bool]]], bool]] = [
        (lambda: _from_jsonld(_ld_author(src), src), True),
        (lambda: [(v, False) for v in src.all_meta(*_AUTHOR_META)], False),
        (lambda: _written_by_label(src), True),
        (lambda: _page_byline(src.root, own, site), False),
        (lambda: [(v, False) for v in (hints.authors if hints else ())], False),
    ]
    for read, declared in sources:
        names = _clean(read(), site, site_account=declared)
        if names:
            return names
    return ()


def _site_keys(src: Sources) -> tuple[frozenset[str], tuple[str, ...]]:
    """The site's names and its domain's label: an account named like the site is no person.
    A subdomain's label is not the site's name: on a blog host it is the blogger's handle."""
    names = {src.first_meta("og:site_name"), src.first_meta("application-name")}
    label = _domain_label(src.url)
    labels = (label,) if len(label) >= 4 else ()
    return frozenset(_key(n) for n in names if n), labels


def _domain_label(url: str | None) -> str:
    """The label of the registered domain ("example" of news.example.co.uk)."""
    try:
        host = urlsplit(url or "").hostname or ""
    except ValueError:
        return ""
    labels = host.lower().split(".")[:-1]  # the top-level domain names no site
    if len(labels) >= 2 and labels[-1] in _SECOND_LEVEL:
        labels.pop()
    return _key(labels[-1]) if labels else ""


def is_byline(line: str) -> bool:
    """True for a line made of a by-prefix and person names (an optional role or outlet)."""
    match = BYLINE_LINE.match(" ".join(line.split()))
    if not match:
        return False
    names = _EMAIL.sub(" ", _PAREN.sub(" ", match.group("names"))).strip(" .")
    parts = [part for part in _SPLIT.split(names) if part.strip()]
    if not parts or _person_name(parts[0]) is None:
        return False
    # After the first name: more names, or a role/outlet ("Staff Writer", "Associated Press").
    return all(_person_name(part) or _is_role(part) for part in parts[1:])


def _is_role(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 5 and any(w.casefold().strip(".,") in _NOT_PERSON for w in words)


def clean_names(values: list[str]) -> tuple[str, ...]:
    """Person names found in ``values`` (bylines or name fields), in order, each once."""
    return _clean([(value, False) for value in values])


def _clean(
    values: list[tuple[str, bool]],
    site: tuple[frozenset[str], tuple[str, ...]] = (frozenset(), ()),
    site_account: bool = False,
) -> tuple[str, ...]:
    """Names of ``(text, asserted)`` pairs; ``asserted`` texts come from a source that says
    they name a person who wrote the article, so a handle is taken as written (one named
    like the site too where ``site_account``)."""
    found: list[str] = []
    keys: set[str] = set()
    for value, asserted in values:
        if not value or value.startswith(("http://", "https://", "/")) or len(value) > 200:
            continue
        value = _WEEKDAY_DATE.sub("", _EMAIL.sub(" ", _PAREN.sub(" ", value)))
        pieces = [piece for piece in _SPLIT.split(value) if piece.strip()]
        names = [n for n in (_name(p, asserted, site, site_account) for p in pieces) if n]
        if len(pieces) > 1:  # "Example Gazette - Jane Doe": the site's name beside another
            names = [name for name in names if _key(name) not in site[0]]
        for name in names:
            key = _key(name)
            if key not in keys:
                keys.add(key)
                found.append(name)
    return tuple(_without_parts(found)[:_MAX_AUTHORS])


def _name(text: str, asserted: bool, site: _SiteKeys, site_account: bool) -> str | None:
    return _person_name(text) or (_handle(text, site, site_account) if asserted else None)


def _without_parts(names: list[str]) -> list[str]:
    """Names without those that are part of another ("Jane" beside "Jane Doe"): one person
    named twice in a byline."""
    words = [frozenset(_key(w) for w in name.split()) for name in names]
    return [
        name
        for name, own in zip(names, words, strict=True)
        if not any(own < other for other in words)
    ]


def _strip(text: str) -> str:
    """A name field without labels, by-words, a leading role and a trailing date."""
    text = " ".join(text.split())
    previous = None
    while previous != text:
        previous = text
        text = _PREFIX.sub("", _LABEL.sub("", text)).strip(" .:-–—'\"·|/")
    text = _OUTLET_TAIL.sub("", _OTHER_CREDIT.sub("", _AGENCY_TAIL.sub("", text)))
    text = _DATE_TAIL.sub("", text).strip(" .:-–—'\"·|/,")
    # Symbols written beside a name ("Jane Doe ✍️") are no part of it.
    words = [word for word in text.split() if any(ch.isalnum() for ch in word)]
    # "Columnist Jane Doe", "Online-Expertin Jane Doe": a role word before the name.
    if len(words) > 2 and _role_word(words[0]):
        words = words[1:]
    # "Jane Doe Journaliste": an occupation after it.
    while len(words) > 2 and words[-1].casefold().strip(".,") in _TRAILING_ROLES:
        words = words[:-1]
    return " ".join(words)


def _role_word(word: str) -> bool:
    last = word.casefold().split("-")[-1].strip(".,:")
    return last in _NOT_PERSON


def _person_name(text: str) -> str | None:
    text = _strip(text)
    words = text.split()
    if not 2 <= len(words) <= 5 or any(ch.isdigit() for ch in text):
        return None
    if any(w.casefold().strip(".,") in _NOT_PERSON for w in words):
        return None
    if _GLUED.search(text):
        return None
    # Person names are written capitalised; this rejects sentences and slogans.
    if not all(w[0].isupper() or w.casefold() in _PARTICLES for w in words):
        return None
    if text.isupper():
        text = text.title()
    return text


def _handle(text: str, site: _SiteKeys, site_account: bool = False) -> str | None:
    """A pen name, handle or first name, from a source that asserts a person author; not
    a domain name, nor the site's own name unless ``site_account``."""
    text = _strip(text)
    key = _key(text)
    names, labels = site
    if _DOMAIN.search(text):
        return None
    if not site_account and (key in names or any(key.startswith(label) for label in labels)):
        return None
    words = text.split()
    if not 1 <= len(words) <= 4 or len(text) > _MAX_HANDLE_CHARS or len(text) < 2:
        return None
    if "@" in text or "://" in text or not any(ch.isalpha() for ch in text):
        return None
    if any(w.casefold().strip(".,") in _NOT_PERSON for w in words):
        return None
    return text


def _key(name: str) -> str:
    """Names that differ only in case, accents or punctuation are one person."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in folded if ch.isalnum())


def _ld_author(src: Sources) -> Any:
    if src.article is not None:
        return src.ld("author")
    page = jsonld.find_typed(src.objects, {"webpage"})
    return jsonld.resolve(page.get("author"), src.objects) if page else None


def _from_jsonld(value: Any, src: Sources) -> list[tuple[str, bool]]:
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        item = jsonld.resolve(item, src.objects)
        types = jsonld.types_of(item) if isinstance(item, dict) else set()
        if types & _ORGANISATIONS and "person" not in types:
            continue
        name = text_value(item)
        if name:
            names.append((name, "person" in types))
    return names


def _written_by_label(src: Sources) -> list[tuple[str, bool]]:
    """SEO plugins label the author for social cards: twitter:label1 "Written by" and the
    name in twitter:data1."""
    found = []
    for n in range(1, 5):
        label = src.first_meta(f"twitter:label{n}")
        data = src.first_meta(f"twitter:data{n}")
        if label and data and " ".join(label.casefold().split()) in _WRITTEN_BY:
            found.append((data, True))
    return found


def _page_byline(root: HtmlElement, own: frozenset[str], site: _SiteKeys) -> list[tuple[str, bool]]:
    """The article's byline markup; or its plain byline lines where the first stands before
    that markup: a box listing the site's writers further down is no byline."""
    markup = list(byline_markup(root, own, lambda text, asserted: bool(_clean([(text, asserted)]))))
    stop = markup[0][2] if markup else None
    lines = [line for line in byline_lines(root, own, stop) if _clean([line[:2]], site)]
    if markup and lines and precedes(root, lines[0][2], markup[0][2]):
        markup = []
    return [(text, asserted) for text, asserted, _ in markup or lines]
