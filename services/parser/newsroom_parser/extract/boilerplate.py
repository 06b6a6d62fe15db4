"""Boilerplate rules that trafilatura leaves to the caller.

Two layers: DOM pruning before extraction (dek, captions, promo and
sign-up boxes), and line rules after it (shortcodes, calls to action, credits).
Rules name generic page furniture, never a particular site.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from .authors import is_byline
from .dom import text_of
from .headline import is_date

# --- DOM layer ---------------------------------------------------------------

# Class/id words that mark furniture trafilatura's own lists miss. Matched as
# whole words of the attribute, split on non-letters, so "promo" never hits "promotion".
_FURNITURE_WORDS = frozenset(
    {
        "newsletter",
        "newsletters",
        "signup",
        "subscribe",
        "subscription",
        "promo",
        "promos",
        "recirc",
        "recirculation",
        "outbrain",
        "taboola",
        "related",
        "recommended",
        "trending",
        "popular",
        "sharebar",
        "sharing",
        "share",
        "social",
        "breadcrumb",
        "breadcrumbs",
        "readmore",
        "sponsored",
        "advertisement",
        "podcast",
        "player",
        "byline",
        "dateline",
        "timestamp",
        "disclaimer",
        "reprints",
        "tags",
        "credit",
        "credits",
        "copyright",
        # Hover cards and pop-ups repeat teaser text inline with the prose.
        "rollover",
        "tooltip",
        "popover",
        "hovercard",
        "popup",
        "modal",
        # The same boxes in the other languages the sites write in (es, pt, fr, de, it);
        # class names drop accents ("boletín" -> "boletin").
        "boletin",
        "boletines",
        "suscripcion",
        "compartir",
        "relacionadas",
        "relacionados",
        "infolettre",
        "abonnement",
        "partage",
        "teilen",
        "iscriviti",
        "condividi",
        "correlati",
    }
)
# A box holding this much prose is a wrapper around the article, whatever its class says.
# Hover cards on a word of the text: the word is prose, the card is not.
_HOVER_WORDS = frozenset({"rollover", "tooltip", "popover", "hovercard"})
_INLINE_TAGS = frozenset({"span", "a", "abbr", "b", "strong", "em", "i"})
_MAX_PROSE_CHARS = 600
_LONG_PARAGRAPH = 200
_MAX_UNLINKED_CHARS = 1500
# A layout table's prose cell, and the most text outside links a navigation cell holds.
_LAYOUT_PROSE_CHARS = 400
_LAYOUT_CELL_CHARS = 200
_SPLIT_ATTR = re.compile(r"[^a-z]+")
# Containers whose words say "this is the article": never pruned by the word rule.
_CONTENT_WORDS = frozenset({"article", "body", "content", "story", "entry", "post", "main", "text"})
_PRUNE_TAGS = frozenset(
    {
        "div",
        "section",
        "aside",
        "ul",
        "ol",
        "figure",
        "p",
        "span",
        "form",
        "header",
        "footer",
        "nav",
        "h2",
        "h3",
        "h4",
        "figcaption",
        "table",
    }
)
_CAPTION_XPATH = (
    "//figcaption | //*[self::div or self::p or self::span][contains(@class, 'caption')]"
    " | //*[contains(concat(' ', @itemprop, ' '), ' caption ')]"
)


def _words(element: HtmlElement) -> set[str]:
    attrs = f"{element.get('class', '')} {element.get('id', '')}".lower()
    return {w for w in _SPLIT_ATTR.split(attrs) if w}


def collect_captions(root: HtmlElement) -> list[str]:
    """Texts of figure captions, to keep them out of the body when they reappear."""
    captions = []
    for element in root.xpath(_CAPTION_XPATH):
        text = text_of(element)
        if 3 <= len(text) <= 600:
            captions.append(text)
    return captions


def prune_dom(root: HtmlElement, decks: list[str]) -> None:
    """Remove dek headings and furniture in place (on a copy the caller owns).

    The headline stays: trafilatura reads it to find the article's container (without
    it, it settles for a smaller one on some layouts); the body's line rules drop it."""
    deck_keys = {normalise(d) for d in decks if d}
    for heading in root.xpath("//h1 | //h2 | //h3 | //h4 | //*[@role='heading']"):
        key = normalise(text_of(heading))
        if key and key in deck_keys:
            _drop(heading)
    for element in root.xpath("//figcaption"):
        _drop(element)
    _prune_layout_links(root)
    for element in list(root.iter()):
        if element.tag not in _PRUNE_TAGS or element.getparent() is None:
            continue
        words = _words(element)
        if words & _FURNITURE_WORDS and not words & _CONTENT_WORDS and not _holds_prose(element):
            if words & _HOVER_WORDS and element.tag in _INLINE_TAGS:
                _keep_trigger(element)
            else:
                _drop(element)


