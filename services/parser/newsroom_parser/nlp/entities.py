"""Entity mentions as written: spaCy's entities, cleaned of titles, articles and possessives."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .attribution import is_cue
from .field_names import field_list_commas, whole_field_names
from .lexicon import (
    CONJUNCTIONS,
    CORPORATE_NOUNS,
    COUNTRIES,
    COUNTRY_FORMS,
    DATELINE_LABELS,
    DRAW_LABELS,
    ENTITY_LABELS,
    HONORIFIC_GENDER,
    ILLNESS_HEADS,
    ILLNESS_NAMES,
    ILLNESS_WORDS,
    MARKET_NOUNS,
    MONTHS,
    MORE_PERSON_NOUNS,
    NAME_COMPOUNDS,
    NAME_PARTICLES,
    NAME_SPLITTERS,
    NAME_SUFFIXES,
    NAMED_DAYS,
    NOT_NAMES,
    ORG_HEADS,
    PERSON_NOUNS,
    PERSON_TITLES,
    PLACE_PARTICLES,
    PLAYER_ROLES,
    POSITION_CODES,
    SUBJECT_DEPS,
    TITLES,
    US_STATES,
    letters,
)
from .names import gender_of
from .page_lines import names_entities
from .type_cues import TypeCues

_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_INITIAL = re.compile(r"^[A-Z]\.$")
_ARTICLES = frozenset({"the", "a", "an"})
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th|\.)?$", re.I)  # digits: "Zero Hedge" keeps "Zero"
_SCORE = re.compile(r"^\d+[-–:]\d+$")
_FINITE_VERBS = frozenset({"VBD", "VBZ", "VBP"})
# Owners whose possessive is part of a name ("People's Liberation Army", "Women's March").
_COMMON_OWNERS = frozenset(
    {"people", "children", "women", "men", "veterans", "workers", "citizens", "farmers"}
)
# Bodies named after the office that runs them ("Harlow County Sheriff's Office").
_OWNED_BODIES = frozenset({"office", "department", "bureau"})
_NAMED_BEINGS = frozenset({"PERSON", "GPE", "LOC", "NORP", "ORG"})
_OPENING_MARKS = frozenset("“\"‘'«„")
_CLOSING_MARKS = frozenset("”\"’'»“")
# "BRAMPTON, Ont. — …": the place a story was filed from, in capitals (the recogniser
# takes a capitalised town for an organisation or a person).
_DATELINE_PLACE = re.compile(r"^[A-Z][A-Z.'’ -]{2,40}(?=\s*(?:,|\(|\s[—–-]))")
_PLACE_LABELS = frozenset({"GPE", "LOC"})
_MAX_DATELINE_WORDS = 3
_IDEOLOGY = re.compile(r"^[A-Z][a-z]+ism$")
_BEINGS_NOT_IDEAS = frozenset({"PERSON", "ORG", "GPE", "LOC"})
_VERSUS = frozenset({"v.", "vs.", "v", "vs"})
_DRAW_MARK = re.compile(r"^(?:[A-Z]\.?|\d{1,2})$")  # "A", "D.", "2" of "Group D."
_OF_WORDS = frozenset({"of", "for"})
_TRAILING_MARKS = frozenset({"@", "|", "•", "·", "*", "#", "/", "\\", "."})
_STATE_FORMS = frozenset(
    form for state, (short, code) in US_STATES.items() for form in (state, short, code.lower())
)
_PLACES_OF_TOWNS = frozenset({"GPE", "LOC", "FAC"})

# "LISBON (Wire Service) — …", "HARLOW, Ore. (Wire) — …": the agency that filed the story,
# no part of it.
_DATELINE = re.compile(
    r"^[A-Z][A-Z.'’ -]{1,40}(?:,\s*[A-Z][\w.'’ -]{1,25})?\s*\((?P<agency>[^()]{2,40})\)\s*[-—–:]"
)


@dataclass
class Mention:
    """One mention of an entity: tokens ``start:end`` of segment ``seg``."""

    seg: int
    start: int
    end: int
    label: str
    words: tuple[str, ...]  # the name's words, without titles, articles and possessive
    surface: str  # as written, without a possessive ending
    name: str = ""  # the words with their spacing as written
    titles: tuple[str, ...] = ()  # lower-cased titles written before the name
    cluster: int = -1  # index of its entity in the article's EntityIndex

    @property
    def text(self) -> str:
        return self.name or " ".join(self.words)


def _parts(ent: Span) -> list[Span]:
    """An entity span cut at punctuation: spaCy sometimes runs 'Kosachev, Kosachev' together.
    A possessive inside a name ends the owner's name: "Norvale Inc's Pixbay" names two
    companies, "Lind's van" a person; what follows is a name only if capitalised. Not so
    an office's ("Sheriff's Office")."""
    parts, begin = [], ent.start
    doc = ent.doc
    listed = field_list_commas(ent)
    for tok in ent:
        # "Harbor Times/Valley News": a poll of two newspapers, two organisations
        if (
            (tok.text in NAME_SPLITTERS and tok.i not in listed)
            or (tok.text == "/" and ent.label_ in _NAMED_BEINGS)
            # "Lind hit Okafor": a verb the recogniser ran two names into
            or (tok.is_lower and tok.tag_ in _FINITE_VERBS and ent.label_ in _NAMED_BEINGS)
            # a hyphen with a space beside it is a dash ("Harbor Stadium - while"); one
            # inside a word joins it ("Holtz-Eakin")
            or (
                tok.text == "-"
                and (tok.whitespace_ or doc[tok.i - 1].whitespace_)
                and not _in_score(tok)
            )
        ):
            if tok.i > begin:
                parts.append(doc[begin : tok.i])
            begin = tok.i + 1
        elif (
            tok.text in _POSSESSIVE
            and ent.label_ in _NAMED_BEINGS
            and begin < tok.i < ent.end - 1
            and doc[tok.i - 1].lower_ not in _COMMON_OWNERS
            and not _office_of(doc, tok.i)
            and not (tok.i - 2 >= begin and doc[tok.i - 2].lower_ in ("st.", "st"))
        ):
            parts.append(doc[begin : tok.i])
            begin = tok.i + 1
            if not (doc[begin].is_title or doc[begin].is_upper):
                return parts
    if ent.end > begin:
        parts.append(ent.doc[begin : ent.end])
    return parts


