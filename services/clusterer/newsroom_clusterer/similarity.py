"""Article bodies as MinHash signatures of their word shingles, and LSH band keys. Pure.

A body is case-folded, NFKC-normalised and cut into words; its shingles are the runs of
`SHINGLE_WORDS` consecutive words. Two bodies' Jaccard similarity (shared shingles over all
shingles) is estimated by the share of equal values in their MinHash signatures (datasketch,
`PERMUTATIONS` hash permutations, seeded: the same text gives the same signature in every
process and release). The signature is cut into `BANDS` bands of `ROWS` values; two articles
with one equal band are candidates, and the signature decides.

Measured on the project's story families (benchmarks/story_clusters.py): with 5-word shingles,
copies and light edits of one story have a Jaccard similarity of 0.42 to 0.91, independent
rewrites 0.00 to 0.02, other stories on the same topic (same people, same places, a shared
template) at most 0.07. Every setting tried clusters them without a mistake (precision and
recall 1.0 over 21 arrival orders), so cost decides: 64 permutations cost half the hashing of
128, and 21 bands of 3 rows make two bodies with a similarity of 0.5 candidates with a
probability of 0.94 (0.87 at 0.45; 0.64 for 16 bands of 4) for 2.4 kB per article (42 bands:
4.5 kB). The threshold of 0.3 sits between the lowest light edit (0.42) and the highest
negative (0.07), where a 64-value estimate errs by 0.06 (one standard deviation) at most.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash
from datasketch.hashfunc import sha1_hash32

SHINGLE_WORDS = 5
PERMUTATIONS = 64
BANDS = 21
ROWS = 3
SEED = 20240506  # part of the signature's definition: changing it changes every signature
# Estimated Jaccard similarity from which an article joins a candidate's story.
THRESHOLD = 0.3

_WORD = re.compile(r"\w+")
# The permutations are drawn once (datasketch draws them from the seed in every MinHash).
_TEMPLATE = MinHash(num_perm=PERMUTATIONS, seed=SEED, hashfunc=sha1_hash32)


def words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    tokens = words(text)
    if len(tokens) <= size:
        return {" ".join(tokens).encode()} if tokens else set()
    return {" ".join(tokens[i : i + size]).encode() for i in range(len(tokens) - size + 1)}


@dataclass(frozen=True)
class Params:
    permutations: int = PERMUTATIONS
    bands: int = BANDS
    rows: int = ROWS
    threshold: float = THRESHOLD
    shingle_words: int = SHINGLE_WORDS

    def __post_init__(self) -> None:
        if self.bands * self.rows > self.permutations:
            raise ValueError("bands x rows must not exceed the permutations")


DEFAULT = Params()


def signature(text: str, params: Params = DEFAULT) -> np.ndarray:
    """The MinHash signature of a body (uint32, `params.permutations` values); an empty body
    gives a signature of maximal values, which matches nothing."""
    if params.permutations == PERMUTATIONS:
        minhash = _TEMPLATE.copy()
    else:
        minhash = MinHash(num_perm=params.permutations, seed=SEED, hashfunc=sha1_hash32)
    found = shingles(text, params.shingle_words)
    if found:
        minhash.update_batch(list(found))
    return minhash.hashvalues.astype(np.uint32)


_EMPTY = np.uint32(2**32 - 1)


def is_empty(values: np.ndarray) -> bool:
    """The signature of a body without words: it must match nothing, not every other one."""
    return bool(np.all(values == _EMPTY))


def band_keys(values: np.ndarray, params: Params = DEFAULT) -> list[bytes]:
    """One key per band: the band's number and its values, as bytes."""
    rows = params.rows
    raw = values[: params.bands * rows].astype("<u4").tobytes()
    width = rows * 4
    return [bytes((band,)) + raw[band * width : (band + 1) * width] for band in range(params.bands)]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two bodies."""
    return float(np.count_nonzero(a == b)) / len(a)
