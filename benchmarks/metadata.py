"""Metadata benchmark: title, authors, publication date and body snippets, next to trafilatura.

usage: python benchmarks/metadata.py DATASET_DIR [--out predictions.json] [--errors FIELD]

DATASET_DIR holds labels.json ({id: {"url", "title", "author", "date", "with", "without"}})
and html/<id>.html.gz (the layout of trafilatura's evaluation corpus, and of
tests/fixtures/benchmarks/metadata). Both extractors run over every page in one process:
newsroom's extract_page and trafilatura's bare_extraction(with_metadata=True). Scores:
title and each author compared lower-cased, curly quotes straight, words only; date by
calendar day; each field over the pages whose label has it; body snippets as precision,
recall and F1 of "with" snippets found and "without" snippets absent. Time is CPU seconds
(time.process_time) per page, as the machine may be shared.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

import trafilatura

from newsroom_parser.extract import ExtractionError, decode_html, extract_page

_WORD = re.compile(r"\w+", re.UNICODE)
FIELDS = {"title": "title", "authors": "author", "date": "date"}


def normalise(text: str | None) -> str:
    text = (text or "").lower().replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(_WORD.findall(text.replace("\u201c", '"').replace("\u201d", '"')))


def names(value: Any) -> set[str]:
    if not value:
        return set()
    if isinstance(value, str):
        value = value.split(";")
    return {normalise(v) for v in value if normalise(v)}


def right(field: str, label: dict[str, Any], predicted: dict[str, Any]) -> bool:
    if field == "title":
        return normalise(predicted.get("title")) == normalise(label["title"])
    if field == "authors":
        return names(predicted.get("authors")) == names(label["author"])
    return (predicted.get("date") or "")[:10] == label["date"][:10]


def score(labels: dict[str, Any], predictions: dict[str, Any]) -> dict[str, float]:
    result = {}
    for field, key in FIELDS.items():
        judged = [k for k in labels if labels[k].get(key)]
        result[field] = sum(right(field, labels[k], predictions[k]) for k in judged) / len(judged)
    tp = fp = fn = 0
    for key, label in labels.items():
        body = " ".join((predictions[key].get("body") or "").split())
        for snippet in label.get("with") or []:
            found = " ".join(snippet.split()) in body
            tp, fn = tp + found, fn + (not found)
        fp += sum(" ".join(s.split()) in body for s in label.get("without") or [])
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    result["snippets_f1"] = 2 * precision * recall / (precision + recall) if tp else 0.0
    return result


def run_ours(data: bytes, url: str | None) -> dict[str, Any]:
    try:
        page = extract_page(decode_html(data), url=url)
    except ExtractionError:
        return {}
    return {
        "title": page.title,
        "authors": list(page.authors),
        "date": page.published_at.isoformat() if page.published_at else None,
        "body": page.body,
    }


def run_trafilatura(data: bytes, url: str | None) -> dict[str, Any]:
    document = trafilatura.bare_extraction(data, url=url, with_metadata=True)
    if document is None:
        return {}
    values = document.as_dict()
    return {
        "title": values.get("title"),
        "authors": values.get("author"),
        "date": values.get("date"),
        "body": values.get("text") or "",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--out", type=Path, help="write extract_page predictions here")
    parser.add_argument("--errors", choices=sorted(FIELDS), help="list our errors of a field")
    args = parser.parse_args(argv)

    labels = json.loads((args.dataset / "labels.json").read_text(encoding="utf-8"))
    runners = {"extract_page": run_ours, "trafilatura": run_trafilatura}
    predictions: dict[str, dict[str, Any]] = {name: {} for name in runners}
    seconds = dict.fromkeys(runners, 0.0)
    for index, key in enumerate(sorted(labels), start=1):
        data = gzip.decompress((args.dataset / "html" / f"{key}.html.gz").read_bytes())
        url = (labels[key].get("url") or "").strip() or None
        for name, runner in runners.items():
            started = time.process_time()
            predictions[name][key] = runner(data, url)
            seconds[name] += time.process_time() - started
        if index % 50 == 0 or index == len(labels):
            print(f"  {index}/{len(labels)} pages", file=sys.stderr, flush=True)

    if args.out:
        text = json.dumps(predictions["extract_page"], ensure_ascii=False, indent=1)
        args.out.write_text(text, encoding="utf-8")
    print(f"{'':14}{'title':>8}{'authors':>9}{'date':>8}{'snippets':>10}{'CPU ms/page':>13}")
    for name in runners:
        s = score(labels, predictions[name])
        ms = 1000 * seconds[name] / len(labels)
        print(
            f"{name:14}{s['title']:8.3f}{s['authors']:9.3f}{s['date']:8.3f}"
            f"{s['snippets_f1']:10.3f}{ms:13.1f}"
        )
    if args.errors:
        key = FIELDS[args.errors]
        ours = predictions["extract_page"]
        for page, label in sorted(labels.items()):
            if label.get(key) and not right(args.errors, label, ours[page]):
                got = ours[page].get("date" if key == "date" else args.errors)
                print(f"{page}\twant={label[key]!r}\tgot={got!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