def _office_of(doc: Doc, possessive: int) -> bool:
    """ "Sheriff's Office", "Prosecutor's Office": a body named after the post that runs it,
    one name (not "Norvale's Office of Audits": a company's office)."""
    owner, body = doc[possessive - 1], doc[possessive + 1]
    post = owner.lower_ in TITLES or owner.lower_.endswith(("or", "er"))
    return post and owner.is_title and body.is_title and body.lower_ in _OWNED_BODIES


def _in_score(tok: Token) -> bool:
    """A hyphen between two numbers: a score ("2 - 1"), cut off later."""
    doc = tok.doc
    return doc[tok.i - 1].like_num and tok.i + 1 < len(doc) and doc[tok.i + 1].like_num


def _title_before(doc: Doc, start: int) -> list[str]:
    """Title words just before a name ('Sen.', 'Russian President'), nearest last."""
    found: list[str] = []
    i = start - 1
    while i >= 0 and len(found) < 3:
        low = doc[i].lower_
        if low not in TITLES or doc[i].ent_type_ == "PERSON":
            break
        found.insert(0, low)
        i -= 1
    return found


def mentions_in(doc: Doc, seg: int) -> list[Mention]:
    """The entity mentions of one segment (headline, dek or paragraph) of an article, not
    counting the names in credits (a contributor line and a wire service's dateline) and in
    lines of the page around the story (a teaser, an embedded post's signature)."""
    text = doc.text  # built anew on every access: read once
    if not names_entities(text):
        return []
    dateline = _DATELINE.match(text)
    credit = dateline.span("agency") if dateline else (0, 0)
    place = _DATELINE_PLACE.match(text)
    place_end = place.end() if place else 0
    found = _nicknamed(doc, seg)
    taken = {i for m in found for i in range(m.start, m.end)}
    for ent in whole_field_names(doc):
        if ent.label_ not in ENTITY_LABELS:
            continue
        if credit[0] <= ent.start_char and ent.end_char <= credit[1]:
            continue
        if any(t.i in taken for t in ent):
            continue
        if ent.label_ in _NAMED_BEINGS and _quoted_alone(text, ent.start_char, ent.end_char):
            # Words that fill a pair of quotation marks are a title or a phrase ("the
            # film “Harbor Lights”", "called the plan ‘Very Bad’"), not a person or place.
            if len(ent) > 1 and all(t.is_title or not t.is_alpha for t in ent):
                mention = _clean(doc, ent, "WORK_OF_ART", seg)
                if mention is not None:
                    found.append(mention)
            continue
        label = ent.label_
        if ent.end_char <= place_end and label in _NAMED_BEINGS and label not in _PLACE_LABELS:
            label = "GPE"
        elif label in _NAMED_BEINGS and _state_after_town(doc, ent, place_end):
            label = "GPE"  # "HARLOW, FLA.", "Irving, TX": a state, not a company
        elif label in _NAMED_BEINGS and any(t.lower_ in _VERSUS for t in ent[1:-1]):
            label = "LAW"  # "Hale v. Board of Harbors": a court case, nobody's name
        for part in _parts(ent):
            pair = _country_pair(part, seg) if label in _NAMED_BEINGS else []
            pair = pair or (_country_before_person(part, seg) if label in _NAMED_BEINGS else [])
            # "Irving, TX @ Harbor Hall": the state the name ran into
            state = label in _NAMED_BEINGS and _state_after_town(doc, part, place_end)
            mention = None if pair else _clean(doc, part, "GPE" if state else label, seg)
            found.extend(pair if mention is None else [mention])
            if mention is not None:  # a name grown past the recogniser's ("… van der Lahr")
                taken.update(range(mention.start, mention.end))
    found.extend(_titled_names(doc, seg))
    taken = {i for m in found for i in range(m.start, m.end)}
    found.extend(m for m in _speaking_names(doc, seg) if m.start not in taken)
    if place is not None:
        inside = [m for m in found if doc[m.start].idx < place_end]
        if not inside:
            found.extend(_dateline_place(doc, place.group(), seg))
        elif len(inside) > 1 and all(doc[m.end - 1].idx < place_end for m in inside):
            # "ST. JOSEPH, Mich.": a town in capitals the recogniser cut in two is one place
            whole = _dateline_place(doc, place.group(), seg)
            if whole:
                found = whole + [m for m in found if m not in inside]
    return _joined_places(doc, _towns_before_states(doc, found))


