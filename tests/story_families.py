"""Story families for the clusterer's tests and benchmark, from tests/fixtures/stories/.

Each family has a wire story written for the project; from it come three verbatim copies as
other outlets run them (their own chrome: credit lines, copyright notices, "read more" links, a
newsletter plug, paragraphs split differently) and three light edits (cut to length with a new
headline; a new lede and a local paragraph; present tense, a paragraph dropped). The family's
independent rewrite and its hard negatives (other stories on the same topic, with the same
people) are written out in the fixture.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from newsroom_shared.contracts import Article, url_id

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "stories" / "families.json"
Kind = Literal["wire", "copy", "light", "rewrite", "negative"]
BASE_TIME = datetime(2024, 5, 6, 8, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Member:
    article: Article
    family: str  # the story it belongs to (a negative is a story of its own)
    kind: Kind


def _dateline_off(paragraph: str) -> str:
    return re.sub(r"^[A-Z][A-Z .]+ — ", "", paragraph)


def _copies(title: str, paragraphs: list[str]) -> list[tuple[str, str, list[str]]]:
    """(outlet, title, paragraphs) of three outlets running the wire story verbatim."""
    first, rest = paragraphs[0], paragraphs[1:]
    dateline = first.split(" — ")[0] if " — " in first else "WIRE"
    middle = len(paragraphs) // 2
    a = [
        f"{dateline} (Coastal Wire) — {_dateline_off(first)}",
        *rest,
        "Copyright 2024 Coastal Wire. All rights reserved. This material may not be published, "
        "broadcast, rewritten or redistributed.",
    ]
    b = [
        *paragraphs[:middle],
        "Read more: Five things to know before you go this weekend",
        *paragraphs[middle:],
        "This story was originally published by Coastal Wire.",
    ]
    sentences = re.split(r"(?<=[.!?\"]) (?=[A-Z\"])", first)
    split = [" ".join(sentences[:1]), " ".join(sentences[1:])] if len(sentences) > 1 else [first]
    c = [
        *[s for s in split if s],
        *rest[:2],
        "Sign up for our morning newsletter to get stories like this in your inbox.",
        *rest[2:],
        "— Reporting by Coastal Wire staff",
    ]
    return [
        ("harbor-herald", title, a),
        ("valley-times", title.title(), b),
        ("north-courier", title, c),
    ]


def _light_edits(title: str, paragraphs: list[str]) -> list[tuple[str, str, list[str]]]:
    """(outlet, title, paragraphs) of three outlets that edit the wire story lightly."""
    cut = paragraphs[:-2]
    first = _dateline_off(paragraphs[0])
    lede = "What happened: " + first[0].lower() + first[1:]
    local = [
        lede,
        paragraphs[1],
        "Readers in the county told the Courier they were following the news closely; several "
        "wrote in to ask how it would affect them.",
        *paragraphs[2:],
    ]
    present = [re.sub(r"\bsaid\b", "says", p) for p in paragraphs]
    del present[len(present) // 2]
    return [
        ("bay-daily", "Update: " + title, cut),
        ("county-courier", title + " — what it means for you", local),
        ("metro-now", title.replace(" ", " ", 1), present),
    ]


def _article(
    family: str, outlet: str, title: str, paragraphs: list[str], published: datetime
) -> Article:
    url = f"https://{outlet}.example/{family}/{url_id(title)[:8]}"
    body = "\n\n".join(paragraphs)
    return Article(
        id=url_id(url),
        version=int(published.timestamp() * 1000),
        url=url,
        canonical_url=url,
        source_id=outlet,
        site_name=outlet.replace("-", " ").title(),
        title=title,
        published_at=published,
        body=body,
        paragraphs=paragraphs,
        word_count=len(body.split()),
        parser_version="families",
        content_hash="sha256:" + url_id(body),
        raw_content_hash="sha256:" + url_id(url),
        fetched_at=published + timedelta(minutes=5),
        parsed_at=published + timedelta(minutes=6),
    )


def load() -> list[dict[str, Any]]:
    families: list[dict[str, Any]] = json.loads(FIXTURE.read_text(encoding="utf-8"))["families"]
    return families


def members() -> list[Member]:
    """Every article of every family, the wire story of each published first."""
    out: list[Member] = []
    for number, family in enumerate(load()):
        key = family["key"]
        start = BASE_TIME + timedelta(days=number)
        wire = family["wire"]
        out.append(
            Member(
                _article(key, "coastal-wire", wire["title"], wire["paragraphs"], start), key, "wire"
            )
        )
        for n, (outlet, title, paragraphs) in enumerate(_copies(wire["title"], wire["paragraphs"])):
            published = start + timedelta(minutes=20 * (n + 1))
            out.append(Member(_article(key, outlet, title, paragraphs, published), key, "copy"))
        for n, (outlet, title, paragraphs) in enumerate(
            _light_edits(wire["title"], wire["paragraphs"])
        ):
            published = start + timedelta(hours=1 + n)
            out.append(Member(_article(key, outlet, title, paragraphs, published), key, "light"))
        rewrite = family["rewrite"]
        out.append(
            Member(
                _article(
                    key,
                    "lakeside-ledger",
                    rewrite["title"],
                    rewrite["paragraphs"],
                    start + timedelta(hours=5),
                ),
                key,
                "rewrite",
            )
        )
        for n, negative in enumerate(family["negatives"]):
            published = start + timedelta(hours=6 + n)
            out.append(
                Member(
                    _article(
                        f"{key}-other-{n}",
                        "coastal-wire",
                        negative["title"],
                        negative["paragraphs"],
                        published,
                    ),
                    f"{key}-other-{n}",
                    "negative",
                )
            )
    return out
