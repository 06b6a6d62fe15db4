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


# -- entities: unique canonical entities per article against hand labels ----------------
# The recogniser's place types are one type for the labels ("PLACE").
ENTITY_TYPES = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}


def entity_form(text: str) -> str:
    """A name compared as the labels write it: case, "the", a possessive, full stops aside."""
    text = text.lower().replace("\u2019", "'")
    text = re.sub(r"'s$", "", text)
    text = re.sub(r"^the ", "", text)
    return " ".join(_TOKEN.findall(text.replace(".", "")))


def entity_counts(
    labelled: list[dict[str, object]], found: list[tuple[str, str, list[str]]]
) -> tuple[Counter[str], int]:
    """(tp/fp/fn counts by type as "ORG:tp" …, duplicates) for one article. A found entity
    (type, name, aliases) is right when one of its forms is a form of a labelled entity of
    its type not matched yet; a second one matching it is a duplicate (and wrong)."""
    gold = [
        (
            str(e["type"]),
            {entity_form(str(e["name"]))} | {entity_form(str(a)) for a in e.get("aliases") or []},  # type: ignore[attr-defined]
        )
        for e in labelled
    ]
    counts: Counter[str] = Counter()
    used: set[int] = set()
    duplicates = 0
    for label, name, aliases in found:
        kind = ENTITY_TYPES.get(label)
        if kind is None:
            continue
        forms = {entity_form(name)} | {entity_form(a) for a in aliases}
        hit = next((i for i, (k, f) in enumerate(gold) if k == kind and forms & f), None)
        if hit is not None and hit not in used:
            used.add(hit)
            counts[f"{kind}:tp"] += 1
        else:
            counts[f"{kind}:fp"] += 1
            duplicates += hit is not None
    for i, (kind, _) in enumerate(gold):
        if i not in used:
            counts[f"{kind}:fn"] += 1
    return counts, duplicates


def entity_f1(counts: Counter[str], kind: str | None = None) -> float:
    kinds = [kind] if kind else sorted({key.split(":")[0] for key in counts})
    tp = sum(counts[f"{k}:tp"] for k in kinds)
    fp = sum(counts[f"{k}:fp"] for k in kinds)
    fn = sum(counts[f"{k}:fn"] for k in kinds)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0