def _towns_before_states(doc: Doc, found: list[Mention]) -> list[Mention]:
    """A name before a comma and a U.S. state that ends the phrase is a town ("Harlow,
    Ind., police said", "Dunmore, OH @ Vance Hall"), whatever the recogniser made of it;
    not a person with a given name ("Ana Ruiz, Ohio's senator" is no town either)."""
    for m in found:
        if m.label not in ("ORG", "PERSON") or m.titles or m.end + 1 >= len(doc):
            continue
        state = doc[m.end + 1]
        if doc[m.end].text != "," or not state.text[:1].isupper():
            continue  # "Honey, or …": a word, not Oregon
        if letters(state.text) not in _STATE_FORMS:
            continue
        after = doc[m.end + 2] if m.end + 2 < len(doc) else None
        if after is not None and (after.is_alpha or after.text in _POSSESSIVE):
            continue
        if m.label == "PERSON" and gender_of(m.words[0]) is not None:
            continue
        m.label = "GPE"
    return found


def _state_after_town(doc: Doc, ent: Span, place_end: int) -> bool:
    """A U.S. state's name, abbreviation or postal code after a town and a comma."""
    if ent.start < 2 or doc[ent.start - 1].text != "," or len(ent) > 3:
        return False
    town = doc[ent.start - 2]
    if town.ent_type_ not in _PLACES_OF_TOWNS and town.idx >= place_end:
        return False
    return letters(ent.text) in _STATE_FORMS


def _country_pair(part: Span, seg: int) -> list[Mention]:
    """Two countries written as one word ("the U.S.-Canada line"): two places, not one
    organisation."""
    if len(part) != 1 or "-" not in part.text:
        return []
    words = part.text.split("-")
    if len(words) != 2 or not all(_country(w) for w in words):
        return []
    return [Mention(seg, part.start, part.end, "GPE", (w,), w, name=w) for w in words]


def _country_before_person(part: Span, seg: int) -> list[Mention]:
    """A country that ends a title, run into the name after it ("envoy for Ukraine Ann
    Lee", "ambassador to the U.S. Tom Bell"): a place and a person, when a common given
    name opens what follows the country (and none the country: "Georgia Ann Lee")."""
    if gender_of(part[0].text) is not None:
        return []
    for k in (1, 2):
        rest = part[k:]
        if len(rest) not in (2, 3) or not _country(part[:k].text):
            continue
        if gender_of(rest[0].text) is None or not all(t.is_title or t.is_upper for t in rest):
            continue
        place = _clean(part.doc, part[:k], "GPE", seg)
        person = _clean(part.doc, rest, "PERSON", seg)
        return [place, person] if place is not None and person is not None else []
    return []


def _country(word: str) -> bool:
    # a country's name, or a short form beside it ("U.S.-Mexico border")
    return word in COUNTRIES or letters(word) in COUNTRY_FORMS


