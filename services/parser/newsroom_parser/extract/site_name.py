"""The site a page belongs to, as the page itself names it: og:site_name, the schema.org
publisher and WebSite names, application-name, its links to the front page, its feeds' titles
and the labels of its host name. A headline's affixes are cut where they name the site
(`headline.strip_affixes`). No site is named here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from . import jsonld
from .metadata_sources import Sources, text_value

# A separator between a headline and its affixes: a mark set off by spaces (a colon only
# needs the space after it), or a vertical bar with or without spaces.
SEPARATOR = re.compile(r"\s+(?:[|\-–—·»›•/~«‹]|>>|::|--)\s+|\s*[|│┃]\s*|:\s+")
MAX_SECTION_WORDS = 3
# A name a host label abbreviates has two words or more, and up to two more after them.
_MIN_ABBREVIATED_WORDS = 2
_MAX_EXTRA_WORDS = 2
_MAX_SITE_WORDS = 4
_MAX_DECLARED_WORDS = 8
_MAX_HOME_LINKS = 3
_HOME_PATH = re.compile(r"/(?:index\.\w+)?")
_FEED_XPATH = (
    "//head/link[@rel='alternate'][contains(@type, 'rss') or contains(@type, 'atom')][@title]"
)
_COMMENTS = re.compile(r"comment|kommentar|réaction|coment", re.I)
# Web archives serve copies of pages under /web/<timestamp>/<original URL>.
_ARCHIVES = frozenset({"web.archive.org", "archive.org", "webcache.googleusercontent.com"})
_ARCHIVED = re.compile(r"^/web/[^/]+/(https?://.+)$")
# Host labels that name no site; the second-level ones of "example.com.br", "example.org.uk".
_GENERIC_HOST_LABELS = frozenset(
    ["www", "m", "amp", "mobile", "edition", "web", "en", "de", "com", "org", "net", "gov", "edu"]
)
# Words after a site's name that name its edition, not another site.
_EDITION_WORDS = frozenset(
    ["online", "edition", "digital", "web", "website", "homepage", "epaper", "e-paper"]
)
_TRANSLITERATE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "ø": "o"})


def segments(title: str) -> Iterator[tuple[str, int, int]]:
    """Segments between separators: (text, start, end) in ``title``."""
    start = 0
    for match in SEPARATOR.finditer(title):
        if match.start() > start:
            yield title[start : match.start()].strip(), start, match.start()
        start = match.end()
    if start < len(title):
        yield title[start:].strip(), start, len(title)


@dataclass(frozen=True)
class Site:
    """What the page says its site is called: declared names and host-name labels."""

    names: frozenset[str]  # normalised (letters and digits only)
    labels: tuple[str, ...]
    links: frozenset[str] = frozenset()  # normalised texts of the page's short links
    # Names its home links and feeds give, matched only whole.
    exact: frozenset[str] = frozenset()

    def is_section(self, segment: str) -> bool:
        """A short segment that is the text of a link on the page (a section's name)."""
        return len(segment.split()) <= MAX_SECTION_WORDS and letters(segment) in self.links

    def is_named(self, text: str) -> bool:
        """Whether ``text`` as a whole is the site's name (a title that names no article)."""
        key = letters(text)
        return bool(key) and (
            key in self.names
            or key in self.labels
            or key in self.exact
            or any(covers(name, key, 0.7) for name in self.names)
        )

    def names_it(self, segment: str) -> bool:
        """Whether ``segment`` of a title names the site: its name (with the words of an
        edition after it: "Example Post Online Edition"), or a short segment made of the
        host name's label and a word or two ("Example Online")."""
        key = letters(segment)
        if not key:
            return False
        if key in self.exact:
            return True
        words = segment.split()
        bare = list(words)
        while len(bare) > 1 and bare[-1].lower() in _EDITION_WORDS:
            bare.pop()
        if len(bare) < len(words) and self.is_named(" ".join(bare)):
            return True  # "Example Post Online Edition": the name and its edition
        for name in self.names:
            if key == name or (len(words) <= _MAX_SITE_WORDS and covers(name, key, 0.6)):
                return True
        for label in self.labels:
            if key == label:
                return True
            affix = key.startswith(label) or key.endswith(label)
            if affix and len(words) <= _MAX_SITE_WORDS and len(label) >= 0.4 * len(key):
                return True
            # "New York Post Online" on nypost.example: the host abbreviates the name
            spelled = _abbreviated_words(label, words)
            if spelled >= _MIN_ABBREVIATED_WORDS and len(words) - spelled <= _MAX_EXTRA_WORDS:
                return True
        return False

    def spelled_by_host(self, segment: str) -> bool:
        """Whether ``segment`` is most of a host-name label ("Ledger News" on
        eledgernews.example); only read after the headline, where site names stand."""
        key = letters(segment)
        short = len(segment.split()) <= _MAX_SITE_WORDS
        return short and any(covers(label, key, 0.75) for label in self.labels)


def site_of(src: Sources, site_name: str | None) -> Site:
    publisher = jsonld.resolve(src.ld("publisher"), src.objects)
    website = jsonld.find_typed(src.objects, {"website"})
    declared = [
        site_name,
        src.first_meta("og:site_name"),
        src.first_meta("application-name", "apple-mobile-web-app-title"),
        text_value(publisher) if isinstance(publisher, dict) else None,
        text_value(website.get("name")) if website else None,
    ]
    # Some templates fill og:site_name with the page's title: a sentence, not a name.
    names = _name_keys(v for v in declared if v and len(v.split()) <= _MAX_DECLARED_WORDS)
    # Home links and feeds are looser sources: their names count only where repeated whole,
    # and not against a declared name (themes print the post's title as the logo's text).
    shown = _name_keys(v for v in [*_home_names(src), *_feed_names(src.root)] if v)
    if names:
        shown = {k for k in shown if any(covers(name, k, 0.0) for name in names)}
    links = set()
    for link in src.root.iter("a"):
        text = link.text_content()
        if len(text) <= 40:
            links.add(letters(text))
    labels = tuple(_host_labels(src.url))
    return Site(frozenset(names), labels, frozenset(links - {""}), frozenset(shown - names))


def _name_keys(values: Iterable[str]) -> set[str]:
    """Normalised names, each whole and by its segments ("Example News | Local")."""
    return {
        letters(part)
        for value in values
        for part in [value, *(segment for segment, _, _ in segments(value))]
        if len(letters(part)) >= 3
    }


def _home_names(src: Sources) -> Iterator[str]:
    """What the links to the site's front page say (a logo's alt text, a link's title):
    old layouts declare their name nowhere else."""
    host = _host(src.url)
    found = 0
    for link in src.root.iter("a"):
        if found == _MAX_HOME_LINKS:
            return
        if link.get("rel") != "home" and not _is_home(link.get("href") or "", host):
            continue
        found += 1
        yield link.get("title") or ""
        yield link.text_content()
        for image in link.iter("img"):
            yield image.get("alt") or ""


def _is_home(href: str, host: str) -> bool:
    """Whether ``href`` links to the front page: "/", "/index.html" or the host itself."""
    href = href.strip()
    if href.startswith(("http://", "https://")):
        authority, _, path = href.split("://", 1)[1].partition("/")
        if authority.lower() not in (host, f"www.{host}"):
            return False
        href = "/" + path
    # A relative link: "/" itself, not "" or "#top" (this very page).
    return href.startswith("/") and _HOME_PATH.fullmatch(href) is not None


def _feed_names(root: HtmlElement) -> Iterator[str]:
    """The site's name as its feeds are titled ("Example Online » Feed"), first segment
    only; comment feeds name the article too."""
    for link in root.xpath(_FEED_XPATH)[:_MAX_HOME_LINKS]:
        title = link.get("title") or ""
        first = next(segments(title), None)
        if first is not None and not _COMMENTS.search(title):
            yield first[0]


def _host(url: str | None) -> str:
    try:
        host = urlsplit(url or "").hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def _host_labels(url: str | None) -> Iterable[str]:
    try:
        parts = urlsplit(url or "")
        host = parts.hostname or ""
        archived = _ARCHIVED.match(parts.path) if host in _ARCHIVES else None
        if archived:  # a web archive's copy: the site is the archived page's
            host = urlsplit(archived.group(1)).hostname or ""
    except ValueError:
        return []
    labels = host.lower().split(".")[:-1]  # the top-level domain names no site
    return [
        letters(label)
        for label in labels
        if label not in _GENERIC_HOST_LABELS and len(letters(label)) >= 3
    ]


def _abbreviated_words(label: str, words: list[str]) -> int:
    """How many words of a name, from the first, a host label spells as initials then in
    full: "nypost" spells "New York Post", "latimes" "(The) Los Angeles Times"; 0 when it
    spells none. Initials alone ("abc") would spell too many headlines' first words."""
    skipped = 1 if words and words[0].lower() == "the" else 0
    names = words[skipped:]
    keys = [letters(w) for w in names]
    if any(not k for k in keys):
        return 0
    for initials in range(2, len(keys)):
        # initials of capitalised words, then one word or more in full
        if not names[initials - 1][:1].isupper():
            break
        head = "".join(k[0] for k in keys[:initials])
        if not label.startswith(head) or len(label) == len(head):
            break
        rest = label[len(head) :]
        spelled, used = "", initials
        while used < len(keys) and len(spelled) < len(rest):
            spelled += keys[used]
            used += 1
        if spelled == rest:
            return skipped + used
    return 0


def letters(text: str) -> str:
    """Letters and digits of any script, lower case, without accents: names in Korean or
    Cyrillic keep their letters ("엔터 미디어" is no empty key to match anything with)."""
    text = unicodedata.normalize("NFKD", text.casefold().translate(_TRANSLITERATE))
    return "".join(c for c in text if c.isalnum() and not unicodedata.combining(c))


def covers(a: str, b: str, share: float) -> bool:
    """One of two normalised names contains the other, which is at least ``share`` of it."""
    short, long = sorted((a, b), key=len)
    return len(short) >= 3 and short in long and len(short) >= share * len(long)
