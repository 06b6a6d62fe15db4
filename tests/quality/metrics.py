"""The benchmarks' own scores, computed the same way as their published scorers."""

from __future__ import annotations

import re
from collections import Counter

_TOKEN = re.compile(r"\w+", re.UNICODE)


# -- article body: 4-token shingles, per-page tp/fp/fn, F1 of the mean precision and recall
def _shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    if len(tokens) < n:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def _page_counts(truth: str, predicted: str) -> tuple[float, float, float]:
    t, p = _shingles(truth), _shingles(predicted)
    tp, fp, fn = sum((t & p).values()), sum((p - t).values()), sum((t - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def page_f1(truth: str, predicted: str) -> float:
    tp, fp, fn = _page_counts(truth, predicted)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def body_f1(truth: dict[str, str], predicted: dict[str, str]) -> float:
    rows = [_page_counts(truth[key], predicted.get(key, "")) for key in truth]
    precisions = [1.0 if fp == fn == 0 else tp / (tp + fp) for tp, fp, fn in rows if tp + fp > 0]
    recalls = [1.0 if fp == fn == 0 else tp / (tp + fn) for tp, fp, fn in rows if tp + fn > 0]
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


# -- metadata: titles and names compared lower-cased, curly quotes straight, words only
def normalise(text: str | None) -> str:
    text = (text or "").lower()
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(_TOKEN.findall(text))


def name_set(values: list[str] | str | None) -> set[str]:
    if not values:
        return set()
    if isinstance(values, str):
        values = values.split(";")
    return {normalise(v) for v in values if normalise(v)}


def snippets_f1(pages: list[tuple[str, list[str], list[str]]]) -> float:
    """(body, snippets it must contain, snippets it must not) per page."""
    tp = fp = fn = 0
    for body, wanted, unwanted in pages:
        text = " ".join(body.split())
        for snippet in wanted:
            if " ".join(snippet.split()) in text:
                tp += 1
            else:
                fn += 1
        fp += sum(" ".join(s.split()) in text for s in unwanted)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