def _joined_places(doc: Doc, found: list[Mention]) -> list[Mention]:
    """A place the recogniser reads as two names: Washington and its district
    ("Washington, D.C."), a town named by its river ("Wendorf am Lauter", "Ashby upon
    Tame")."""
    out: list[Mention] = []
    for m in found:
        prev = out[-1] if out else None
        if prev is None or m.start != prev.end + 1 or m.seg != prev.seg:
            out.append(m)
            continue
        between = doc[prev.end]
        district = (
            m.words in (("D.C.",), ("DC",))
            and prev.words == ("Washington",)
            and between.text == ","
        )
        river = (
            prev.label in _PLACE_LABELS
            and between.lower_ in PLACE_PARTICLES
            and between.is_lower
            and len(m.words) == 1
            and m.words[0].istitle()
        )
        if district or river:
            words = (*prev.words, m.words[0]) if district else (*prev.words, between.text, *m.words)
            name = f"Washington, {words[1]}" if district else " ".join(words)
            out[-1] = Mention(m.seg, prev.start, m.end, "GPE", words, name, name=name)
        else:
            out.append(m)
    return out


def _dateline_place(doc: Doc, written: str, seg: int) -> list[Mention]:
    """The town a story was filed from where the recogniser saw no name ("OSLO — …"), but
    not a label written the same way ("UPDATE — …", "EDITOR'S NOTE — …")."""
    if written.strip().lower() in DATELINE_LABELS:
        return []
    span = doc.char_span(0, len(written.rstrip()), alignment_mode="contract")
    if span is None or not 1 <= len(span) <= _MAX_DATELINE_WORDS:
        return []
    if any(doc.vocab[t.lower_].is_stop for t in span):
        return []  # "WHAT WE KNOW — …", "HEART OF THE MATTER — …": a subheading's words
    mention = _clean(doc, span, "GPE", seg)
    return [mention] if mention is not None else []


def _nicknamed(doc: Doc, seg: int) -> list[Mention]:
    """'Marcia “Cia” Price': a name with a nickname in quotation marks, which the recogniser
    cuts up. The person is the name without the nickname."""
    found = []
    for i, tok in enumerate(doc[:-3]):
        if not (tok.is_quote and tok.i > 0 and doc[i - 1].tag_ == "NNP" and doc[i - 1].is_title):
            continue
        j = i + 1
        while j < min(i + 4, len(doc)) and doc[j].is_title and not doc[j].is_quote:
            j += 1
        if j == i + 1 or j + 1 >= len(doc) or not doc[j].is_quote:
            continue
        if not (doc[j + 1].is_title and doc[j + 1].is_alpha):  # the tagger: "Price" NN
            continue
        start = i - 1
        while start > 0 and doc[start - 1].tag_ == "NNP" and doc[start - 1].is_title:
            start -= 1
        while start < i - 1 and doc[start].lower_ in TITLES:
            start += 1
        given = [t.text for t in doc[start:i]]
        words = (*given, doc[j + 1].text)
        found.append(
            Mention(
                seg,
                start,
                j + 2,
                "PERSON",
                words,
                doc[start : j + 2].text,
                name=" ".join(words),
                titles=tuple(_title_before(doc, start)),
            )
        )
    return found


def _titled_names(doc: Doc, seg: int) -> list[Mention]:
    """Names the recogniser missed that a title marks as people ('Mayor Ana Ruiz'), or a
    player's position before a full name ('center Tomas Pell')."""
    found = []
    i = 0
    while i < len(doc) - 1:
        tok = doc[i]
        titled = tok.lower_ in PERSON_TITLES and tok.is_title
        role = tok.lower_ in PLAYER_ROLES and tok.is_lower
        if (titled or role) and tok.ent_iob == 2:
            end = i + 1
            while end < len(doc) and doc[end].tag_ == "NNP" and doc[end].is_title:
                if doc[end].ent_iob != 2:
                    break
                end += 1
            named = end > i + 1 if titled else end > i + 2  # a position: a full name
            if named and (end == len(doc) or doc[end].ent_iob == 2):
                mention = _clean(doc, doc[i:end], "PERSON", seg)
                if mention is not None:
                    found.append(mention)
            i = end
        else:
            i += 1
    return found


