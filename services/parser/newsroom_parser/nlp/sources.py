"""Who stands behind words that name no person: the organisation "it", "the company" or
"they" take up, the author of a writing ("the statement said"), the one a spokesperson
speaks for ("a council spokesman"). A mixin of the Resolver, reading its index and parses.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from .attribution import is_cue
from .lexicon import (
    COLLECTIVE_NOUNS,
    FINDING_VERBS,
    GOVERNING_NOUNS,
    ORG_HEADS,
    PLATFORM_USERS,
    PLATFORMS,
    READ_VERBS,
    SPEAKER_LABELS,
    SUBJECT_DEPS,
)

if TYPE_CHECKING:
    from .canonical import Cluster, EntityIndex
    from .entities import Mention

# How far back (in paragraphs) a pronoun or description looks for its person.
LOOKBACK = 3
# Nouns that, in lower case, stand for an organisation named before ("the water board").
_ORGANISATION_NOUNS = COLLECTIVE_NOUNS | ORG_HEADS | frozenset({"service"})


class SourceLookups:
    """Organisations, authors and principals of an article's speaker words."""

    index: EntityIndex
    docs: list[Doc]
    quoted: dict[int, set[int]]
    _at: dict[tuple[int, int], Mention]

    def _same_word_before(self, seg: int, head: Token) -> Iterator[tuple[int, Token]]:
        """(segment, token) of the word ``head`` is, written earlier outside quotes, a few
        paragraphs back at most, latest first."""
        for s in range(seg, max(seg - LOOKBACK, 0) - 1, -1):
            doc = self.docs[s]
            inside = self.quoted.get(s, ())
            stop = head.i if s == seg else len(doc)
            for tok in reversed(doc[:stop]):
                if tok.lower_ == head.lower_ and tok.i not in inside:
                    yield s, tok

    def _principal(self, seg: int, head: Token) -> Cluster | None:
        """Whom an unnamed spokesperson speaks for: a person or organisation named in the
        description, else, for "a company spokesperson", the organisation just named."""
        for tok in _own_words(head):
            cluster = self._speaker_at(seg, tok) if tok.i != head.i else None
            if cluster is not None:
                return cluster
        for child in head.children:
            # "a Corvex spokesperson", "an Early Literacy Office spokesman" with the name
            # untagged there: the organisation the article names so elsewhere
            if child.dep_ == "compound" and child.tag_ == "NNP" and child.i < head.i:
                named = self._organisation_at(seg, child)
                if named is not None:
                    return named
        for child in head.children:
            if child.dep_ == "compound" and child.lower_ in COLLECTIVE_NOUNS:
                # "a council spokesman": the council just the subject, else the latest
                # organisation named a council
                before = self._organisation_before(seg, head, since=(seg - 1, 0))
                return before or self._latest_named(seg, head, child.lower_)
            if child.dep_ == "compound" and child.tag_ == "NN":
                # "a hospital spokesman": the hospital just named
                named = self._described_organisation(seg, child, article=False)
                if named is not None:
                    return named
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ == "for":
                # "a spokeswoman for the water board": the Water Board named before
                for obj in prep.children:
                    if obj.dep_ == "pobj" and (named := self._described_organisation(seg, obj)):
                        return named
        return None

    def _speaking_body(self, seg: int, tok: Token) -> Cluster | None:
        """'The civil defence service said …': the organisation named before that speaks
        here under a description. One described doing something else ("it said the union
        had rejected what it called …") is not who "it" is."""
        return self._described_organisation(seg, tok) if is_cue(tok.head) else None

    def _described_organisation(self, seg: int, tok: Token, article: bool = True) -> Cluster | None:
        """'the water board', 'the office's': the latest organisation named before with
        those words ("Tallow Creek Water Board"), if the article names one."""
        if tok.tag_ != "NN" or tok.lower_ not in _ORGANISATION_NOUNS:
            return None
        if article and not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            return None
        # all its words: "the water board" is the Water Board, not a later School Board
        compounds = [c.lower_ for c in tok.children if c.dep_ == "compound"]
        return self._latest_named(seg, tok, tok.lower_, also=frozenset([*compounds, tok.lower_]))

    def _organisation_at(self, seg: int, tok: Token) -> Cluster | None:
        """The organisation a subject names: its mention, else, where the recogniser left
        the name untagged ("Corvex is based in Harlow"), the one organisation the article
        names so elsewhere."""
        mention = self._at.get((seg, tok.i))
        if mention is not None:
            cluster = self.index.clusters[mention.cluster]
            return cluster if cluster.label == "ORG" else None
        if not tok.text[:1].isupper() or not tok.tag_.startswith("NN"):
            return None  # a capitalised noun: the tagger may take a name ("WeWork") for a word
        words = [c for c in tok.lefts if c.dep_ == "compound" and c.text[:1].isupper()]
        name = " ".join(w.text for w in (*words, tok))
        if words and words[0].i + len(words) != tok.i:
            return None
        return self._organisation_named(name)

    def _organisation_named(self, word: str) -> Cluster | None:
        """The one organisation whose name is ``word`` or opens with it."""
        found = {
            c.index
            for c in self.index.clusters
            if c.label == "ORG"
            and any(m.text == word or m.text.startswith(word + " ") for m in c.mentions)
        }
        return self.index.clusters[found.pop()] if len(found) == 1 else None

    def _they(self, seg: int, head: Token) -> tuple[Cluster | None, str | None]:
        """Who 'they' takes up: the latest plural subject before it, in this paragraph or
        the one before. Named people joined ("Lee and Kim sent a letter") as one name ("Ann
        Lee and Tom Kim"); an organisation the writer made plural ("Brightline Records
        have denied it"). Nobody when that subject is anything else ("residents",
        "officials", another "they")."""
        for s in range(seg, max(seg - 1, 0) - 1, -1):
            doc = self.docs[s]
            inside = self.quoted.get(s, ())
            stop = head.i if s == seg else len(doc)
            for tok in reversed(doc[:stop]):
                if tok.i in inside or tok.dep_ not in SUBJECT_DEPS:
                    continue
                joined = [c for c in tok.subtree if c.dep_ == "conj" and c.head.dep_ != "appos"]
                if not joined and _plural_verb(tok):
                    # "the label, Brightline Records, have …": the name in apposition
                    named = [tok, *(c for c in tok.children if c.dep_ == "appos")]
                    group = next((o for w in named if (o := self._organisation_at(s, w))), None)
                    if group is not None:
                        return group, None
                if (
                    not joined
                    and tok.tag_ not in ("NNS", "NNPS")
                    and tok.lower_ not in ("they", "we")
                ):
                    continue  # one person or thing: not what "they" takes up
                names: list[str] = []
                for word in (tok, *joined):
                    mention = self._at.get((s, word.i))
                    cluster = self.index.clusters[mention.cluster] if mention else None
                    if cluster is None or cluster.label != "PERSON":
                        return None, None
                    if cluster.name not in names:
                        names.append(cluster.name)
                return None, " and ".join(names) if len(names) > 1 else None
        return None, None

    def _author(self, seg: int, head: Token) -> Cluster | None:
        """Who issued a writing, as its own words say: "Lee's letter", "the Lee memo", "a
        statement from Lee", "a report by the council", "a post on the Lee campaign's site",
        "a letter signed by Lee"."""
        owners = [c for c in head.children if c.dep_ in ("poss", "compound") and c.i < head.i]
        words = list(head.children)
        if head.dep_ == "dobj" and head.head.lower_ in READ_VERBS:
            words += head.head.children  # "“…,” read a letter from Lee": "from" on the verb
        for prep in words:
            if prep.dep_ == "prep" and prep.lower_ in ("from", "by", "on"):
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        owners.append(obj)
                        if prep.lower_ == "on":  # the site's owner, not the site
                            owners = owners[:-1] + [
                                c for c in obj.children if c.dep_ in ("poss", "compound")
                            ]
            elif prep.dep_ == "acl":
                owners += [w for a in prep.children if a.dep_ == "agent" for w in a.children]
        for tok in owners:
            # "the Lee campaign's": the one the campaign is named after
            for word in (tok, *(c for c in tok.children if c.dep_ in ("poss", "compound"))):
                cluster = self._speaker_at(seg, word) or self._described_organisation(seg, word)
                if cluster is not None:
                    return cluster
        return None

    def _earlier_author(self, seg: int, head: Token) -> Cluster | None:
        """'the statement' after "Lee released a statement" or "Lee said in a statement":
        the latest one to issue a writing of that name, a few paragraphs back at most."""
        for s, tok in self._same_word_before(seg, head):
            author = self._author(s, tok)
            verb, steps = tok.head, 0
            while author is None and steps < 3 and not verb.tag_.startswith("VB"):
                verb, steps = verb.head, steps + 1
            if author is None and verb.tag_.startswith("VB"):
                subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
                author = self._speaker_at(s, subject) if subject is not None else None
                if author is None and subject is not None and definite_noun(subject):
                    # "The rescue service said in a statement": the body it describes, not
                    # "a group of parents sent a letter"
                    author = self._organisation(s, subject)
            if author is not None:
                return author
        return None

    def _speaker_at(self, seg: int, tok: Token) -> Cluster | None:
        mention = self._at.get((seg, tok.i))
        if mention is None:
            return None
        cluster = self.index.clusters[mention.cluster]
        return cluster if cluster.label in SPEAKER_LABELS else None

    def _organisation_within(self, seg: int, head: Token) -> Cluster | None:
        users = head.lower_ in PLATFORM_USERS  # "a Weibo user" speaks for no Weibo
        for tok in _own_words(head):
            mention = self._at.get((seg, tok.i))
            if mention is None:
                continue
            # the entity's label, not the mention's: "Lee's relatives" are no organisation
            # when the article's Lee is a person the recogniser once tagged ORG
            cluster = self.index.clusters[mention.cluster]
            if cluster.label in ("ORG", "GPE") and not (
                users and cluster.name.lower() in PLATFORMS
            ):
                return cluster
        return None

    def _organisation_before(
        self, seg: int, head: Token, since: tuple[int, int] | None = None
    ) -> Cluster | None:
        """The latest organisation that was the subject of a clause between ``since`` (a
        segment and token; by default the start of the previous sentence) and ``head``:
        who "it" or "the group" is when it speaks."""
        if since is None:
            sent_start = head.sent.start
            if sent_start > 0:
                since = (seg, head.doc[sent_start - 1].sent.start)
            elif seg - 1 in self.quoted and len(self.docs[seg - 1]):
                # "it" opening a paragraph: the previous sentence ends the paragraph before
                since = (seg - 1, self.docs[seg - 1][-1].sent.start)
            else:
                since = (seg, 0)
        best: tuple[tuple[int, int], Cluster] | None = None
        for cluster in self.index.clusters:
            if cluster.label != "ORG":
                continue
            for m in cluster.mentions:
                at = (m.seg, m.start)
                if not since <= at < (seg, head.i) or m.seg < 0:
                    continue
                root = self.docs[m.seg][m.start : m.end].root  # "Association" of "… of …"
                if _stands_as_subject(root) and (best is None or at > best[0]):
                    best = (at, cluster)
        # "Corvex is based in Harlow" with "Corvex" untagged there: the organisation the
        # article names so elsewhere
        for s in range(max(since[0], 0), seg + 1):
            inside = self.quoted.get(s, ())
            for tok in self.docs[s]:
                at = (s, tok.i)
                if not since <= at < (seg, head.i) or (best is not None and at < best[0]):
                    continue
                if (
                    _stands_as_subject(tok)
                    and tok.i not in inside
                    and at not in self._at
                    and (named := self._organisation_at(s, tok) or self._speaking_body(s, tok))
                    is not None
                ):
                    best = (at, named)
        return best[1] if best else None

    def _organisation(self, seg: int, head: Token) -> Cluster | None:
        """'the IMF report', 'the commission': an organisation named in the description
        itself, else the latest one before it whose name contains the head noun."""
        for child in head.children:
            if child.dep_ == "compound":
                mention = self._at.get((seg, child.i))
                if mention is not None and mention.label in ("ORG", "GPE", "NORP"):
                    return self.index.clusters[mention.cluster]
        noun = head.lower_
        latest = self._latest_named(seg, head, noun)
        if latest is None and noun in COLLECTIVE_NOUNS:
            # "the union wrote" after "the Association of Nurses called …"
            return self._organisation_before(seg, head, since=(seg - 1, 0))
        return latest

    def _latest_named(
        self, seg: int, head: Token, noun: str, also: frozenset[str] = frozenset()
    ) -> Cluster | None:
        """The latest organisation before ``head`` whose name holds ``noun`` ("the
        commission": "Harbor Commission") or that was described by it; with ``also``, whose
        name holds those words too."""
        latest: tuple[tuple[int, int], Cluster] | None = None
        for cluster in self.index.clusters:
            words = set(cluster.name.lower().split())
            if (
                cluster.label != "ORG"
                or (noun not in words and noun not in cluster.descriptors)
                or not also <= words
            ):
                continue
            for m in cluster.mentions:
                at = (m.seg, m.start)
                if at < (seg, head.i) and (latest is None or at > latest[0]):
                    latest = (at, cluster)
        return latest[1] if latest else None


