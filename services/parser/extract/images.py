"""Lead and inline images with caption and credit separated."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from .dom import text_of
from .model import ExtractedImage
from .sources import Sources, text_value

_MAX_IMAGES = 20
_MAX_CREDIT_WORDS = 10
_CREDIT_CLASS = re.compile(r"credit|copyright|byline|source|attribution|photographer", re.I)
# "(Jane Doe/Agency file photo)", "(Photo: Jane Doe/Agency)", "(AP Photo/Jane Doe)" at the end.
_TRAILING_PAREN = re.compile(r"\s*\(([^()]{2,120})\)\s*$")
# "... sanctions. Photo: Jane Doe" or "... | Jane Doe/Getty Images" at the end.
_TRAILING_LABEL = re.compile(
    r"\s*(?:[|•–—-]\s*)?\b(?:photo(?:graph)?|image|picture|credit|foto|source|illustration)"
    r"(?:\s+(?:by|credit|courtesy(?:\s+of)?))?\s*[:/]?\s+([^.|]{2,100})$",
    re.I,
)
_TRAILING_AGENCY = re.compile(
    r"\s*(?:[|•–—]\s*)([^|•–—]{2,100}(?:/|\b)(?:Getty Images|AP|Reuters|AFP|EPA|Shutterstock|"
    r"Alamy|PA|Bloomberg)[^|•–—]{0,40})$"
)
_CREDIT_NOISE = re.compile(
    r"^(?:photo(?:graph)?s?\s*(?:by|credit|courtesy(?:\s+of)?)?|credit|image|courtesy(?:\s+of)?)"
    r"\s*[:/]?\s*|\s+(?:file\s+)?(?:photo|photograph|illustration)s?$",
    re.I,
)
_SKIP_SRC = re.compile(r"^data:|\.svg(?:$|\?)|pixel|spacer|blank\.gif|logo|icon|avatar|1x1", re.I)


def images(src: Sources) -> tuple[ExtractedImage, ...]:
    found: list[ExtractedImage] = []
    lead_url = _lead_url(src)
    figures = _figure_images(src)
    if lead_url:
        match = next((img for img in figures if _same_image(img.url, lead_url)), None)
        caption, credit = split_caption(_lead_caption(src))
        if match is not None:
            found.append(
                match
                if match.caption or not caption
                else ExtractedImage(match.url, caption, credit, match.alt)
            )
        else:
            found.append(ExtractedImage(lead_url, caption, credit, None))
    for image in figures:
        if not any(_same_image(image.url, seen.url) for seen in found):
            found.append(image)
    return tuple(found[:_MAX_IMAGES])


def split_caption(text: str | None) -> tuple[str | None, str | None]:
    """Separate a trailing photo credit from the caption text."""
    if not text:
        return None, None
    text = " ".join(text.split())
    for pattern in (_TRAILING_PAREN, _TRAILING_LABEL, _TRAILING_AGENCY):
        match = pattern.search(text)
        if match and _looks_like_credit(match.group(0)):
            credit = clean_credit(match.group(1))
            caption = text[: match.start()].strip() or None
            if credit:
                return caption, credit
    return text, None


def clean_credit(text: str) -> str | None:
    previous = None
    text = " ".join(text.split())
    while previous != text:
        previous, text = text, _CREDIT_NOISE.sub("", text).strip(" .,;:-–—|()[]")
    # A credit names a source; anything sentence-long is a caption in the wrong box.
    return text if text and len(text.split()) <= _MAX_CREDIT_WORDS else None


def _looks_like_credit(fragment: str) -> bool:
    # A trailing parenthesis is a credit only when it names a photo source, not an aside.
    lowered = fragment.lower()
    return any(
        word in lowered
        for word in (
            "photo",
            "/",
            "getty",
            "image",
            "credit",
            "courtesy",
            "reuters",
            "ap ",
            "afp",
            "epa",
            "©",
            "illustration",
        )
    )


def _lead_url(src: Sources) -> str | None:
    value = src.ld("image")
    ld_url = None
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        ld_url = value.get("url") or value.get("contentUrl")
    elif isinstance(value, str):
        ld_url = value
    candidates = [
        src.first_meta("og:image", "og:image:url", "og:image:secure_url"),
        ld_url if isinstance(ld_url, str) else None,
        src.first_meta("twitter:image", "twitter:image:src"),
    ]
    for candidate in candidates:
        url = src.absolute(candidate)
        if url and url.startswith(("http://", "https://")):
            return url
    return None


def _lead_caption(src: Sources) -> str | None:
    value: Any = src.ld("image")
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        caption = text_value(value.get("caption")) or text_value(value.get("description"))
        credit = text_value(value.get("creditText")) or text_value(value.get("copyrightHolder"))
        if caption and credit and credit not in caption:
            return f"{caption} ({credit})"
        return caption
    return None


def _figure_images(src: Sources) -> list[ExtractedImage]:
    found = []
    for figure in src.root.xpath("//figure[.//img] | //*[contains(@class, 'wp-caption')][.//img]"):
        img = figure.xpath(".//img")[0]
        url = src.absolute(_img_src(img))
        if not url or _SKIP_SRC.search(url):
            continue
        caption, credit = _figure_caption(figure)
        alt = " ".join((img.get("alt") or "").split()) or None
        found.append(ExtractedImage(url, caption, credit, alt))
        if len(found) >= _MAX_IMAGES:
            break
    return found


def _figure_caption(figure: HtmlElement) -> tuple[str | None, str | None]:
    captions = figure.xpath(".//figcaption | .//*[contains(@class, 'caption')]")
    if not captions:
        return None, None
    caption_el = captions[0]
    credit_els = [e for e in caption_el.iter() if _CREDIT_CLASS.search(e.get("class") or "")]
    if credit_els and credit_els[0] is not caption_el:
        credit = clean_credit(text_of(credit_els[0]))
        full = text_of(caption_el)
        credit_text = text_of(credit_els[0])
        caption = " ".join(full.replace(credit_text, " ").split()) or None
        return caption, credit
    return split_caption(text_of(caption_el))


def _img_src(img: HtmlElement) -> str | None:
    # Lazy loaders keep the real address in data-* attributes.
    for attr in ("src", "data-src", "data-lazy-src", "data-original", "data-url"):
        value = img.get(attr)
        if value and not value.startswith("data:"):
            return value
    srcset = img.get("srcset") or img.get("data-srcset")
    if srcset:
        return srcset.split(",")[0].strip().split(" ")[0] or None
    return None


def _same_image(a: str, b: str) -> bool:
    # CDNs vary the query string and host; the file name identifies the image.
    try:
        name_a = urlsplit(a).path.rsplit("/", 1)[-1]
        name_b = urlsplit(b).path.rsplit("/", 1)[-1]
    except ValueError:
        return a == b
    return bool(name_a) and name_a == name_b
