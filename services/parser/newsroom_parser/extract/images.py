"""Lead and inline images with caption and credit separated."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from newsroom_shared.contracts import Image

from .dom import text_of
from .figures import Figure, figures
from .metadata_sources import Sources, text_value

_MAX_IMAGES = 20
_MAX_CREDIT_WORDS = 10
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
    r"^(?:photo(?:graph)?s?\s*(?:by|credit|courtesy(?:\s+of)?)?|credit|image|courtesy(?:\s+of)?"
    r"|copyright|©|\(c\))"
    r"\s*[:/]?\s*|\s+(?:file\s+)?(?:photo|photograph|illustration)s?$",
    re.I,
)
# "Photo:" or "Foto" left at the end of a caption whose credit element was cut out.
_TRAILING_CREDIT_LABEL = re.compile(
    r"\s*\b(?:photo(?:graph)?|foto|фото|image|credit|source)s?\s*[:/|]?\s*$", re.I
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# WordPress and similar CMSs serve resized copies as name-1024x683.jpg.
_SIZE_SUFFIX = re.compile(r"-\d{2,5}x\d{2,5}(?=\.\w{2,5}$)")
_SKIP_SRC = re.compile(r"^data:|\.svg(?:$|\?)|pixel|spacer|blank\.gif|logo|icon|avatar|1x1", re.I)


def images(src: Sources) -> tuple[Image, ...]:
    found: list[Image] = []
    lead_url = _lead_url(src)
    inline = _figure_images(src)
    if lead_url:
        match = next((img for img in inline if _same_image(img.url, lead_url)), None)
        caption, credit = split_caption(_lead_caption(src))
        if match is not None:
            found.append(
                match
                if match.caption or not caption
                else Image(url=match.url, caption=caption, credit=credit, alt=match.alt)
            )
        else:
            found.append(Image(url=lead_url, caption=caption, credit=credit))
    for image in inline:
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
    text = " ".join(_EMAIL.sub(" ", text).split())
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


def _figure_images(src: Sources) -> list[Image]:
    found = []
    for figure in figures(src.root):
        url = src.absolute(_img_src(figure.image))
        if not url or _SKIP_SRC.search(url):
            continue
        caption, credit = _figure_caption(figure)
        alt = " ".join((figure.image.get("alt") or "").split()) or None
        found.append(Image(url=url, caption=caption, credit=credit, alt=alt))
        if len(found) >= _MAX_IMAGES:
            break
    return found


def _figure_caption(figure: Figure) -> tuple[str | None, str | None]:
    if figure.caption is None:
        credit = clean_credit(text_of(figure.credit)) if figure.credit is not None else None
        return None, credit
    full = text_of(figure.caption)
    if figure.credit is None:
        return split_caption(full)
    credit_text = text_of(figure.credit)
    credit = clean_credit(credit_text)
    if credit is None:  # sentence-long: a caption in the credit's box
        return split_caption(full)
    caption = _TRAILING_CREDIT_LABEL.sub("", " ".join(full.replace(credit_text, " ").split()))
    return caption or None, credit


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
    return bool(name_a) and _SIZE_SUFFIX.sub("", name_a) == _SIZE_SUFFIX.sub("", name_b)
