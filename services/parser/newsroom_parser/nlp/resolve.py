"""Turn the words naming a speaker into a person of the article.

Names resolve through the entity index. "He"/"she" look back sentence by sentence for
the nearest one naming a person of a compatible gender and take its most central person
(a speaker, else the mention nearest the root of the parse). Definite descriptions ("the
senator", "the Kentucky Republican") go to the latest person carrying that title or
described with that noun in apposition, else like a pronoun of the gender the noun tells
("the businesswoman"), and to nobody after "a spokeswoman for … said" introduced one
unnamed; "the commission", "the group", "it" to an organisation (sources.py). "I", "we",
"a source", "a Weibo user" and the like name nobody identifiable and resolve to None.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .attribution import is_age_description, is_cue
from .canonical import Cluster, EntityIndex
from .descriptions import (
    age_given,
    age_of,
    described_as,
    fits,
    role_word,
    roles_before,
    untagged_apposition,
)
from .entities import Mention
from .lexicon import (
    ASKING_VERBS,
    DOCUMENT_NOUNS,
    FIRST_PERSON,
    GROUP_PRONOUNS,
    INDEFINITE_DETERMINERS,
    KIN_GENDER,
    MEMBERS_OF_PUBLIC,
    MORE_PERSON_NOUNS,
    NAME_TAGS,
    PERSON_NOUNS,
    PLACE_VOICES,
    PRONOUN_GENDER,
    REPLY_CUES,
    ROLE_NOUNS,
    SPEAKER_LABELS,
    SPOKESPEOPLE,
    SUBJECT_DEPS,
    SUBJECT_PRONOUNS,
    TITLE_NOUNS,
    TITLES,
    singular_forms,
)
from .names import noun_gender
from .results import Speaker
from .sources import LOOKBACK, SourceLookups, definite_noun

# How a paragraph of running text ends.
CLOSING = tuple(".!?…:;”\"’')]")
# ``_Event.cluster`` of a person the article does not name ("my father")
_UNNAMED = -1
_PRONOUN = -2  # in ``_chain``: a "he"/"she" still to resolve
_DESCRIBED = -3  # in ``_chain``: "the coach", to resolve by what the person is called


@dataclass(frozen=True)
class _Event:
    """A person named at token ``tok`` of segment ``seg``; ``depth`` ranks how central
    the mention is in its sentence (0 for a speaker, else its distance from the root).
    ``cluster`` is ``_UNNAMED`` for a person the article does not name, of ``gender``."""

    seg: int
    tok: int
    sent: int
    cluster: int
    depth: int
    oblique: bool = False  # in a prepositional phrase: "a tour of the port", "of Lee's plan"
    gender: str | None = None


def _modifier(tok: Token) -> bool:
    """A name used as a modifier: 'the Okafor campaign', 'an Okafor supporter', 'Okafor
    voters'."""
    if tok.dep_ not in ("compound", "amod", "nmod"):
        return False
    if tok.head.tag_ in ("NN", "NNS") and tok.head.i > tok.i:
        return True
    return any(c.dep_ in ("det", "poss") and c.i < tok.i for c in tok.head.children)


def _parenthetical_cue_subject(tok: Token) -> bool:
    return tok.dep_ in SUBJECT_DEPS and tok.head.dep_ == "parataxis"


def _within(tok: Token, root: Token) -> bool:
    """Whether ``tok`` is in the subtree of ``root``."""
    return root.left_edge.i <= tok.i <= root.right_edge.i and any(
        a.i == root.i for a in (tok, *tok.ancestors)
    )


def _oblique(tok: Token) -> bool:
    """Whether a word is in a prepositional phrase: the object of a preposition or a word
    that modifies it ("about Lee's remarks")."""
    steps = 0
    while tok.head.i != tok.i and steps < 4:
        if tok.dep_ == "pobj":
            return True
        if tok.dep_ not in ("poss", "compound", "amod", "nmod", "appos"):
            return False
        tok, steps = tok.head, steps + 1
    return tok.dep_ == "pobj"


