"""Which people of an article are 'he' and which 'she'.

Honorifics ("Mr.", "Ms.") come first, then a noun set beside the name ("Her brother, Timur
Solenko,"), then a common given name, then the article's own words: a sentence that names
exactly one person and has "he" or "she" as a subject outside quotation marks is a vote for
that person's gender, and so is the next sentence when it names nobody.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from spacy.tokens import Doc

from .canonical import Cluster, EntityIndex
from .lexicon import PRONOUN_GENDER, SUBJECT_DEPS, SUBJECT_PRONOUNS
from .names import gender_of, noun_gender


def infer_genders(index: EntityIndex, docs: list[Doc], quoted: dict[int, set[int]]) -> None:
    """Set ``gender`` ("m"/"f") on the person clusters of ``index`` where it can be told."""
    people: dict[tuple[int, int], int] = {}
    for cluster in index.clusters:
        if cluster.label == "PERSON":
            for m in cluster.mentions:
                people[(m.seg, m.start)] = cluster.index
    votes: dict[int, Counter[str]] = defaultdict(Counter)
    for seg, doc in enumerate(docs):
        inside = quoted.get(seg, set())
        last: int | None = None  # the only person of the previous sentence
        for sent in doc.sents:
            named: set[int] = set()
            pronouns: Counter[str] = Counter()
            for tok in sent:
                if tok.i in inside:
                    continue
                key = (seg, tok.i)
                if key in people:
                    named.add(people[key])
                elif tok.lower_ in SUBJECT_PRONOUNS and tok.dep_ in SUBJECT_DEPS:
                    # "his" and "her" too often belong to someone else in the sentence
                    pronouns[PRONOUN_GENDER[tok.lower_]] += 1
            target = next(iter(named)) if len(named) == 1 else (last if not named else None)
            if target is not None:
                votes[target].update(pronouns)
            last = next(iter(named)) if len(named) == 1 else None
    for cluster in index.clusters:
        if cluster.gender is None and cluster.label == "PERSON":
            cluster.gender = _described_gender(cluster, docs) or gender_of(cluster.name.split()[0])
    for i, count in votes.items():
        cluster = index.clusters[i]
        if cluster.gender is None:
            male, female = count["m"], count["f"]
            if male > 2 * female:
                cluster.gender = "m"
            elif female > 2 * male:
                cluster.gender = "f"


def _described_gender(cluster: Cluster, docs: list[Doc]) -> str | None:
    """The gender a noun in apposition to one of the person's mentions tells: "Her brother,
    Timur Solenko," or "Ana Ruiz, the company's spokeswoman,"."""
    for m in cluster.mentions:
        if m.seg < 0:
            continue
        head = docs[m.seg][m.start : m.end].root
        nouns = [c for c in head.children if c.dep_ == "appos"]
        if head.dep_ == "appos":
            nouns.append(head.head)
        for noun in nouns:
            gender = noun_gender(noun.lower_) if noun.tag_ in ("NN", "NNS") else None
            if gender is not None:
                return gender
    return None