def _role_opening(doc: Doc, start: int, end: int) -> bool:
    """A word that opens the sentence before a given name the lists know and a surname,
    itself no given name: a role capitalised by its place ("Lifeguard Tessa Quayle")."""
    first = doc[start]
    return (
        end - start >= 3
        and bool(first.is_sent_start)
        and first.is_alpha
        and first.lower_ not in NAME_PARTICLES
        and gender_of(first.text) is None
        and gender_of(doc[start + 1].text) is not None
    )


def _speaking_names(doc: Doc, seg: int) -> list[Mention]:
    """Full names the recogniser missed that speak: the subject of a speech cue written
    as a given name the lists know and a capitalised surname ("Trucker Dwayne Ellery
    said", "said Dwayne Ellery"), from the given name on."""
    found = []
    for cue in doc:
        if not is_cue(cue):
            continue
        for subject in cue.children:
            if subject.dep_ not in SUBJECT_DEPS or subject.ent_iob != 2 or not subject.is_title:
                continue
            words = [c for c in subject.lefts if c.dep_ == "compound"]
            if not words or words[0].i + len(words) != subject.i:
                continue  # no words before the surname, or not written together
            given = next((w for w in words if gender_of(w.text) is not None), None)
            span = doc[given.i : subject.i + 1] if given is not None else None
            if span is None or not all(t.is_title and t.ent_iob == 2 for t in span):
                continue
            mention = _clean(doc, span, "PERSON", seg)
            if mention is not None and len(mention.words) > 1:
                found.append(mention)
    return found