def _depth(tok: Token) -> int:
    """How far a word is from the root of its sentence. A name in apposition stands where
    the noun it names stands: in "the city's chief engineer, Ana Ruiz, said" Ruiz is the
    subject, as central as "engineer" and more than "the city's"."""
    if tok.dep_ == "appos" and tok.head.i != tok.i:
        tok = tok.head
        # "the chief of Harlow Foods, Ana Lind, said": the parse hangs her name on the
        # name just before it, inside the phrase that describes her; she stands where the
        # noun the phrase describes stands
        if tok.ent_type_ and tok.dep_ == "pobj" and tok.head.dep_ == "prep":
            tok = tok.head.head
    depth = 1
    while tok.head.i != tok.i and depth < 12:
        tok, depth = tok.head, depth + 1
    return depth


class Resolver(SourceLookups):
    """Resolves speaker words to entities, remembering who was talked about, in order."""

    def __init__(self, index: EntityIndex, docs: list[Doc], quoted: dict[int, set[int]]) -> None:
        self.index = index
        self.docs = docs
        self.quoted = quoted
        mentions = [m for c in index.clusters for m in c.mentions]
        self._at: dict[tuple[int, int], Mention] = {}
        for m in mentions:
            for i in range(m.start, m.end):
                self._at[(m.seg, i)] = m
        self._events: list[tuple[int, int]] = []
        self._unfinished = {
            seg
            for seg in quoted  # body paragraphs (headlines go without a full stop)
            if not docs[seg].text.rstrip().endswith(CLOSING)
        }
        self._info: list[_Event] = []
        self._describe(mentions)
        self._chain(mentions)

    def _describe(self, mentions: list[Mention]) -> None:
        """Add the nouns a person is described with in apposition to the titles written
        before the name: after "Ann Pike, the police chief," or "the police chief, Ann
        Pike," a later "the chief" is Pike; after "The group, Harbor Tenants United," a
        later "the group" is that organisation."""
        for m in mentions:
            cluster = self.index.clusters[m.cluster]
            if cluster.label not in ("PERSON", "ORG") or m.seg < 0:
                continue
            head = self.docs[m.seg][m.start : m.end].root
            nouns = [c for c in head.children if c.dep_ == "appos"]
            if head.dep_ == "appos":
                nouns.append(head.head)
            doc = self.docs[m.seg]
            before = doc[m.start - 2] if m.start > 1 and doc[m.start - 1].text == "," else None
            set_off = m.end == len(doc) or doc[m.end].is_punct  # not "the driver, Ann Pike said"
            if (
                before is not None
                and before.tag_ == "NN"
                and before.lower_ in ROLE_NOUNS
                and set_off
            ):
                nouns.append(before)  # "their point guard, Dion Marsh", however parsed
            for noun in nouns:
                if noun.tag_ in ("NN", "NNS") and noun.i not in self.quoted.get(m.seg, ()):
                    # with its title words: "Vera Halloran, the prime minister,"
                    cluster.descriptors.update(described_as(noun).split())
            if cluster.label == "PERSON":
                cluster.descriptors.update(roles_before(self.docs[m.seg], m.start))
            age = age_given(self.docs[m.seg], m) if cluster.label == "PERSON" else None
            if age is not None:
                cluster.descriptors.add(f"{age}-year-old")

    def _chain(self, mentions: list[Mention]) -> None:
        """Lay out, in reading order, who each sentence is about: named people, and the
        "he"/"she" subjects in between, each resolved against what came before it."""
        found: list[tuple[int, int, int]] = []  # (seg, token, cluster or -1 for a pronoun)
        unfinished = self._unfinished
        for m in mentions:
            if self.index.clusters[m.cluster].label != "PERSON":
                continue
            head = self.docs[m.seg][m.end - 1]
            # Inside a quote, people are the speaker's topic; as a modifier ("the Okafor
            # campaign"), a name is not who the sentence is about; in a line with no verb
            # (a credit, a widget's "Very Bad" left among the paragraphs) or a paragraph
            # with no closing punctuation (a teaser of another story), nobody is.
            inside = self.quoted.get(m.seg, ())
            if (
                head.i not in inside
                and not _modifier(head)
                and _has_verb(head.sent, inside)
                and m.seg not in unfinished
            ):
                found.append((m.seg, head.i, m.cluster))
        for seg, doc in enumerate(self.docs):
            inside = self.quoted.get(seg, ())
            for tok in doc:
                if tok.dep_ not in SUBJECT_DEPS or tok.i in inside:
                    continue
                if tok.lower_ in SUBJECT_PRONOUNS:
                    found.append((seg, tok.i, _PRONOUN))
                elif _own_relative(tok):
                    found.append((seg, tok.i, _UNNAMED))
                elif _definite_person(tok) and (seg, tok.i) not in self._at:
                    found.append((seg, tok.i, _DESCRIBED))  # "The coach nodded."
                elif _unnamed_subject(tok) and (seg, tok.i) not in self._at:
                    # "A rebel commander denied it. “…,” he said": nobody named, not a man
                    # named before him; "An ATU spokesman said …": whom he speaks for
                    principal = self._principal(seg, tok) if tok.lower_ in SPOKESPEOPLE else None
                    found.append((seg, tok.i, principal.index if principal else _UNNAMED))
        for seg, i, cluster_index in sorted(found):
            head = self.docs[seg][i]
            gender = KIN_GENDER.get(head.lower_)
            if cluster_index == _UNNAMED and gender is None:
                gender = noun_gender(head.lower_)  # "a spokeswoman"
            if cluster_index == _PRONOUN:
                gender = PRONOUN_GENDER[head.lower_]
                event = self._antecedent_event(seg, i, gender)
                if event is None:
                    continue
                cluster_index = event.cluster
            elif cluster_index == _DESCRIBED:
                described = described_as(head)
                event = self._antecedent_event(seg, i, None, descriptor=described)
                if event is None and " " in described:
                    last = described.split()[-1]  # "the federal judge" of "Judge Ann Pike"
                    event = self._antecedent_event(seg, i, None, descriptor=last)
                if event is None:
                    continue
                cluster_index = event.cluster
            self._events.append((seg, i))
            self._info.append(
                _Event(
                    seg,
                    i,
                    head.sent.start,
                    cluster_index,
                    _depth(head),
                    _oblique(head),
                    gender,
                )
            )

    def _add(self, event: _Event) -> None:
        key = (event.seg, event.tok)
        pos = bisect.bisect_left(self._events, key)
        if pos < len(self._events) and self._events[pos] == key:
            self._info[pos] = event
            return
        self._events.insert(pos, key)
        self._info.insert(pos, event)

    def note(self, seg: int, tok: Token, speaker: Speaker) -> None:
        """Record a speaker carried over from an earlier quote as present at ``tok``."""
        cluster = self.index.by_id(speaker.entity_id) if speaker.entity_id else None
        if cluster is not None and cluster.label == "PERSON":
            self._add(_Event(seg, tok.i, tok.sent.start, cluster.index, 0))

    # -- public ---------------------------------------------------------------------------
    def resolve(self, seg: int, head: Token) -> Speaker:
        """The speaker named by ``head`` (the head word of the speaker's phrase)."""
        written, cluster, name = self._resolve(seg, head)
        if cluster is not None and cluster.label == "PERSON" and seg not in self._unfinished:
            self._add(_Event(seg, head.i, head.sent.start, cluster.index, 0))
        if cluster is not None:
            return Speaker(name=cluster.name, as_written=written, entity_id=cluster.id)
        return Speaker(name=name, as_written=written)

    def _resolve(self, seg: int, head: Token) -> tuple[str, Cluster | None, str | None]:
        definite = any(c.dep_ == "det" for c in head.children)  # "the senator"
        mention = self._at.get((seg, head.i)) or self._appositive(seg, head)
        # "the Ohio Democrat" is a person described, not the group (NORP) named
        if mention is not None and not (mention.label == "NORP" and definite):
            cluster = self.index.clusters[mention.cluster]
            if cluster.label in SPEAKER_LABELS:
                return mention.surface, cluster, None
        if mention is None and head.tag_ in ("NN", "NNS"):
            unnamed = untagged_apposition(head)
            if unnamed is not None:
                # "Its representative in Tarnow, Ines Carvalho-Lind, said": a full name the
                # recogniser missed
                known = self.index.person_named(tuple(unnamed.split()))
                return unnamed, known, None if known else unnamed
        low = head.lower_
        if low in PRONOUN_GENDER:
            gender = PRONOUN_GENDER[low]
            asked = (
                self._asked(seg, head, gender)
                if head.head.lower_ in REPLY_CUES
                else self._asked_before(seg, head, gender)
            )
            return head.text, asked or self._antecedent(seg, head.i, gender), None
        if low == "it":
            return head.text, self._organisation_before(seg, head), None
        if low in ("they", "them"):
            group, people = self._they(seg, head)
            return head.text, group, people
        if low in FIRST_PERSON or low in GROUP_PRONOUNS:
            return head.text, None, None
        if (head.is_title or head.tag_ in NAME_TAGS) and head.text[:1].isupper() and not definite:
            words = _name_words(head)
            # the name follows its last title ("Ohio Gov. Jo Kim"), and the last word is the
            # name even when it is also a title ("Mr. King", "Ms. Bishop")
            lead = max((i + 1 for i, w in enumerate(words[:-1]) if w.lower() in TITLES), default=0)
            bare = tuple(words[lead:])
            known = self.index.person_named(bare)
            # A capitalised word opening a sentence is a name only if the article knows it.
            if known is not None or head.tag_ in NAME_TAGS or head.i > head.sent.start:
                return " ".join(words), known, None if known else " ".join(bare)
        return self._description(seg, head)

    # -- helpers --------------------------------------------------------------------------
    def _asked(self, seg: int, head: Token, gender: str | None) -> Cluster | None:
        """'Pruitt asked Corliss whether …. “…,” he replied': the person last asked, in the
        sentence before the reply (the last of the paragraph before, when the reply opens
        its paragraph) or earlier in the reply's own sentence."""
        doc = head.doc
        start = head.sent.start
        if start > 0:
            return self._asked_in(seg, doc[doc[start - 1].sent.start : head.i], gender)
        if seg - 1 in self.quoted and len(self.docs[seg - 1]):
            prev = self.docs[seg - 1]
            found = self._asked_in(seg - 1, prev[prev[-1].sent.start :], gender)
            if found is not None:
                return found
        return self._asked_in(seg, doc[start : head.i], gender)

    def _asked_before(self, seg: int, head: Token, gender: str | None) -> Cluster | None:
        """'When the moderator asked Mr. Osei about it, he said:': the one asked, in a clause
        the answer's own sentence opens with."""
        clauses = [c for c in head.head.lefts if c.dep_ == "advcl" and c.i < head.i]
        for clause in clauses:
            if clause.lower_ in ASKING_VERBS:
                words = head.doc[clause.left_edge.i : clause.right_edge.i + 1]
                asked = self._asked_in(seg, words, gender)
                # the asker may answer too ("When Ann Pike asked Jordan Reyes …, she said"):
                # only a pronoun that fits the one asked, and no one else, is theirs
                return asked if asked is not None and asked.gender == gender else None
        return None

    def _asked_in(self, seg: int, words: Span, gender: str | None) -> Cluster | None:
        inside = self.quoted.get(seg, ())
        found: Cluster | None = None
        for tok in words:
            if tok.lower_ not in ASKING_VERBS or tok.i in inside:
                continue
            for obj in tok.children:
                if obj.dep_ not in ("dobj", "dative"):
                    continue
                cluster = self._speaker_at(seg, obj)
                if (
                    cluster is not None
                    and cluster.label == "PERSON"
                    and (gender is None or cluster.gender in (None, gender))
                ):
                    found = cluster
        return found

    def _appositive(self, seg: int, head: Token) -> Mention | None:
        """'the spokesman, Brian Fallon,': the person named in apposition, or right after
        the noun that says what they are ("goalkeeper Carly Voss", whatever the parse)."""
        after = self._at.get((seg, head.i + 1))
        if (
            after is not None
            and after.label == "PERSON"
            and head.is_ancestor(head.doc[after.end - 1])
        ):
            return after
        after = self._after_roles(seg, head)
        if after is not None:
            return after
        for tok in head.subtree:
            if tok.dep_ == "appos":
                for inner in tok.subtree:
                    mention = self._at.get((seg, inner.i))
                    if mention is not None and mention.label == "PERSON":
                        return mention
        return None

    def _behalf(self, seg: int, head: Token) -> Cluster | None:
        """'His lawyer read a statement on his behalf', 'a statement on behalf of Rosa
        Tilling': the one the writing speaks for, not its reader."""
        words = list(head.children)
        if head.dep_ == "dobj":
            words += head.head.children  # "on his behalf" hung on "read"
        for prep in words:
            behalf = next((o for o in prep.children if o.lower_ == "behalf"), None)
            if prep.lower_ != "on" or behalf is None:
                continue
            for tok in behalf.children:
                if tok.dep_ == "prep" and tok.lower_ == "of":
                    tok = next((o for o in tok.children if o.dep_ == "pobj"), tok)
                if tok.lower_ in PRONOUN_GENDER:
                    # looked up before the sentence: its reader is not whom "his" means
                    return self._antecedent(seg, tok.sent.start, PRONOUN_GENDER[tok.lower_])
                found = self._speaker_at(seg, tok)
                if found is not None:
                    return found
        return None

    def _after_roles(self, seg: int, head: Token) -> Mention | None:
        """'said co-founder and chief executive Ann Pike': the person named after a chain of
        roles in lower case, however the parse splits it."""
        doc = head.doc
        k = head.i + 1
        while k < len(doc) and k - head.i <= 6 and role_word(doc[k]):
            k += 1
        roles = [t for t in doc[head.i + 1 : k] if t.lower_ in ROLE_NOUNS or t.lower_ in TITLES]
        found = self._at.get((seg, k)) if roles else None  # not "the mayor and Ann Pike"
        if found is None or found.label != "PERSON" or found.start != k:
            return None
        # the head is a lower-case word the parse made the subject ("co" of "co-founder")
        return found if head.is_lower else None

    def _description(self, seg: int, head: Token) -> tuple[str, Cluster | None, str | None]:
        doc = head.doc
        start = head.left_edge.i
        while start < head.i and doc[start].is_punct:
            start += 1
        written = doc[start : head.i + 1].text
        first = doc[start].lower_
        if head.lower_ in DOCUMENT_NOUNS:
            # "a statement from Lee", "the statement said" after "Lee released a statement"
            author = self._behalf(seg, head) or self._author(seg, head)
            if author is None and first == "the":
                author = self._earlier_author(seg, head)
            if author is not None:
                return written, author, None
        if first in INDEFINITE_DETERMINERS and TITLE_NOUNS.get(head.lower_, head.lower_) in (
            SPOKESPEOPLE
        ):
            # "a spokesman for Lee", "a Harbor Trust spokeswoman", "a company spokesperson":
            # one who speaks for another speaks that one's words
            principal = self._principal(seg, head)
            if principal is not None:
                return written, principal, None
        if first in INDEFINITE_DETERMINERS or first in FIRST_PERSON or head.tag_ == "NNS":
            # "officials at the ministry", "a spokesman for the company": the body they
            # speak for, when the description names it; otherwise nobody identifiable, as
            # a member of the public is ("a victim, a teacher from Cornwall")
            low = head.lower_
            if singular_forms(low) & MEMBERS_OF_PUBLIC:
                return written, None, None
            body = self._organisation_within(seg, head)
            if body is not None and body.label == "GPE" and low not in PLACE_VOICES:
                return written, None, None  # "one farmer in Tarnow", "a former mayor of Tarnow"
            return written, body, None
        if any(
            c.dep_ == "acl" and any(a.dep_ == "agent" for a in c.children) for c in head.children
        ):
            # "the lawsuit, filed by the city of Dayton,": the one who filed it
            filer = self._organisation_within(seg, head)
            if filer is not None:
                return written, filer, None
        noun = TITLE_NOUNS.get(head.lower_, head.lower_)
        # Look back from where the description starts: a name inside it is not who it
        # describes ("the senator's former campaign manager" is not the senator).
        titled = self._titled(seg, start, head)
        if titled is None and not (first == "the" and self._introduced_unnamed(seg, head)):
            titled = self._only_described(seg, start, described_as(head))
        if titled is not None:
            return written, titled, None
        if noun in SPOKESPEOPLE and first == "the":
            # "the spokesman" after "a spokesman for Mayor Oswin said": the one he speaks for
            introduced = self._introduction(seg, head)
            if introduced is not None:
                return written, self._principal(*introduced), None
        if noun in SPOKESPEOPLE:
            # "the Baker campaign", "Baker's spokeswoman" (no spokeswoman named before): the
            # one they speak for
            owner = self._owner(seg, head)
            if owner is None and first == "the":
                owner = self._earlier_owner(seg, head)
            if owner is not None:
                return written, owner, None
        if (
            noun in ROLE_NOUNS
            or is_age_description(head)
            or _nationality(head, self._at.get((seg, head.i)))
        ):
            if first == "the" and self._introduced_unnamed(seg, head):
                return written, None, None  # "a witness said … the witness said"
            if any(c.dep_ == "poss" and c.tag_ in ("NN", "NNS") for c in head.children):
                return written, None, None  # "the survey's director": no one named so before
            age = age_of(head) if is_age_description(head) else None
            if age is not None:
                return written, self._aged(seg, start, age), None
            gender = noun_gender(head.lower_)
            if head.head.lower_ in REPLY_CUES:  # "Lee asked Kim … the singer answered"
                asked = self._asked(seg, head, gender)
                if asked is not None:
                    return written, asked, None
            return written, self._antecedent(seg, start, gender), None
        return written, self._organisation(seg, head), None

    def _titled(self, seg: int, start: int, head: Token) -> Cluster | None:
        """The person looked back to whom a description fits with all its title words ("the
        prime minister"), else with its noun alone ("the federal judge" of "Judge Ann
        Pike")."""
        described = described_as(head)
        found = self._antecedent(seg, start, None, descriptor=described)
        if found is None and " " in described:
            found = self._antecedent(seg, start, None, descriptor=described.split()[-1])
        return found

    def _only_described(self, seg: int, start: int, noun: str) -> Cluster | None:
        """'the guard' further back than a pronoun looks: the one person the article has
        described so ("their point guard, Dion Marsh"), if only one."""
        found = [
            c
            for c in self.index.clusters
            if c.label == "PERSON"
            and fits(noun, c)
            and any((m.seg, m.start) < (seg, start) for m in c.mentions)
        ]
        return found[0] if len(found) == 1 else None

    def _aged(self, seg: int, start: int, age: str) -> Cluster | None:
        """'the 64-year-old': the person the article gave that age ("Ann Pike, 64,"), else
        the one looked back to, unless the article gave them another age."""
        aged = self._antecedent(seg, start, None, descriptor=f"{age}-year-old")
        if aged is not None:
            return aged
        found = self._antecedent(seg, start, None)
        if found is not None and any(d.endswith("-year-old") for d in found.descriptors):
            return None
        return found

    def _introduced_unnamed(self, seg: int, head: Token) -> bool:
        """'the spokeswoman' after "a spokeswoman for the county said", a few paragraphs
        back at most: the one introduced so, whom the article does not name (a name given
        in apposition made her a titled person, found before this)."""
        return self._introduction(seg, head) is not None

    def _introduction(self, seg: int, head: Token) -> tuple[int, Token] | None:
        """Where the one ``head`` names was introduced with "a" ("a spokeswoman for the
        county said"), a few paragraphs back at most."""
        return next(
            (
                (s, tok)
                for s, tok in self._same_word_before(seg, head)
                if any(c.dep_ == "det" and c.lower_ in INDEFINITE_DETERMINERS for c in tok.children)
            ),
            None,
        )

    def _owner(self, seg: int, head: Token) -> Cluster | None:
        """The person or organisation named as the possessor or modifier of ``head``."""
        for child in head.children:
            if child.dep_ == "poss" and child.lower_ in PRONOUN_GENDER:
                # "his office said": the one "his" refers to
                owner = self._antecedent(seg, child.i, PRONOUN_GENDER[child.lower_])
                if owner is not None:
                    return owner
            if child.dep_ in ("poss", "compound") and child.i < head.i:
                mention = self._at.get((seg, child.i))
                if mention is not None:
                    cluster = self.index.clusters[mention.cluster]
                    if cluster.label in SPEAKER_LABELS:
                        return cluster
        return None

    def _earlier_owner(self, seg: int, head: Token) -> Cluster | None:
        """'the campaign said' after "Marsh's campaign rejected …": whose that campaign (office,
        spokesman …) was, the latest one named a few paragraphs back at most."""
        for s, tok in self._same_word_before(seg, head):
            owner = self._owner(s, tok)
            if owner is not None:
                return owner
        return None

    def _antecedent(
        self, seg: int, tok: int, gender: str | None, descriptor: str | None = None
    ) -> Cluster | None:
        """The person a pronoun or description at ``tok`` refers back to; None also when
        that is someone the article does not name ("my father … He also told …")."""
        event = self._antecedent_event(seg, tok, gender, descriptor)
        if event is None and gender and descriptor is None:
            return self._only_one(seg, tok, gender)
        if event is None or event.cluster == _UNNAMED:
            return None
        return self._learn(self.index.clusters[event.cluster], gender)

    def _only_one(self, seg: int, tok: int, gender: str) -> Cluster | None:
        """'She' with no fitting person a few paragraphs back: the one person of that
        gender the article has named so far, if there is only one (and no unnamed one)."""
        pos = bisect.bisect_left(self._events, (seg, tok))
        found: set[int] = set()
        for event in self._info[:pos]:
            if event.cluster == _UNNAMED:
                if event.gender == gender:
                    return None
            elif self.index.clusters[event.cluster].gender == gender:
                found.add(event.cluster)
        return self.index.clusters[found.pop()] if len(found) == 1 else None

    def _antecedent_event(
        self, seg: int, tok: int, gender: str | None, descriptor: str | None = None
    ) -> _Event | None:
        """Search back sentence by sentence; in the nearest sentence with a fitting person,
        take the most central mention (a speaker, else the one nearest the root)."""
        pos = bisect.bisect_left(self._events, (seg, tok))
        own_sentence = (seg, self.docs[seg][tok].sent.start)
        best: _Event | None = None
        for k in range(pos - 1, -1, -1):
            event = self._info[k]
            if seg - event.seg > LOOKBACK:
                break
            if best is not None and (event.seg, event.sent) != (best.seg, best.sent):
                break
            # In its own sentence a pronoun does not take up a name inside a prepositional
            # phrase before it ("After his talk with Lee, he …", "Asked about Lee, he …").
            if gender and event.oblique and (event.seg, event.sent) == own_sentence:
                continue
            # Nor, as the subject of a parenthetical cue, a name in what is reported:
            # "Adams, he added, “never read the plan”" (the parse: "added" is parataxis).
            if (
                gender
                and (event.seg, event.sent) == own_sentence
                and _parenthetical_cue_subject(self.docs[seg][tok])
                and not _within(self.docs[seg][event.tok], self.docs[seg][tok].head)
            ):
                continue
            # Nor, as the subject of a cue after what is reported, a name in it: "Taking
            # Okafor home was the best part, he said" is not Okafor speaking.
            if (
                gender
                and (event.seg, event.sent) == own_sentence
                and _in_report_of(
                    self.docs[seg][event.tok], self.docs[seg][tok], self.quoted.get(seg, ())
                )
            ):
                continue
            if event.cluster == _UNNAMED:
                if descriptor is not None or (gender and event.gender not in (None, gender)):
                    continue
            else:
                cluster = self.index.clusters[event.cluster]
                if gender and cluster.gender and cluster.gender != gender:
                    continue
                if descriptor is not None and not fits(descriptor, cluster):
                    continue
            if best is None or (event.depth, event.tok) <= (best.depth, best.tok):
                best = event
        return best

    @staticmethod
    def _learn(cluster: Cluster, gender: str | None) -> Cluster:
        if gender and cluster.gender is None and cluster.label == "PERSON":
            cluster.gender = gender
        return cluster


