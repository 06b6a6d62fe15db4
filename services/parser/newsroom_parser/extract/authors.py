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
as written. Page chrome is never read for bylines: navigation, sidebars, footers,
comments, related-article teasers (also plain lists beside other articles' headline
links), quotations and pictures, and names inside links to other articles.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement

from . import jsonld
from .chrome import address, beside_other_headline, in_chrome, links_elsewhere
from .dom import text_of
from .metadata_sources import Sources, text_value
from .results import PageHints
from .text_dates import MONTH_WORDS


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


_REGEXP_NS = {"re": "http://exslt.org/regular-expressions"}
_BYLINE_XPATH = (
    "//*[@rel='author' or "
    "contains(concat(' ', normalize-space(@itemprop), ' '), ' author ') or "
    "re:test(@class, '(^|[^a-z])(byline|by-line|author-name|authorname|authors?|auteurs?"
    "|autor|autore|autori)([^a-z]|$)', 'i') or "
    "re:test(@id, '(^|[^a-z])(byline|author|autor)([^a-z]|$)', 'i')]"
)
_SPLIT_ATTR = re.compile(r"[^a-z]+")
_MAX_BYLINE_ELEMENTS = 5
_QUOTE_TAGS = frozenset({"blockquote", "q", "figure", "figcaption"})
_QUOTE_WORDS = _word_set("quote quotes blockquote testimonial caption credit credits")
# Bylines of several authors: their elements share an ancestor this close to the first.
_BYLINE_LEVELS = 3
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
    rf"^(?:(?:{_LABEL_VERBS})\s+)?(?:by|von|par|por|door|da)\b[:\s]*"
    r"|^(?:about|über|à propos de|acerca de|sobre)\s+",
    re.I,
)
# A paragraph that is only a byline: "By Jane Doe", "Por Valeria Montes", "Von …", "Par …",
# "Di …" (Italian "by" is kept out of _PREFIX: "Di" also starts surnames in name fields).
_BYLINE_LINE = re.compile(
    r"^(?:(?:written|posted|submitted|reported|story|text|words)\s+)?(?:by|von|par|por|door|di)\s*:?\s+"
    r"(?P<names>[^\W\d_].{1,150})$",
    re.I,
)
# A byline introduced by a label: "Text: Jane Doe", "Autorin: …".
_LABELLED_LINE = re.compile(
    r"^(?:text|texto|testo|autor|autorin|autoren|author|authors|auteur|autore|redaktion)"
    r"\s*:\s*(?P<names>[^\W\d_].{1,120})$",
    re.I,
)
_BY_WORD = re.compile(r"^(?:by|von|par|por|door)\s+\S+$", re.I)
_ASSERTING = re.compile(r"^(?:written|posted|submitted)\s+by\b", re.I)
_MAX_LINE_CHARS = 120
_LABEL_ALONE = re.compile(
    r"^(?:by|von|par|por|door|di|text|texto|testo|autor|autorin|author|auteur|autore)\s*:?$",
    re.I,
)
_MAX_ELEMENT_CHARS = 600
_LINE_TAGS = (
    "p", "div", "span", "em", "i", "strong", "b", "small", "li", "h4", "h5", "h6", "a", "td",
    "font",
)  # fmt: skip
_BLOCK_TAGS = _word_set(
    "p div td tr table tbody ul ol li dl h1 h2 h3 h4 h5 h6 article section header footer "
    "aside nav blockquote figure form center hr pre address main"
)
_LINE_TAG_SET = frozenset(_LINE_TAGS)
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
# A weekday and the date after it, cut before a list is split at its commas.
_WEEKDAY_DATE = re.compile(
    rf"(?:\s+(?:on|am|le|el|den))?[\s,]+(?:{_WEEKDAY})\.?[\s,]+\d.*$", re.I | re.S
)
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
    "gemeinde center centre centro zentrum union institut departement "
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
_Byline = tuple[str, bool, HtmlElement]
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
    own = _own_addresses(src)
    site = _site_keys(src)
    sources: list[Callable[[], list[tuple[str, bool]]]] = [
        lambda: _from_jsonld(_ld_author(src), src),
        lambda: [(v, False) for v in src.all_meta(*_AUTHOR_META)],
        lambda: _written_by_label(src),
        lambda: _page_byline(src.root, own, site),
        lambda: [(v, False) for v in (hints.authors if hints else ())],
    ]
    for read in sources:
        names = _clean(read(), site)
        if names:
            return names
    return ()