def _clean(doc: Doc, span: Span, label: str, seg: int) -> Mention | None:
    start, end = span.start, span.end
    if label == "PERSON":
        end = _particle_end(doc, start, _hyphenated_end(doc, start, end))
    # A result after a name is no part of it: a score ("Iceland 0-0") whatever the name,
    # a number or a place after a person's ("Jo Lind 13th"); products keep theirs ("Jet 2").
    while end > start:
        if doc[end - 1].is_quote and (end - start > 1 or label == "PERSON"):
            end -= 1  # 'Marcia “' of 'Marcia “Cia” Price'
        elif doc[end - 1].text in _POSSESSIVE or _SCORE.match(doc[end - 1].text):
            end -= 1
        elif end - start > 2 and doc[end - 1].lower_ in ("percent", "%") and doc[end - 2].like_num:
            end -= 2  # "Corvex 13 percent" of "gave Corvex 13 percent of its shares"
        elif end - start > 1 and doc[end - 1].text in _TRAILING_MARKS:
            end -= 1  # "TX @" of "Irving, TX @ Harbor Hall"; "Disney+" keeps its "+"
        elif doc[end - 1].lower_ in CONJUNCTIONS and end - start > 1:
            end -= 1  # "Falcons and": the recogniser stopped before the second name
        elif (
            end - start > 1
            and doc[end - 1].is_lower
            and doc[end - 1].is_stop
            and doc[end - 2].whitespace_  # not "Han Soo-in"
        ):
            end -= 1  # "Harbor Wire that": the clause after the name
        elif end - start > 3 and _split_score(doc, end):
            end -= 3  # "Iceland 6 - 0" as three tokens
        elif label == "PERSON" and _ORDINAL.match(doc[end - 1].text):
            end -= 1
        elif label == "PERSON" and (tally := _tally_start(doc, start, end)) is not None:
            end = tally  # "Jo Lind 2 goals": a player's line in a list of results
        else:
            break
    if label == "PERSON" and start < end and _ORDINAL.match(doc[start].text):
        start += 1
        if end - start < 2:
            return None  # "3 Mouse": a number and a word, nobody's name
    while start < end and (doc[start].is_quote or doc[start].text in ("-", "–", "—")):
        start += 1  # a mark the name follows ("“Clean Air Act")
    while start < end and doc[start].lower_ in _ARTICLES:
        start += 1
    if (
        end - start >= 3
        and doc[start].text in POSITION_CODES
        and all(t.is_title for t in doc[start + 1 : end])
    ):
        start += 1  # "F Ola Brandt": a box score's position, then the player
        label = "PERSON"
    if end - start > 1 and doc[start].tag_ in ("MD", "VBG") and doc[start].is_sent_start:
        start += 1  # "Will Dorrance win?", "Questioning Dorrance, …": a verb, no given name
    if (
        label == "ORG"
        and end - start > 3
        and doc[start].lower_ in _FOUNDER_WORDS
        and doc[start + 1].lower_ == "of"
        and doc[end - 1].lower_.rstrip(".") in ORG_HEADS
    ):
        start += 2  # "Founder of Harbor Robotics Inc.": the company, not its founder
    # A description the recogniser ran into the name: "federal Harbor Safety Board",
    # "rookie Tomas Brek" (a title such as "president" is kept to be read as one).
    while (
        start < end - 1
        and doc[start].is_lower
        and doc[start].is_alpha
        and (label != "PERSON" or doc[start].lower_ not in TITLES)
        and doc[start].lower_ not in NAME_PARTICLES
    ):
        start += 1
    surface_start = start
    titles: list[str] = []
    if label == "PERSON":
        while start < end - 1 and doc[start].lower_ in TITLES:
            titles.append(doc[start].lower_)
            start += 1
        if _role_opening(doc, start, end):
            titles.append(doc[start].lower_)  # "Potter Helga Strom": a potter
            start += 1
        titles = _title_before(doc, surface_start) + titles
    if start >= end:
        return None
    if (
        label == "PERSON"
        and end - start == 1
        and doc[start].lower_ in TITLES
        and not any(t in HONORIFIC_GENDER or t == "dr." for t in titles)
    ):
        # a title alone ("I told Coach") names nobody in particular; after an honorific it
        # is a surname ("Mr. King", "Ms. Bishop")
        return None
    # words as written: "Soto-Ruiz" is one word of a name, not three tokens
    words = tuple(_strip_possessive(w) for w in doc[start:end].text.split())
    if not any(w[:1].isalpha() for w in words):
        return None
    if len(words) == 1 and words[0].lower() in NOT_NAMES:
        return None  # "40 MW", "its IPO"
    if any(t.like_email for t in doc[start:end]):
        return None  # "desk@harlowpost.com": an address to write to, nobody's name
    if label == "PERSON" and len(words) == 1 and _WEB_ADDRESS.match(words[0]):
        label = "ORG"  # "HARLOWNEWS.COM": a site, and whoever runs it
    if 2 <= len(words) <= 3 and words[0].lower() in MONTHS and all(w.isdigit() for w in words[1:]):
        return None  # a date the recogniser took for a name ("July 25"); "May" alone may be one
    if label in _BEINGS_NOT_IDEAS and len(words) <= 2 and _IDEOLOGY.search(words[-1]):
        return None  # "National Socialism", "Zionism": an idea, no one and nowhere
    if words[0].lower() in DRAW_LABELS and (
        len(words) == 1 or (len(words) == 2 and _DRAW_MARK.match(words[1]))
    ):
        return None  # "Group D", "Pool B": a stage of a competition, no team nor place
    if (
        label in _BEINGS_NOT_IDEAS
        and len(words) > 1
        and words[-1].lower() in ILLNESS_HEADS
        and not any(w.lower() in _OF_WORDS for w in words)
    ):
        return None  # "Harlow Valley Syndrome", not "Office of Infectious Disease"
    if label in _BEINGS_NOT_IDEAS and len(words) == 1 and words[0].lower() in ILLNESS_NAMES:
        return None  # "COVID-19" as an organisation
    if label in _BEINGS_NOT_IDEAS and end < len(doc) and _illness_word(doc[end]):
        return None  # "Marl virus", "Harlow fever": the illness, not the place it is named for
    if not any(_capitalised(w, label) for w in words):
        return None  # a common noun ("nutmeg", "new city") or a contraction
    if end < len(doc) and f"{doc[end - 1].lower_} {doc[end].lower_}" in NAMED_DAYS:
        return None  # "Super" of "Super Tuesday": a day, no place
    if all(w.lower() in NAME_SUFFIXES or _INITIAL.match(w) for w in words):
        return None  # "Jr.", "I.": the end or the start of a name cut off
    surface = _strip_possessive(doc[surface_start:end].text)
    name = _strip_possessive(doc[start:end].text)
    return Mention(seg, start, end, label, words, surface, name=name, titles=tuple(titles))


_WEB_ADDRESS = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|info|news|co\.uk|io)$", re.I)


def _illness_word(tok: Token) -> bool:
    return tok.is_lower and tok.lower_ in ILLNESS_WORDS


def _capitalised(word: str, label: str) -> bool:
    """A word as names are written: with a capital or a digit first, or after a particle
    and a hyphen ("al-Tanf"); things made may open in lower case ("iPads"), people, places
    and organisations do not ("iPad" as ORG)."""
    if any(part[:1].isupper() or part[:1].isdigit() for part in word.split("-")):
        return True
    return label not in _NAMED_BEINGS and any(ch.isupper() for ch in word)