def _in_report_of(name: Token, subject: Token, quoted: set[int] | tuple[()]) -> bool:
    """Whether ``name`` is in what the cue ``subject`` is the subject of reports, in words
    of the writer's (a clause that holds the quote is the speaker's lead-in: "Lee scolded
    him: “…,” she said")."""
    cue = subject.head
    if subject.dep_ not in SUBJECT_DEPS or not is_cue(cue):
        return False
    return any(
        c.dep_ == "ccomp"
        and c.i < cue.i
        and _within(name, c)
        and not any(t.i in quoted for t in c.subtree)
        for c in cue.children
    )


def _has_verb(sent: Span, inside: set[int] | tuple[()]) -> bool:
    return any(t.tag_.startswith(("VB", "MD")) and t.i not in inside for t in sent)


def _nationality(head: Token, mention: Mention | None) -> bool:
    """'the Moroccan', 'the Ohio Democrat': a person described by a group's name."""
    return (
        mention is not None
        and mention.label == "NORP"
        and any(c.dep_ == "det" and c.lower_ == "the" for c in head.children)
    )


def _definite_person(tok: Token) -> bool:
    """'the coach', 'the senator': a person by what they are, as one named before."""
    return (tok.lower_ in PERSON_NOUNS or tok.lower_ in MORE_PERSON_NOUNS) and definite_noun(tok)


