"""Speed of the NLP stage against the bare spaCy pipeline it is built on.

    python benchmarks/nlp_speed.py [INPUT.json ...] [--repeat N]

Each INPUT is either a quote set (a list of {"id", "text"}: headline on the first line,
paragraphs separated by blank lines) or one article ({"title", "subtitle", "paragraphs"});
without inputs the seed article fixture is used. In one run it times

  (a) bare:  nlp.pipe over exactly the texts the analyzer sends (headline, dek, paragraphs),
             with the pipeline the analyzer loads (same model, same excluded components);
  (b) full:  NlpAnalyzer.analyze_many over the same articles (spaCy plus entities, quotes,
             attribution);

and prints words per CPU second (time.process_time) for both and the ratio full / bare.
Each measurement is the best of --repeat runs, (a) and (b) interleaved and taking turns
to go first, after a warm-up. As (a) and (b) share the machine with whatever else runs,
it also times (c) the analysis alone on documents parsed beforehand: the part of (b) that
is not spaCy.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from newsroom_parser.nlp import (
    EXCLUDED_COMPONENTS,
    ArticleText,
    NlpAnalyzer,
    analyze_parsed,
    segments_of,
)

SEED = Path(__file__).resolve().parents[1] / "tests/fixtures/nlp/rollcall-2018-08-06.article.json"


def load_articles(path: Path) -> list[ArticleText]:
    data: Any = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, dict):
        return [ArticleText(data.get("title"), data.get("subtitle"), data["paragraphs"], "en")]
    articles = []
    for doc in data:
        first, _, rest = doc["text"].partition("\n")
        paragraphs = [p.strip() for p in rest.split("\n\n") if p.strip()]
        articles.append(ArticleText(first.strip(), None, paragraphs, "en"))
    return articles


def best_time(run: Any, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()  # CPU seconds: the machine is shared
        run()
        best = min(best, time.process_time() - started)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", type=Path, nargs="*", default=[SEED])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    articles = [a for path in args.inputs for a in load_articles(path)]
    texts = [t for a in articles for t in segments_of(a).texts]
    n_words = sum(len(t.split()) for t in texts)
    analyzer = NlpAnalyzer()
    nlp = analyzer.nlp  # the very pipeline object the analyzer uses

    def bare() -> None:
        for _ in nlp.pipe(texts, batch_size=analyzer.batch_size):
            pass

    def full() -> None:
        analyzer.analyze_many(articles)

    plans = [segments_of(a) for a in articles]
    parsed = list(nlp.pipe(texts, batch_size=analyzer.batch_size))

    def analysis_only() -> None:
        at = 0
        for plan in plans:
            analyze_parsed(plan, parsed[at : at + len(plan.texts)])
            at += len(plan.texts)

    analyzer.analyze_many(articles[:3])  # warm-up: caches, first-call allocations
    bare_s = full_s = float("inf")
    for r in range(args.repeat):  # interleaved, in turns first, so both see the same load
        for which in ("bare", "full") if r % 2 == 0 else ("full", "bare"):
            if which == "bare":
                bare_s = min(bare_s, best_time(bare, 1))
            else:
                full_s = min(full_s, best_time(full, 1))
    analysis_s = best_time(analysis_only, args.repeat)

    print(f"pipeline: {nlp.meta['name']} {nlp.meta['version']}, components {nlp.pipe_names}")
    print(f"excluded: {list(EXCLUDED_COMPONENTS)}")
    print(f"{len(articles)} articles, {len(texts)} texts, {n_words} words, best of {args.repeat}")
    print(f"bare spaCy : {bare_s:7.2f}s  {n_words / bare_s:8.0f} words/s")
    print(f"full NLP   : {full_s:7.2f}s  {n_words / full_s:8.0f} words/s")
    print(f"ratio full/bare: {full_s / bare_s:.3f}")
    print(
        f"analysis alone (on parsed docs): {analysis_s:.2f}s, "
        f"{analysis_s / bare_s:.1%} of the bare spaCy time"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
