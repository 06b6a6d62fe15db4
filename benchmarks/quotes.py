"""Quote extraction and speaker attribution on a PolNeAR-style quote set.

    python benchmarks/quotes.py QUOTES.json [--out predictions.json] [--errors N]
                                [--workers N] [--in-process]

QUOTES.json is a list of {"id", "text", "quotes": [{"text", "speaker",
"speaker_representative"}]}; the first line of each text is its headline and the
paragraphs follow, separated by blank lines. Each text becomes a simple page (the headline
as <h1>, each paragraph as a <p>) and all pages go through one `newsroom parse` run, the
way the service parses fetched pages: body extraction, then entities and quotes. The run
also checks that extraction hands the NLP stage the text's paragraphs unchanged and lists
any it lost, altered or added. With --in-process the texts go straight to NlpAnalyzer
instead (quicker to iterate on; the reported number is the `newsroom parse` one).
The predictions ({id: {"quotes": [{"text", "speaker"}]}}) are scored with the metric
below and optionally written out.

Metric: only quotes of four or more word tokens count, on both sides. A predicted and a
gold quote match when the F1 of their word tokens is at least 0.5, each quote matching at
most once. A matched speaker is right when the predicted name shares a word (not a title,
pronoun or stop word) with the gold speaker as written or with its coreference
representative; gold speakers that are pronouns or descriptions with no named
representative are not judged.
"""

from __future__ import annotations

import argparse
import difflib
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from newsroom_parser.nlp import ArticleText, NlpAnalyzer

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
SPACES = re.compile(r"\s+")


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


def _prediction(quotes: Iterable[tuple[str, str | None, str]]) -> dict[str, Any]:
    return {
        "quotes": [
            {"text": text, "speaker": name, "as_written": written} for text, name, written in quotes
        ]
    }


# -- through `newsroom parse` ---------------------------------------------------------------
def newsroom_command() -> str:
    """The `newsroom` script of the running interpreter's environment, else the one on PATH."""
    local = Path(sys.executable).parent / "newsroom"
    found = str(local) if local.exists() else shutil.which("newsroom")
    if found is None:
        raise SystemExit("the `newsroom` command is not installed")
    return found


def parse_pages(docs: list[dict[str, Any]], workers: int) -> list[dict[str, Any]]:
    """One Article (or {"error": ...}) per text, in order, from a single `newsroom parse`."""
    with tempfile.TemporaryDirectory(prefix="quotes-bench-") as tmp:
        files = []
        for n, doc in enumerate(docs):
            path = Path(tmp) / f"{n:05d}.html"
            path.write_text(simple_page_html(*split_text(doc["text"])), encoding="utf-8")
            files.append(str(path))
        command = [newsroom_command(), "parse", "--workers", str(workers), *files]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    if done.returncode != 0 or len(lines) != len(docs):
        sys.stderr.write(done.stderr[-2000:])
        raise SystemExit(f"newsroom parse: exit {done.returncode}, {len(lines)} lines")
    return lines


def predict_via_parse(
    docs: list[dict[str, Any]], workers: int
) -> tuple[dict[str, Any], list[tuple[str, ...]]]:
    """Predictions from `newsroom parse`, and what extraction did to the texts."""
    started = time.perf_counter()
    articles = parse_pages(docs, workers)
    print(
        f"newsroom parse: {len(docs)} pages, {time.perf_counter() - started:.1f}s", file=sys.stderr
    )
    predictions: dict[str, Any] = {}
    changes: list[tuple[str, ...]] = []
    for doc, article in zip(docs, articles, strict=True):
        if "error" in article:
            changes.append(("error", doc["id"], str(article["error"]), str(article.get("message"))))
            predictions[doc["id"]] = {"quotes": []}
            continue
        changes.extend(extraction_changes(doc, article))
        predictions[doc["id"]] = _prediction(
            (q["text"], q["speaker"]["name"], q["speaker"]["as_written"]) for q in article["quotes"]
        )
    return predictions, changes


def extraction_changes(doc: dict[str, Any], article: dict[str, Any]) -> list[tuple[str, ...]]:
    """Paragraphs of the text that the extracted article lost, altered or added. Changes of
    white space alone (a line break inside a <p> reads as a space) are listed apart."""
    title, paragraphs = split_text(doc["text"])
    got = list(article.get("paragraphs") or [])
    out: list[tuple[str, ...]] = []
    if (article.get("title") or "") != title:
        out.append(("title", doc["id"], repr(title[:60]), repr(article.get("title"))[:60]))
    want, have = [_squash(p) for p in paragraphs], [_squash(p) for p in got]
    matcher = difflib.SequenceMatcher(None, want, have, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.extend(
                ("whitespace", doc["id"], str(i))
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
                if paragraphs[i] != got[j]
            )
            continue
        pairs = min(i2 - i1, j2 - j1) if op == "replace" else 0
        for k in range(pairs):
            out.append(
                ("altered", doc["id"], str(i1 + k), *_differences(want[i1 + k], have[j1 + k]))
            )
        out.extend(("lost", doc["id"], str(i), repr(want[i][:80])) for i in range(i1 + pairs, i2))
        out.extend(("added", doc["id"], repr(have[j][:80])) for j in range(j1 + pairs, j2))
    return out


def _differences(a: str, b: str) -> list[str]:
    """Each stretch the extraction changed, as 'before -> after' with a little context."""
    found = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            found.append(f"…{a[max(0, i1 - 15) : i2 + 5]!r} -> {b[max(0, j1 - 15) : j2 + 5]!r}")
    return found


def _squash(text: str) -> str:
    return SPACES.sub(" ", text).strip()


# -- in process -----------------------------------------------------------------------------
def predict_in_process(docs: list[dict[str, Any]], analyzer: NlpAnalyzer) -> dict[str, Any]:
    articles = []
    for doc in docs:
        title, paragraphs = split_text(doc["text"])
        articles.append(ArticleText(title, None, paragraphs, "en"))
    started = time.perf_counter()
    results = analyzer.analyze_many(articles)
    print(f"in process: {len(docs)} texts, {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return {
        doc["id"]: _prediction((q.text, q.speaker.name, q.speaker.as_written) for q in r.quotes)
        for doc, r in zip(docs, results, strict=True)
    }


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
    parser.add_argument("--workers", type=int, default=2, help="`newsroom parse --workers`")
    parser.add_argument(
        "--in-process", action="store_true", help="NlpAnalyzer directly, no page extraction"
    )
    args = parser.parse_args(argv)
    docs = json.loads(args.quotes.read_text(encoding="utf-8"))
    if args.in_process:
        predictions = predict_in_process(docs, NlpAnalyzer())
    else:
        predictions, changes = predict_via_parse(docs, args.workers)
        kinds = Counter(c[0] for c in changes)
        for change in changes:
            if change[0] != "whitespace":  # counted below; too many to list
                print("extraction: " + " | ".join(change))
        print(f"extraction changes (paragraphs): {dict(kinds) or 'none'}")
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