def _unnamed_subject(tok: Token) -> bool:
    """'a spokesman', 'an ATU spokeswoman', 'another mother', 'a rebel commander': a person
    introduced by what they are, with no name in apposition."""
    person = (
        tok.lower_ in PERSON_NOUNS
        or tok.lower_ in MORE_PERSON_NOUNS
        or tok.lower_ in MEMBERS_OF_PUBLIC
        or noun_gender(tok.lower_) is not None
    )
    return (
        person
        and tok.tag_ == "NN"
        and any(
            c.dep_ in ("det", "nummod") and c.lower_ in INDEFINITE_DETERMINERS for c in tok.children
        )
        and not any(c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in tok.children)
    )


def _own_relative(tok: Token) -> bool:
    """'my father', 'our daughter': one of the writer's relatives."""
    return tok.lower_ in KIN_GENDER and any(
        c.dep_ == "poss" and c.lower_ in ("my", "our") for c in tok.children
    )


def _name_words(head: Token) -> list[str]:
    """The proper-noun run ending at ``head``: 'Sen. Rand Paul'."""
    doc = head.doc
    start = head.i
    while start > 0 and (doc[start - 1].tag_ in NAME_TAGS or doc[start - 1].lower_ in TITLES):
        start -= 1
    return [t.text for t in doc[start : head.i + 1]]