def _keep_trigger(element: HtmlElement) -> None:
    """A hover card on a word of the text: the word stays, the card goes."""
    trigger = next((a for a in element.iter("a") if text_of(a)), None)
    words = text_of(trigger) if trigger is not None else (element.text or "").strip()
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    replacement = f"{words}{tail}" if words else tail
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + replacement
    else:
        parent.text = (parent.text or "") + replacement
    parent.remove(element)


def _prune_layout_links(root: HtmlElement) -> None:
    """In a table that lays out the page (one of its cells holds the prose), cells made of
    links are navigation: menus, archive toolbars, lists of sections."""
    for table in list(root.iter("table")):
        if not _attached(table, root):
            continue  # a toolbar dropped with the table around it
        cells = [c for c in table.iter("td", "th") if c.getparent() is not None]
        if not any(_unlinked_chars(c) > _LAYOUT_PROSE_CHARS for c in cells):
            continue
        # A small table of links set inside the layout (an archive or print toolbar, with
        # its date cell): navigation as a whole, not cell by cell.
        for inner in list(table.iter("table")):
            if inner is not table and _link_bar(inner):
                _drop(inner)
        cells = [c for c in cells if _attached(c, table)]
        for cell in cells:
            words = len(_WORD.findall(text_of(cell)))
            linked = sum(len(_WORD.findall(text_of(a))) for a in cell.iter("a"))
            if linked and words - linked <= linked and _unlinked_chars(cell) < _LAYOUT_CELL_CHARS:
                _drop(cell)


def _link_bar(table: HtmlElement) -> bool:
    text = text_of(table)
    words = len(_WORD.findall(text))
    linked = sum(len(_WORD.findall(text_of(a))) for a in table.iter("a"))
    return 0 < len(text) <= 2 * _LAYOUT_CELL_CHARS and linked * 2 >= words


def _attached(element: HtmlElement, root: HtmlElement) -> bool:
    return any(ancestor is root for ancestor in element.iterancestors())


def _unlinked_chars(element: HtmlElement) -> int:
    return len(text_of(element)) - sum(len(text_of(a)) for a in element.iter("a"))


def _holds_prose(element: HtmlElement) -> bool:
    # Unclosed furniture tags make the parser nest the article inside them; text
    # that is not link text tells such a wrapper from a box of teasers.
    unlinked = len(text_of(element)) - sum(len(text_of(a)) for a in element.iter("a"))
    if unlinked > _MAX_UNLINKED_CHARS:
        return True
    prose = 0
    for paragraph in element.iter("p"):
        text = text_of(paragraph)
        if len(text) < _LONG_PARAGRAPH:
            continue
        linked = sum(len(text_of(a)) for a in paragraph.iter("a"))
        if linked < len(text) / 2:
            prose += len(text)
            if prose > _MAX_PROSE_CHARS:
                return True
    return False


def matches_title(key: str, title_keys: set[str]) -> bool:
    # Headline tags often carry a site prefix or suffix the <h1> lacks, or vice versa.
    return any(key == t or (len(key) > 20 and (key in t or t in key)) for t in title_keys)


def _drop(element: HtmlElement) -> None:
    parent = element.getparent()
    if parent is not None:
        element.drop_tree()


# --- line layer ----------------------------------------------------------------