def _stands_as_subject(name: Token) -> bool:
    """A name that is the subject, in apposition to it ("The buyer, Tarrow Mills, plans
    …") or owning the body that is ("Castle Fidelity's trustees said …")."""
    if name.dep_ in SUBJECT_DEPS:
        return True
    if name.dep_ == "appos" and name.head.dep_ in SUBJECT_DEPS:
        return True
    return (
        name.dep_ == "poss"
        and name.head.dep_ in SUBJECT_DEPS
        and name.head.lower_ in COLLECTIVE_NOUNS | GOVERNING_NOUNS
    )


def _plural_verb(subject: Token) -> bool:
    """Whether a subject's verb, or its first auxiliary, is in the plural: "have denied",
    "are", "were" (a name's verb in the present is singular unless the writer counts its
    members, as of a company or a band)."""
    verb = subject.head
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i < verb.i]
    first = aux[0] if aux else verb
    return first.tag_ == "VBP" or first.lower_ == "were"


def _own_words(head: Token) -> list[Token]:
    """The words of a description up to any clause in it, except the agent of a participle:
    "a complaint filed by the Harbor Trust" is the Trust's; "documents obtained by the
    Courier" are not the Courier's words."""
    words: list[Token] = []
    skip: set[int] = set()
    for tok in head.subtree:
        if tok.i in skip:
            continue
        if tok.dep_ == "relcl" or (tok.dep_ == "acl" and tok.head.i == head.i):
            agents = (
                [c for c in tok.children if c.dep_ == "agent"]
                if tok.dep_ == "acl" and tok.lower_ not in FINDING_VERBS
                else []
            )
            words.extend(w for a in agents for w in a.subtree)
            skip.update(t.i for t in tok.subtree)
            continue
        if tok.dep_ == "acl":
            break
        words.append(tok)
    return words


def definite_noun(tok: Token) -> bool:
    """'the service', 'the consortium': a common noun written with "the"."""
    return tok.tag_ == "NN" and any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children)