def _particle_end(doc: Doc, start: int, end: int) -> int:
    """The end of a full name the recogniser cut after its particles ("Anna van der" of
    "Anna van der Lahr"): the capitalised word they lead to."""
    if end - start < 2 or doc[end - 1].lower_ not in NAME_PARTICLES or not doc[end - 1].is_lower:
        return end
    if end < len(doc) and doc[end].is_title and doc[end].is_alpha:
        return end + 1
    return end


def _hyphenated_end(doc: Doc, start: int, end: int) -> int:
    """The end of a full name whose last part the recogniser cut at its hyphen ("Han Soo"
    or "Han Soo-" of "Han Soo-in"): a hyphen and a word, no space between; not a word
    made of the name ("the Han Soo-led team")."""
    last = doc[end - 1]
    if last.text == "-" and not last.whitespace_ and end < len(doc) and end - start > 2:
        after = doc[end]
        return end + 1 if after.is_alpha and after.lower_ not in NAME_COMPOUNDS else end
    if (
        end - start > 1
        and not last.whitespace_
        and end + 1 < len(doc)
        and doc[end].text == "-"
        and not doc[end].whitespace_
        and doc[end + 1].is_alpha
        and doc[end + 1].lower_ not in NAME_COMPOUNDS
    ):
        return end + 2
    return end


def _tally_start(doc: Doc, start: int, end: int) -> int | None:
    """Where a count and one or two lower-case words end a name ("Jo Lind 2 goals"), as
    results list what each player did; a name is never written so."""
    for k in (end - 2, end - 3):
        if k - start < 1 or not doc[k].text.isdigit():
            continue
        if all(t.is_lower and t.is_alpha for t in doc[k + 1 : end]):
            return k
    return None


