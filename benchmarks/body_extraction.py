"""Body-extraction benchmark: newsroom's extract_page against bare trafilatura.

usage: python benchmarks/body_extraction.py DATASET_DIR [--out predictions.json]
                                            [--baseline-out baseline.json] [--per-page N]

DATASET_DIR holds ground-truth.json (id -> {"articleBody", "url"}) and
html/<id>.html.gz. Both extractors run over every page in the same process;
the score is the public article-extraction metric: 4-token shingles, per-page
tp/fp/fn normalised by the page's total, mean precision and recall over pages,
and the F1 of those means.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

import trafilatura

from newsroom_parser.extract import ExtractionError, decode_html, extract_page

_TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    if len(tokens) < n:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def page_counts(truth: str, predicted: str) -> tuple[float, float, float]:
    t, p = shingles(truth), shingles(predicted)
    tp, fp, fn = sum((t & p).values()), sum((p - t).values()), sum((t - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def score(truth: dict[str, str], predicted: dict[str, str]) -> dict[str, float]:
    rows = [page_counts(truth[key], predicted.get(key, "")) for key in truth]
    precisions = [1.0 if fp == fn == 0 else tp / (tp + fp) for tp, fp, fn in rows if tp + fp > 0]
    recalls = [1.0 if fp == fn == 0 else tp / (tp + fn) for tp, fp, fn in rows if tp + fn > 0]
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def page_f1(truth: str, predicted: str) -> float:
    tp, fp, fn = page_counts(truth, predicted)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def run_ours(data: bytes, url: str | None) -> str:
    try:
        return extract_page(decode_html(data), url=url).body
    except ExtractionError:
        return ""


def run_trafilatura(data: bytes, url: str | None) -> str:
    return trafilatura.extract(data, include_comments=False) or ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--out", type=Path, help="write extract_page predictions here")
    parser.add_argument("--baseline-out", type=Path, help="write trafilatura predictions here")
    parser.add_argument(
        "--per-page",
        type=int,
        default=0,
        metavar="N",
        help="list the N pages where extract_page scores worst",
    )
    args = parser.parse_args(argv)

    ground = json.loads((args.dataset / "ground-truth.json").read_text(encoding="utf-8"))
    truth = {key: value.get("articleBody", "") for key, value in ground.items()}
    runners = {"extract_page": run_ours, "trafilatura": run_trafilatura}
    predictions: dict[str, dict[str, str]] = {name: {} for name in runners}
    seconds = dict.fromkeys(runners, 0.0)

    for index, key in enumerate(sorted(ground), start=1):
        data = gzip.decompress((args.dataset / "html" / f"{key}.html.gz").read_bytes())
        for name, runner in runners.items():
            started = time.process_time()  # CPU seconds: the machine may be shared
            predictions[name][key] = runner(data, ground[key].get("url"))
            seconds[name] += time.process_time() - started
        if index % 10 == 0 or index == len(ground):
            print(f"  {index}/{len(ground)} pages", file=sys.stderr, flush=True)

    for name, path in (("extract_page", args.out), ("trafilatura", args.baseline_out)):
        if path:
            payload = {k: {"articleBody": v} for k, v in predictions[name].items()}
            path.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")

    results = {name: score(truth, predictions[name]) for name in runners}
    cpu = {name: 1000 * seconds[name] / len(ground) for name in runners}
    print(f"{'':14}{'F1':>8}{'prec':>8}{'recall':>8}{'CPU ms/page':>13}")
    for name in runners:
        r = results[name]
        print(f"{name:14}{r['f1']:8.4f}{r['precision']:8.4f}{r['recall']:8.4f}{cpu[name]:13.1f}")
    ours, base = cpu["extract_page"], cpu["trafilatura"]
    ratio = ours / base if base else 0.0
    print(f"CPU ratio extract_page/trafilatura: {ratio:.2f}x ({len(ground)} pages)")

    if args.per_page:
        worst = sorted(truth, key=lambda k: page_f1(truth[k], predictions["extract_page"][k]))
        for key in worst[: args.per_page]:
            ours_f1 = page_f1(truth[key], predictions["extract_page"][key])
            base_f1 = page_f1(truth[key], predictions["trafilatura"][key])
            print(f"{key[:16]}  f1={ours_f1:.3f}  trafilatura={base_f1:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