def _own_addresses(src: Sources) -> frozenset[str]:
    """The page's own address and its canonical one, as links to them are written."""
    links = src.root.xpath("//link[translate(@rel, 'CANONICAL', 'canonical')='canonical']/@href")
    found = set()
    for url in [src.url, *links[:1]]:
        try:
            found.add(address(url or ""))
        except ValueError:
            continue
    return frozenset(found - {""})


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
    match = _BYLINE_LINE.match(" ".join(line.split()))
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
) -> tuple[str, ...]:
    """Names of ``(text, asserted)`` pairs; ``asserted`` texts come from a source that says
    they name a person who wrote the article, so a handle is taken as written."""
    found: list[str] = []
    keys: set[str] = set()
    for value, asserted in values:
        if not value or value.startswith(("http://", "https://", "/")) or len(value) > 200:
            continue
        value = _WEEKDAY_DATE.sub("", _EMAIL.sub(" ", _PAREN.sub(" ", value)))
        pieces = [piece for piece in _SPLIT.split(value) if piece.strip()]
        names = [n for n in (_name(piece, asserted, site) for piece in pieces) if n]
        if len(pieces) > 1:  # "Example Gazette - Jane Doe": the site's name beside another
            names = [name for name in names if _key(name) not in site[0]]
        for name in names:
            key = _key(name)
            if key not in keys:
                keys.add(key)
                found.append(name)
    return tuple(_without_parts(found)[:_MAX_AUTHORS])


def _name(text: str, asserted: bool, site: tuple[frozenset[str], tuple[str, ...]]) -> str | None:
    return _person_name(text) or (_handle(text, site) if asserted else None)


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
    text = _OUTLET_TAIL.sub("", _OTHER_CREDIT.sub("", text))
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


def _handle(text: str, site: tuple[frozenset[str], tuple[str, ...]]) -> str | None:
    """A pen name, handle or first name, from a source that asserts a person author; not
    the site's own name or a domain name."""
    text = _strip(text)
    key = _key(text)
    names, labels = site
    if key in names or _DOMAIN.search(text) or any(key.startswith(label) for label in labels):
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
    markup = list(_byline_markup(root, own))
    stop = markup[0][2] if markup else None
    lines = [line for line in _byline_lines(root, own, stop) if _clean([line[:2]], site)]
    if markup and lines and _precedes(root, lines[0][2], markup[0][2]):
        markup = []
    return [(text, asserted) for text, asserted, _ in markup or lines]


def _precedes(root: HtmlElement, a: HtmlElement, b: HtmlElement) -> bool:
    """Whether ``a`` comes before ``b`` in the page and neither holds the other."""
    if any(node is a for node in b.iterancestors()) or any(node is b for node in a.iterancestors()):
        return False
    for element in root.iter():
        if element is a:
            return True
        if element is b:
            return False
    return False


def _byline_markup(root: HtmlElement, own: frozenset[str]) -> Iterator[_Byline]:
    """Texts of the article's byline elements: the first one outside page chrome and those
    beside it (several authors' links in one byline), not the same markup repeated further
    down the page for other articles or readers. ``rel=author`` links, hCard names and
    schema.org Person names are asserted to be persons."""
    first: HtmlElement | None = None
    count = 0
    for element in root.xpath(_BYLINE_XPATH, namespaces=_REGEXP_NS):
        if (
            count == _MAX_BYLINE_ELEMENTS
            or in_chrome(element)
            or beside_other_headline(element, own)
            or _quoted(element)
        ):
            continue
        if first is not None and not _near(first, element):
            continue
        asserted = _asserted_name(element)
        if asserted is None and _BY_WORD.match(text_of(element)):
            # "By kaffeekatze" in byline markup: the by-word says a person wrote it.
            asserted = text_of(element)
        text = asserted if asserted is not None else _pieces(element)
        if first is None and not _clean([(text, asserted is not None)]):
            continue  # no name here ("Updated 5 hours ago" in a byline box)
        first = first if first is not None else element
        count += 1
        yield text, asserted is not None, element


