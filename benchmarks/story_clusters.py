"""Story clusters: pairwise precision and recall on the story families, cost and memory.

    python benchmarks/story_clusters.py [--orders 20] [--synthetic 100000]

1. Quality: the families of tests/fixtures/stories (a wire story, three verbatim copies with
   other outlets' chrome, three light edits, an independent rewrite; hard negatives on the same
   topic) are clustered by `StoryIndex`, in the published order and in `--orders` shuffled
   arrival orders, for the default parameters and a few others. A pair of articles is
   predicted "same story" when they get one story id. Precision is over every predicted pair;
   recall is reported for copies and light edits (the target) and for rewrites, separately.
2. Cost: CPU time (process time) per article for the signature and the assignment, on
   `--synthetic` articles of 300-700 words drawn from the families' vocabulary.
3. Memory: what the index holds after those articles (tracemalloc, and numpy's buffer),
   scaled to a million.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import time
import tracemalloc
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsroom_clusterer.index import StoryIndex
from newsroom_clusterer.similarity import DEFAULT, Params, signature, words
from tests.story_families import Member, members


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    dup_pairs: int = 0
    dup_found: int = 0
    rewrite_pairs: int = 0
    rewrite_found: int = 0

    def add(self, other: Counts) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.dup_found / self.dup_pairs

    @property
    def rewrite_recall(self) -> float:
        return self.rewrite_found / self.rewrite_pairs


def cluster(articles: Iterable[Member], params: Params) -> dict[str, str]:
    index = StoryIndex(params)
    stories = {}
    for m in articles:
        a = m.article
        published = int(a.published_at.timestamp() * 1000) if a.published_at else None
        assignment = index.assign(a.id, signature(a.body, params), published, a.title, a.url)
        stories[a.id] = assignment.story.id
    return stories


def score(family: list[Member], stories: dict[str, str]) -> Counts:
    counts = Counts()
    for a, b in itertools.combinations(family, 2):
        same_predicted = stories[a.article.id] == stories[b.article.id]
        same_story = a.family == b.family
        if same_predicted:
            if same_story:
                counts.tp += 1
            else:
                counts.fp += 1
        if same_story:
            if "rewrite" in (a.kind, b.kind):
                counts.rewrite_pairs += 1
                counts.rewrite_found += same_predicted
            else:
                counts.dup_pairs += 1
                counts.dup_found += same_predicted
    return counts


def quality(params: Params, orders: int) -> Counts:
    everyone = members()
    total = Counts()
    arrivals = [everyone] + [
        random.Random(seed).sample(everyone, len(everyone)) for seed in range(orders)
    ]
    for arrival in arrivals:
        total.add(score(everyone, cluster(arrival, params)))
    return total


def synthetic_bodies(count: int, seed: int = 7) -> list[str]:
    vocabulary = sorted({w for m in members() for w in words(m.article.body)})
    rng = random.Random(seed)
    return [" ".join(rng.choices(vocabulary, k=rng.randint(300, 700))) for _ in range(count)]


def cost_and_memory(count: int) -> tuple[float, float, float]:
    bodies = synthetic_bodies(count)
    tracemalloc.start()
    index = StoryIndex(DEFAULT, capacity=count)
    started = time.process_time()
    for n, body in enumerate(bodies):
        index.assign(f"{n:032x}", signature(body), 1_700_000_000_000 + n, None, None)
    cpu = (time.process_time() - started) / count
    current, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    signatures = index._signatures.nbytes
    return cpu * 1000, current / count, signatures / count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orders", type=int, default=20, help="shuffled arrival orders")
    parser.add_argument("--synthetic", type=int, default=100_000, help="articles for cost")
    args = parser.parse_args()
    family = members()
    kinds: dict[str, int] = {}
    for m in family:
        kinds[m.kind] = kinds.get(m.kind, 0) + 1
    print(f"{len(family)} articles: {kinds}; {args.orders + 1} arrival orders")
    print(
        "shingle perms bands x rows threshold | precision | recall copies+light edits | "
        "recall rewrites"
    )
    candidates = [
        DEFAULT,
        Params(permutations=64, bands=16, rows=4, threshold=0.3),
        Params(permutations=64, bands=32, rows=2, threshold=0.3),
        Params(permutations=128, bands=42, rows=3, threshold=0.3),
        Params(permutations=64, bands=21, rows=3, threshold=0.5),
        Params(permutations=64, bands=21, rows=3, threshold=0.3, shingle_words=3),
    ]
    for params in candidates:
        counts = quality(params, args.orders)
        mark = "  (default)" if params == DEFAULT else ""
        print(
            f"{params.shingle_words:7} {params.permutations:5} {params.bands:5} x "
            f"{params.rows:<4} {params.threshold:9} | {counts.precision:9.3f} | "
            f"{counts.recall:24.3f} | {counts.rewrite_recall:.3f}{mark}"
        )
    ms, per_article, signatures = cost_and_memory(args.synthetic)
    print(f"cost: {ms:.2f} ms CPU per article (signature + assignment), {args.synthetic} articles")
    print(
        f"memory: {per_article:.0f} bytes per article ({signatures:.0f} of them the signature): "
        f"{per_article * 1e6 / 2**30:.2f} GiB per million articles"
    )


if __name__ == "__main__":
    main()
