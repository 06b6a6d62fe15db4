"""Quote extraction and speaker attribution on a PolNeAR-style quote set.

    python benchmarks/quotes.py QUOTES.json [--out predictions.json] [--errors N]

QUOTES.json is a list of {"id", "text", "quotes": [{"text", "speaker",
"speaker_representative"}]}; the first line of each text is its headline and the
paragraphs follow, separated by blank lines. Each text goes through NlpAnalyzer as an
article; the predictions ({id: {"quotes": [{"text", "speaker"}]}}) are scored with the
metric below and optionally written out.

Metric: only quotes of four or more word tokens count, on both sides. A predicted and a
gold quote match when the F1 of their word tokens is at least 0.5, each quote matching at
most once. A matched speaker is right when the predicted name shares a word (not a title,
pronoun or stop word) with the gold speaker as written or with its coreference
representative; gold speakers that are pronouns or descriptions with no named
representative are not judged.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from newsroom.parser.nlp import ArticleText, NlpAnalyzer

WORD = re.compile(r"\w+", re.UNICODE)
# Words that do not identify a speaker: titles, pronouns, function words.
NOT_NAMES = (
    "a an the of and or in on at to for by with from as he she they it we i you him her "
    "his hers its their them us our me my your mr mrs ms dr sen rep gov pres president "
    "senator representative governor sir madam said says told who which that this these "
    "those spokesman spokeswoman spokesperson source sources official officials aide aides"
)
SKIP = set(NOT_NAMES.split())
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "his", "their"}
BLANK_LINES = re.compile(r"\n\s*\n")


# -- inputs ---------------------------------------------------------------------------------
def split_text(text: str) -> tuple[str, list[str]]:
    """Headline (the first line) and the non-empty paragraphs that follow it."""
    first, _, rest = text.partition("\n")
    paragraphs = [p.strip() for p in BLANK_LINES.split(rest) if p.strip()]
    return first.strip(), paragraphs


def simple_page_html(title: str, paragraphs: Iterable[str]) -> str:
    """A minimal article page for the text: the headline as <h1>, each paragraph as <p>."""
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head>\n"
        f"<body><article><h1>{html.escape(title)}</h1>\n{body}\n</article></body></html>\n"
    )


def predict(docs: list[dict[str, Any]], analyzer: NlpAnalyzer) -> dict[str, Any]:
    articles = []
    for doc in docs:
        title, paragraphs = split_text(doc["text"])
        articles.append(ArticleText(title, None, paragraphs, "en"))
    predictions: dict[str, Any] = {}
    started = time.perf_counter()
    batch = 16
    for at in range(0, len(articles), batch):
        results = analyzer.analyze_many(articles[at : at + batch])
        for doc, result in zip(docs[at : at + batch], results, strict=True):
            predictions[doc["id"]] = {
                "quotes": [
                    {"text": q.text, "speaker": q.speaker.name, "as_written": q.speaker.as_written}
                    for q in result.quotes
                ]
            }
        done = min(at + batch, len(articles))
        print(
            f"\r{done}/{len(articles)} texts, {time.perf_counter() - started:.1f}s",
            end="",
            file=sys.stderr,
            flush=True,
        )
    print(file=sys.stderr)
    return predictions


# -- metric ---------------------------------------------------------------------------------
def words(text: str | None) -> list[str]:
    return [w.lower() for w in WORD.findall(text or "")]


def token_f1(a: str, b: str) -> float:
    ca, cb = Counter(words(a)), Counter(words(b))
    common = sum((ca & cb).values())
    if not common:
        return 0.0
    p, r = common / sum(ca.values()), common / sum(cb.values())
    return 2 * p * r / (p + r)


def name_words(text: str | None) -> set[str]:
    return {w for w in words(text) if w not in SKIP and len(w) > 1}


def _named(text: str) -> bool:
    return any(t[:1].isupper() for t in WORD.findall(text)) and bool(name_words(text))


def judgeable(gold: dict[str, Any]) -> bool:
    surface = gold.get("speaker") or ""
    representative = gold.get("speaker_representative") or ""
    if _named(surface) and not set(words(surface)) <= PRONOUNS:
        return True
    return _named(representative)


def speaker_right(name: str | None, gold: dict[str, Any]) -> bool:
    wanted = name_words(gold.get("speaker")) | name_words(gold.get("speaker_representative"))
    return bool(name_words(name) & wanted)


def score(
    gold_docs: list[dict[str, Any]], predictions: dict[str, Any]
) -> tuple[dict[str, float], list[tuple[str, ...]]]:
    matched = n_pred = n_gold = judged = right = 0
    errors: list[tuple[str, ...]] = []
    for doc in gold_docs:
        got = predictions.get(doc["id"], {}).get("quotes", [])
        got = [q for q in got if len(words(q.get("text"))) >= 4]
        n_pred += len(got)
        n_gold += len(doc["quotes"])
        used: set[int] = set()
        for gold in doc["quotes"]:
            best, best_i = 0.0, -1
            for i, q in enumerate(got):
                if i not in used and (f := token_f1(q.get("text", ""), gold["text"])) > best:
                    best, best_i = f, i
            if best < 0.5:
                errors.append(("missed", doc["id"], gold["text"][:80]))
                continue
            used.add(best_i)
            matched += 1
            if judgeable(gold):
                judged += 1
                ok = speaker_right(got[best_i].get("speaker"), gold)
                right += ok
                if not ok:
                    errors.append(
                        (
                            "speaker",
                            doc["id"],
                            gold["text"][:60],
                            str(gold.get("speaker")),
                            str(got[best_i].get("speaker")),
                        )
                    )
        errors.extend(
            ("extra", doc["id"], q.get("text", "")[:80]) for i, q in enumerate(got) if i not in used
        )
    precision = matched / n_pred if n_pred else 0.0
    recall = matched / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    result = {
        "gold": n_gold, "predicted": n_pred, "matched": matched, "precision": precision,
        "recall": recall, "f1": f1, "judged_speakers": judged,
        "speaker_accuracy": right / judged if judged else 0.0,
    }  # fmt: skip
    return result, errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("quotes", type=Path, help="gold quotes JSON")
    parser.add_argument("--out", type=Path, help="write predictions JSON here")
    parser.add_argument("--errors", type=int, default=0, help="print the first N errors")
    args = parser.parse_args(argv)
    docs = json.loads(args.quotes.read_text(encoding="utf-8"))
    predictions = predict(docs, NlpAnalyzer())
    if args.out:
        args.out.write_text(json.dumps(predictions, ensure_ascii=False, indent=1), "utf-8")
    result, errors = score(docs, predictions)
    for error in errors[: args.errors]:
        print(" | ".join(error))
    print(json.dumps(result))
    print(
        f"quotes: precision={result['precision']:.3f} recall={result['recall']:.3f} "
        f"f1={result['f1']:.3f}  speakers: accuracy={result['speaker_accuracy']:.3f} "
        f"on {result['judged_speakers']} judged"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