def _quoted(element: HtmlElement) -> bool:
    """Inside a quotation or a picture: the name of who is quoted or shown, or of the
    picture's author, is not the article's."""
    if _words(element) & _QUOTE_WORDS:
        return True
    return any(node.tag in _QUOTE_TAGS for node in element.iterancestors())


def _near(first: HtmlElement, other: HtmlElement) -> bool:
    """Whether ``other`` stands in the same byline as ``first``: within the element a few
    levels above it."""
    for level, ancestor in enumerate(first.iterancestors()):
        if level >= _BYLINE_LEVELS:
            return False
        if any(a is ancestor for a in other.iterancestors()):
            return True
    return False


def _pieces(element: HtmlElement) -> str:
    """The element's texts one per line: a name and what the markup sets beside it ("5 hours
    ago", a section) are separate pieces, not "Jane Doe5 hours ago"."""
    return "\n".join(" ".join(part.split()) for part in element.itertext() if part.strip())


def _asserted_name(element: HtmlElement) -> str | None:
    if element.get("rel") == "author":
        return text_of(element)
    classes = _words(element)
    if "vcard" in classes or "author" in classes:
        for child in element.iter():
            if "fn" in _words(child) or child.get("itemprop") == "name":
                return text_of(child) or child.get("content")
    return None


def _byline_lines(
    root: HtmlElement, own: frozenset[str], stop: HtmlElement | None = None
) -> Iterator[_Byline]:
    """Short elements, or lines of one (between ``<br>``), that read as a byline ("Von Jane
    Doe", "Text: Jane Doe"), up to the ``stop`` element. "Posted by …" and "Written by …"
    assert that a person wrote the article: a blogger's single name or handle there is
    taken."""
    # The markup's containers hold it: a line read from them would not stand before it.
    # (The list keeps their proxies alive, so that their ids stay theirs.)
    ancestors = list(stop.iterancestors()) if stop is not None else []
    holders = {id(node) for node in ancestors}
    for element in root.iter():
        if element is stop:
            return
        if element.tag not in _LINE_TAG_SET or id(element) in holders:
            continue
        text = text_of(element)
        if not text:
            continue
        if len(text) > _MAX_ELEMENT_CHARS:
            # Old layouts write the byline straight into the story's cell, between <br>s.
            lines = _own_lines(element)
        elif element.find(".//br") is not None:
            lines = _br_lines(element)
        else:
            lines = [text] if len(text) <= _MAX_LINE_CHARS else []
        for line in lines:
            match = _BYLINE_LINE.match(line) or _LABELLED_LINE.match(line)
            if match and not in_chrome(element) and not beside_other_headline(element, own):
                if element.tag == "a" and links_elsewhere(element):
                    break
                yield match.group("names"), bool(_ASSERTING.match(line)), element
                break


def _own_lines(element: HtmlElement) -> list[str]:
    """Short lines of the text that ``element`` holds itself with its inline children, set
    apart by ``<br>`` and block children (whose own texts are read as elements)."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):
            inline = child.tag not in _BLOCK_TAGS and child.tag != "br"
            parts.append(text_of(child) if inline else "\n")
        parts.append(child.tail or "")
    lines = (" ".join(line.split()) for line in " ".join(parts).split("\n"))
    return [line for line in lines if line and len(line) <= _MAX_LINE_CHARS]


def _br_lines(element: HtmlElement) -> list[str]:
    parts: list[str] = []
    for event, node in etree.iterwalk(element, events=("start", "end")):
        if event == "start":
            parts.append("\n" if node.tag == "br" else node.text or "")
        elif node is not element and node.tail:
            parts.append(node.tail)
    lines = [" ".join(line.split()) for line in "".join(parts).split("\n")]
    lines = [line for line in lines if line]
    # "Von:<br>Jane Doe": a label alone on its line introduces the next one.
    merged: list[str] = []
    for line in lines:
        if merged and _LABEL_ALONE.match(merged[-1]):
            merged[-1] = f"{merged[-1]} {line}"
        else:
            merged.append(line)
    return [line for line in merged if len(line) <= _MAX_LINE_CHARS]


def _words(element: HtmlElement) -> set[str]:
    attrs = f"{element.get('class', '')} {element.get('id', '')}".lower()
    return {w for w in _SPLIT_ATTR.split(attrs) if w}