def _quoted_alone(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else ""
    after = text[end : end + 2].lstrip(",.!?")[:1]
    return before in _OPENING_MARKS and after in _CLOSING_MARKS and bool(before)


def _split_score(doc: Doc, end: int) -> bool:
    first, dash, second = doc[end - 3], doc[end - 2], doc[end - 1]
    return first.text.isdigit() and dash.text in ("-", "–", ":") and second.text.isdigit()


def _strip_possessive(word: str) -> str:
    for ending in ("'s", "’s"):
        if word.endswith(ending) and len(word) > 2:
            return word[: -len(ending)]
    return word


# Nouns that say a name is a person's when set before it or beside it.
_DESCRIBING = (
    PERSON_NOUNS | PLAYER_ROLES | frozenset({"moderator", "interviewer", "panelist", "narrator"})
)
# Nouns for people read in apposition ("the prosecutor, Anna Berg"): the wider list stays
# out of the rule for a noun before a name, where "General" or "Premier" open names of
# organisations.
_IN_APPOSITION = _DESCRIBING | MORE_PERSON_NOUNS
# A person's noun or title before "of" and a company ("Founder of Harbor Robotics Inc.").
_FOUNDER_WORDS = _DESCRIBING | TITLES


_NAMED = frozenset({"oprd", "dobj", "attr", "xcomp"})
_AGENT_ENDINGS = ("ist", "ian", "or")  # "vaccinator", "pharmacist", "librarian"


def _person_named(noun: Token, name: Token) -> bool:
    """Whether "a <noun> named <name>" names a person: a listed person's noun, or one with
    an agent's ending ("vaccinator") before a known given name or a double surname (not "a
    contractor named Ridgeway Builders")."""
    low = noun.lower_
    if noun.tag_ != "NN":
        return False
    if low in _IN_APPOSITION:
        return True
    words = noun.doc[name.left_edge.i : name.i + 1]
    personal = gender_of(words[0].text) is not None or "-" in words.text
    return low.endswith(_AGENT_ENDINGS) and personal


def _name_follows(tok: Token, gap: int) -> bool:
    """Whether a capitalised proper noun, not opening a sentence, comes right after (gap 1)
    or after a comma (gap 2: then a whole name set off by itself, "the guard, Dion Marsh.",
    not the first words of another description, "her father, Harbor Press founder Ann")."""
    doc = tok.doc
    if tok.i + gap >= len(doc) or (gap == 2 and tok.nbor(1).text != ","):
        return False
    name = doc[tok.i + gap]
    if name.tag_ != "NNP" or not name.is_title or name.is_sent_start:
        return False
    end = name.i
    while end + 1 < len(doc) and doc[end + 1].tag_ == "NNP":
        end += 1
    if end + 1 == len(doc) or doc[end + 1].is_punct:
        return True
    # after a role, a name goes on with the sentence ("coach Ann Pike was fined"), but
    # after "the striker" one that a verb follows may be a clause's subject ("the striker
    # Harlow United signed")
    determined = tok.i > 0 and doc[tok.i - 1].lower_ in ("the", "a", "an")
    return gap == 1 and not (determined and doc[end + 1].tag_.startswith("VB"))


@dataclass
class Evidence:
    """What the text says about the things it names, beyond the recogniser's labels:
    tokens of names that speak or are described as people ("Bell said", "Brandt, a former
    teacher", "Marcus Bell, who sells barbecue"), and of names coordinated with an
    organisation's ("Brightline and Corvex") or a person's ("Ann Lee and Boone Orrey"), or
    owning what only a company owns ("Corvex shares")."""

    speaks: set[tuple[int, int]] = field(default_factory=set)
    described: set[tuple[int, int]] = field(default_factory=set)
    org_peer: set[tuple[int, int]] = field(default_factory=set)
    company: set[tuple[int, int]] = field(default_factory=set)  # "Corvex shares"
    person_peer: set[tuple[int, int]] = field(default_factory=set)  # listed with a person
    cues: TypeCues = field(default_factory=TypeCues)  # what the sentence says of types

    def add(self, doc: Doc, seg: int) -> None:
        self.cues.add(doc, seg)
        for tok in doc:
            if is_cue(tok):
                self.speaks.update((seg, c.i) for c in tok.children if c.dep_ in SUBJECT_DEPS)
            elif (tok.dep_ == "appos" and tok.lower_ in _IN_APPOSITION) or (
                tok.dep_ == "relcl" and any(c.lower_ == "who" for c in tok.children)
            ):
                self.described.add((seg, tok.head.i))
            elif tok.dep_ == "appos" and tok.head.lower_ in _IN_APPOSITION:
                self.described.add((seg, tok.i))  # "the moderator, Lena Ortiz"
            elif tok.dep_ == "compound" and tok.lower_ in _DESCRIBING and tok.head.tag_ == "NNP":
                self.described.add((seg, tok.head.i))  # "moderator Lena Ortiz"
            elif tok.is_lower and tok.lower_ in _DESCRIBING and _name_follows(tok, 1):
                self.described.add((seg, tok.i + 1))  # the same, parsed otherwise
            elif tok.is_lower and tok.lower_ in _IN_APPOSITION and _name_follows(tok, 2):
                self.described.add((seg, tok.i + 2))  # "their point guard, Dion Marsh"
            elif tok.lower_ == "named" and tok.dep_ == "acl":
                # "a vaccinator named Fatou Brannock-Essien"
                self.described.update(
                    (seg, c.i)
                    for c in tok.children
                    if c.dep_ in _NAMED and _person_named(tok.head, c)
                )
            if tok.dep_ == "conj":
                for a, b in ((tok, tok.head), (tok.head, tok)):
                    if b.ent_type_ == "ORG" and a.ent_type_ != "ORG":
                        self.org_peer.add((seg, a.i))
                    elif b.ent_type_ == "PERSON" and a.ent_type_ not in ("PERSON", ""):
                        self.person_peer.add((seg, a.i))  # "Ann Lee and Boone Orrey scored"
            elif tok.dep_ in ("poss", "compound") and _corporate(tok.head):
                self.org_peer.add((seg, tok.i))  # "Corvex's chief financial officer"
                self.company.add((seg, tok.i))
            elif tok.dep_ in ("poss", "compound") and tok.head.lower_ in MARKET_NOUNS:
                self.company.add((seg, tok.i))  # "Corvex's listing"

    def names_person(self, m: Mention) -> bool:
        """Speaking or described as a person (companies speak too: a weaker sign)."""
        return self.described_as_person(m) or any(
            (m.seg, i) in self.speaks for i in range(m.start, m.end)
        )

    def described_as_person(self, m: Mention) -> bool:
        return any((m.seg, i) in self.described for i in range(m.start, m.end))

    def beside_organisation(self, m: Mention) -> bool:
        return any((m.seg, i) in self.org_peer for i in range(m.start, m.end))

    def beside_person(self, m: Mention) -> bool:
        return any((m.seg, i) in self.person_peer for i in range(m.start, m.end))

    def owns_company_things(self, m: Mention) -> bool:
        return any((m.seg, i) in self.company for i in range(m.start, m.end))


def _corporate(noun: Token) -> bool:
    """Nouns only a company has: its shares, its chief executive."""
    if noun.lower_ in CORPORATE_NOUNS:
        return True
    chief = any(c.lower_ == "chief" for c in noun.children)
    return chief and noun.lower_ in ("officer", "executive")