# CMS shortcodes ([jwp-video n="1"], [caption id=...], [/embed]), but not the editorial brackets
# of quotations ("[W]e", "[his]", "[by holding back the figures]"): a shortcode has a
# hyphenated or well-known name, or key=value attributes.
_SHORTCODE = re.compile(
    r"\[/?(?:[a-z][a-z0-9]*[-_][a-z0-9_-]+|embed|gallery|caption|video|audio|playlist|ad)"
    r"(?:\s[^\]\n]{0,300})?\]"
    r"|\[[a-z][a-z0-9_-]*\s+[a-z][a-z0-9_-]*\s*=[^\]\n]{0,300}\]"
    # a closing tag of any name: editorial brackets never open with a slash
    r"|\[/[a-z][a-z0-9_-]*\]"
)
_WORD = re.compile(r"\w+", re.UNICODE)

# Whole-line calls to action and furniture, each anchored to the full line so
# prose that merely mentions these words survives.
_LINE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(rf"^(?:{pattern})$", re.IGNORECASE))
    for name, pattern in (
        (
            "signup",
            r"(?:sign up|subscribe|register)\b.{0,80}"
            r"(?:newsletter|inbox|e-?mail|updates)\W*",
        ),
        ("alerts", r"get (?:breaking news|the latest|our)\b.{0,80}(?:inbox|e-?mail|newsletter)\W*"),
        # A lone call to action left from a sign-up box, in the sites' languages.
        (
            "subscribe_button",
            r"(?:subscribe|sign up|suscr[ií]b(?:ase|ete|irse)|abonnez-vous|s'abonner"
            r"|(?:jetzt )?abonnieren|iscriviti|assine|inscreva-se)(?: now| ahora| agora)?\W*",
        ),
        ("thanks", r"thanks? (?:you )?for (?:signing up|subscribing)\W*.{0,80}"),
        (
            "form_error",
            r"(?:sorry!? )?there was an error processing your \w+\W*"
            r"|(?:please )?try again later\W*",
        ),
        ("share_prompt", r"like this (?:story|article)\??.{0,60}|share (?:this|on)\b.{0,40}"),
        (
            "read_more",
            r"(?:read|see|watch|listen) (?:more|also|next|now)\s*[:>|-].{0,200}"
            r"|also (?:read|see)\b.{0,200}|also on \w+\.\w{2,6}\b.{0,200}",
        ),
        (
            "timestamp",
            r"(?:(?:last )?updated|published|posted)\b(?=.{0,50}$)"
            r"(?=.*(?:\d{1,2}:\d{2}|\d{4}|\d{1,2}/\d{1,2})).*"
            r"|[\d/.: -]{0,12}\d{1,2}:\d{2} ?(?:[ap]\.?m\.?)? ?[a-z]{0,4} ?[\d/.-]{0,10}"
            r"(?: by [\w .'-]{2,60})?",
        ),
        (
            "list_header",
            r"(?:related|recommended|more) (?:stories|articles|coverage|reading)\W*"
            r"|(?:recent|top|most popular|trending) (?:stories|posts|articles|news)\W*"
            r"|don'?t miss:?\W*|advertisement\W*",
        ),
        # A list of tags or topics under its label (or the label alone), in the sites'
        # languages; a label followed by a sentence is prose.
        (
            "tags",
            r"(?:tags?|tagged(?: with| in)?|filed under|topics|keywords|etiquetas|temas"
            r"|schlagw[öo]rter|stichw[öo]rter|palavras-chave|mots-cl[ée]s|parole chiave)"
            r"(?:(?:\s*:|\n)\s*[^,|;\n]{1,40}(?:\s*[,|;]\s*[^,|;\n]{1,40})+|\s*:?)\W*",
        ),
        ("copyright", r"(?:©|\(c\)|copyright\b).{0,150}|all rights reserved\W*"),
        (
            "reprints",
            r"this copy is for your personal,? non-commercial use only\b.*"
            r"|(?:order reprints|print article|e-?mail this article)\W*",
        ),
        ("write_to", r"write to [^.]{2,60} at \S+@\S+\W*"),
        # "For the latest news download the Example apps for iOS and Android." (a line
        # telling readers which app to use for a service names no store)
        (
            "app_promo",
            r"(?=.*\b(?:ios|android|app store|google play|our apps?)\b)"
            r"(?:for [^.]{0,80}?,? )?(?:download|get|install) (?:the |our )?[\w.'’ -]{0,40}?"
            r"\bapps?\b.{0,100}",
        ),
        # Wire-service credits: "Reporting by …; Editing by …". (A line crediting a
        # contributor, "… contributed to this report", is the article's own text.)
        (
            "credits",
            r"\(?(?:additional |further )?(?:reporting|writing|editing|research|compiled|"
            r"translation|graphics)(?: and \w+)? by\b.{2,160}",
        ),
        ("back_to_top", r"(?:back|return|go|jump) to (?:the )?top(?: of (?:the )?page)?\W*"),
        (
            "follow_us",
            r"(?:follow|like) us on\b.{0,80}"
            # "Follow Example News on Instagram, Facebook and Twitter."
            r"|follow [\w.'’@ -]{1,60}? on (?:facebook|twitter|instagram|youtube|tiktok"
            r"|linkedin|snapchat|threads|bluesky|mastodon)\b.{0,120}",
        ),
        # "Reach the reporters on Twitter at https://…", "Contact Jo Lind at jo@…"
        (
            "reach_us",
            r"(?:reach|contact|e-?mail) (?:the )?[\w.'’ -]{2,40}? (?:on \w+ )?at\b"
            r"(?=.*(?:https?://|@|www\.)).{0,200}",
        ),
        ("source_credit", r"source\s*:\s*[^.:]{1,60}"),
        ("media_credit", r"(?:photo|image|video|illustration)s?\s*(?:credit|courtesy)?\s*:.{0,80}"),
        # A caption left in the column: a sentence or two ending with its credit.
        (
            "caption",
            r".{0,300}\((?:photo|image|credit|courtesy|foto|fotos|bild|picture)s?"
            r"(?:\s*(?:credit|by|courtesy))?\s*:[^()]{1,80}\)\W*"
            # "… at a briefing. Photo: Jo Lind/Wire": the credit after the caption's sentence
            r"|.{10,300}[.!?]\s+(?:photo|image|foto|bild|picture)s?(?:\s*(?:credit|by))?\s*:"
            r"\s*[^.:]{2,60}",
        ),
        # Wire separators ("___", "* * *") and other lines with no word characters.
        ("no_words", r"[\W_]*"),
    )
)
# "Oslo (Wire Service)" and the first word with no space between; a place's capitalised
# words before the agency ("(Forst-)Straßen" is a German compound).
_GLUED_DATELINE = re.compile(
    r"^((?:[A-Z][\w.'’-]*,? ){1,4}\([A-Z][^()\n]{1,40}\))(?=[A-Z“\"][a-z ])"
)
# Link teasers of the form "Headline [INSIGHT]" or "Headline [VIDEO]".
_TEASER = re.compile(r"\[(?:[A-Z]{3,}(?:\s[A-Z]{3,})?)\]\W*$")


def strip_shortcodes(text: str) -> str:
    return " ".join(_SHORTCODE.sub(" ", text).split())


def space_dateline(text: str) -> str:
    """A dateline in its own element runs into the first word ("Oslo (Wire)The …")."""
    return _GLUED_DATELINE.sub(r"\1 ", text, count=1)


def is_boilerplate_line(text: str) -> bool:
    return boilerplate_rule(text) is not None


def boilerplate_rule(text: str) -> str | None:
    """Name of the first line rule ``text`` matches, or None."""
    if len(text) > 400:
        return None
    for name, pattern in _LINE_RULES:
        if pattern.match(text):
            return name
    if _TEASER.search(text):
        return "teaser"
    if len(_WORD.findall(text)) >= 2 and is_date(text):
        return "dateline"
    return "byline" if is_byline(text) else None


def normalise(text: str) -> str:
    """Word-only lowercase form used to compare texts regardless of punctuation."""
    return " ".join(_WORD.findall(text.lower()))
