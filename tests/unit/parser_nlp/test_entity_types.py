"""Entity types from the name's shape and the sentence around it (type_cues.py)."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from newsroom_parser.nlp import ArticleText, NlpAnalyzer
from newsroom_parser.nlp.canonical import EntityIndex
from newsroom_parser.nlp.entities import Evidence, Mention, mentions_in
from newsroom_parser.nlp.type_cues import TypeCues


def mention(seg: int, start: int, label: str, text: str, titles: tuple[str, ...] = ()) -> Mention:
    words = tuple(text.split())
    return Mention(seg, start, start + len(words), label, words, text, name=text, titles=titles)


def types(index: EntityIndex) -> dict[str, str]:
    return {e.name: e.type for e in index.results()}


def test_streets_squares_and_buildings_are_places() -> None:
    index = EntityIndex(
        [
            mention(1, 0, "PERSON", "Orley Avenue"),
            mention(2, 0, "ORG", "Vance Tower"),
            mention(3, 0, "ORG", "Pellam Square"),
        ]
    )
    assert types(index) == {"Orley Avenue": "FAC", "Vance Tower": "FAC", "Pellam Square": "FAC"}


def test_craft_and_instruments_are_things_made() -> None:
    index = EntityIndex(
        [
            mention(1, 0, "ORG", "Vela Space Telescope"),
            mention(2, 0, "GPE", "Harbor Rover"),  # left as read: only people and companies
            mention(3, 0, "ORG", "Lowell Observatory"),
        ]
    )
    assert types(index) == {
        "Vela Space Telescope": "PRODUCT",
        "Harbor Rover": "GPE",
        "Lowell Observatory": "FAC",
    }


def test_a_place_named_like_an_organisation_is_one() -> None:
    index = EntityIndex(
        [
            mention(1, 0, "GPE", "Harlow County Public Schools"),
            mention(2, 0, "GPE", "University of Tarnow"),
            mention(3, 0, "GPE", "Corley Police"),
            mention(4, 0, "GPE", "Soviet Union"),
            mention(5, 0, "GPE", "Harlow County"),
        ]
    )
    assert types(index) == {
        "Harlow County Public Schools": "ORG",
        "University of Tarnow": "ORG",
        "Corley Police": "ORG",
        "Soviet Union": "GPE",
        "Harlow County": "GPE",
    }


def test_competitions_summits_and_festivals_are_events() -> None:
    index = EntityIndex(
        [
            mention(1, 0, "PERSON", "Harbor Cup"),
            mention(2, 0, "ORG", "Tarnow Jazz Festival"),
            mention(3, 0, "FAC", "Coastal Rowing Finals"),
            mention(4, 0, "ORG", "Harbor Rowing League"),  # the body that runs them
        ]
    )
    assert types(index) == {
        "Harbor Cup": "EVENT",
        "Tarnow Jazz Festival": "EVENT",
        "Coastal Rowing Finals": "EVENT",
        "Harbor Rowing League": "ORG",
    }


def test_a_given_name_a_particle_and_a_surname_are_a_person() -> None:
    index = EntityIndex(
        [
            mention(1, 0, "ORG", "Marie de Vautrin"),
            mention(2, 0, "GPE", "Anna von der Lahr"),
            mention(3, 0, "GPE", "Rio de Tarnow"),  # no given name: a place
        ]
    )
    assert types(index) == {
        "Marie de Vautrin": "PERSON",
        "Anna von der Lahr": "PERSON",
        "Rio de Tarnow": "GPE",
    }


def test_housing_estates_and_apartment_blocks_are_places() -> None:
    index = EntityIndex(
        [mention(1, 0, "PERSON", "Corley Houses"), mention(2, 0, "ORG", "Vance Apartments")]
    )
    assert types(index) == {"Corley Houses": "FAC", "Vance Apartments": "FAC"}


def test_laws_programmes_and_grants_are_no_organisations() -> None:
    index = EntityIndex(
        [
            mention(1, 0, "ORG", "Clean Rivers Act"),
            mention(2, 0, "PERSON", "Harbor Grants"),
            mention(3, 0, "ORG", "Rural Roofs Program"),
            mention(4, 0, "ORG", "Fair Tolls Act of 1999"),
        ]
    )
    assert set(types(index).values()) == {"LAW"}


def test_a_name_written_after_the_is_no_person() -> None:
    cues = TypeCues(definite={(1, 1)})
    index = EntityIndex(
        [mention(1, 1, "PERSON", "Courier"), mention(2, 0, "PERSON", "Courier")],
        evidence=Evidence(cues=cues),
    )
    assert types(index) == {"Courier": "ORG"}


def test_a_capitalised_plural_after_the_is_a_team_not_a_product() -> None:
    cues = TypeCues(definite={(1, 1), (2, 1), (3, 1)})
    index = EntityIndex(
        [
            mention(1, 1, "PRODUCT", "Gulls"),  # "beat the Gulls"
            mention(2, 1, "PRODUCT", "Galaxy Buds"),  # "the Galaxy Buds": a thing made
            mention(3, 1, "PRODUCT", "Atlas"),
        ],
        evidence=Evidence(cues=cues),
    )
    assert types(index) == {"Gulls": "ORG", "Galaxy Buds": "PRODUCT", "Atlas": "PRODUCT"}


def test_after_the_a_surname_of_the_article_stays_a_person() -> None:
    # "the Marlows" are a family; "Marlow" is Ada Marlow's surname
    cues = TypeCues(definite={(2, 1)})
    index = EntityIndex(
        [mention(1, 0, "PERSON", "Ada Marlow"), mention(2, 1, "PERSON", "Marlows")],
        evidence=Evidence(cues=cues),
    )
    assert types(index)["Ada Marlow"] == "PERSON"
    assert "ORG" not in types(index).values()


def test_an_outlet_named_after_a_town_reports() -> None:
    cues = TypeCues(outlet={(1, 0)})
    index = EntityIndex([mention(1, 0, "GPE", "Dunmore")], evidence=Evidence(cues=cues))
    assert types(index) == {"Dunmore": "ORG"}


def test_a_pollster_named_like_a_person() -> None:
    cues = TypeCues(poll={(1, 1)})
    index = EntityIndex([mention(1, 1, "PERSON", "Brannigan")], evidence=Evidence(cues=cues))
    assert types(index) == {"Brannigan": "ORG"}


def test_a_word_listed_among_places_is_a_place() -> None:
    cues = TypeCues(place_peer={(1, 2)})
    index = EntityIndex(
        [mention(1, 0, "GPE", "Alder"), mention(1, 2, "PERSON", "Corvale")],
        evidence=Evidence(cues=cues),
    )
    assert types(index) == {"Alder": "GPE", "Corvale": "GPE"}


def test_a_hyphenated_name_before_law_is_a_law() -> None:
    cues = TypeCues(law={(2, 3)})
    index = EntityIndex(
        [mention(1, 0, "PERSON", "Ruth Dallow"), mention(2, 3, "PERSON", "Dallow-Ketter")],
        evidence=Evidence(cues=cues),
    )
    assert types(index) == {"Ruth Dallow": "PERSON", "Dallow-Ketter": "LAW"}


def test_outlets_and_laws_typed_from_the_sentence(analyzer: NlpAnalyzer) -> None:
    result = analyzer.analyze(
        None,
        None,
        [
            "Tamsin Okoro told the Intelligencer that the vote was close.",
            "Sen. Ruth Dallow voted to repeal Dallow-Ketter last year.",
        ],
        "en",
    )
    found = {e.name: e.type for e in result.entities}
    assert found["Intelligencer"] == "ORG"
    assert found["Dallow-Ketter"] == "LAW"
    assert found["Tamsin Okoro"] == "PERSON"


def test_a_full_name_tagged_organisation_whose_surname_takes_mr_is_a_person() -> None:
    index = EntityIndex(
        [
            mention(1, 0, "ORG", "Tobin Vasquell"),
            mention(2, 1, "PERSON", "Vasquell", titles=("mr.",)),
            mention(3, 0, "ORG", "Harbor Freight"),
        ]
    )
    found = types(index)
    assert found["Tobin Vasquell"] == "PERSON"
    assert "Vasquell" not in found  # the surname joins the full name
    assert found["Harbor Freight"] == "ORG"


def test_a_full_name_the_sentence_describes_as_a_person_is_one() -> None:
    # "host Tzevan Brunmark": a person's noun before a name no given-name list knows
    index = EntityIndex(
        [mention(1, 1, "ORG", "Tzevan Brunmark"), mention(2, 0, "ORG", "Quell Partners")],
        evidence=Evidence(described={(1, 2), (2, 1)}),
    )
    assert types(index) == {"Tzevan Brunmark": "PERSON", "Quell Partners": "ORG"}


def test_a_players_position_describes_a_person(analyzer: NlpAnalyzer) -> None:
    doc = analyzer.nlp("Harbor winger Tamsin Oyelaran scored twice on Sunday.")
    evidence = Evidence()
    evidence.add(doc, 0)
    oyelaran = next(t.i for t in doc if t.text == "Oyelaran")
    assert (0, oyelaran) in evidence.described


def test_the_moon_and_the_planets_are_places() -> None:
    cues = TypeCues(sky={(1, 1), (2, 0)})
    index = EntityIndex(
        [
            mention(1, 1, "ORG", "Moon"),  # "landers for the Moon"
            mention(2, 0, "PRODUCT", "Saturn"),
        ],
        evidence=Evidence(cues=cues),
    )
    found = [(e.name, e.type) for e in index.results()]
    assert ("Saturn", "LOC") in found
    assert ("Moon", "LOC") in found


def test_moon_is_a_place_only_after_the(analyzer: NlpAnalyzer) -> None:
    # without "the" a surname ("Moon said"); a title keeps a person
    cues = TypeCues()
    cues.add(analyzer.nlp("Moon said the talks with Varga would go on."), 0)
    assert not cues.sky
    index = EntityIndex(
        [mention(1, 1, "PERSON", "Moon", titles=("president",))],
        evidence=Evidence(cues=TypeCues(sky={(1, 1)})),
    )
    assert types(index) == {"Moon": "PERSON"}


def test_a_place_with_shares_is_a_company_unless_the_article_puts_it_on_the_map() -> None:
    # "Corvex shares fell"; "Tarnow shares rose", "offices in Tarnow"
    cues = TypeCues(located={(3, 2)})
    index = EntityIndex(
        [
            mention(1, 0, "GPE", "Corvex"),
            mention(2, 4, "GPE", "Corvex"),
            mention(1, 5, "GPE", "Tarnow"),
            mention(3, 2, "GPE", "Tarnow"),
        ],
        evidence=Evidence(company={(1, 0), (1, 5)}, cues=cues),
    )
    assert types(index) == {"Corvex": "ORG", "Tarnow": "GPE"}


def test_a_listing_or_shares_are_a_companys(analyzer: NlpAnalyzer) -> None:
    doc = analyzer.nlp("Corvex's listing drew buyers, and Pellam shares rose in Tarnow.")
    evidence = Evidence()
    evidence.add(doc, 0)
    at = {t.text: t.i for t in doc}
    assert {(0, at["Corvex"]), (0, at["Pellam"])} <= evidence.company


def test_a_hyphenated_full_name_set_beside_a_persons_noun_is_a_person(
    analyzer: NlpAnalyzer,
) -> None:
    # "prosecutor" is one of the nouns for people read in apposition; "Anna-Lena" is one word
    text = "The country's deputy chief prosecutor, Anna-Lena Berglund, said the case was closed."
    result = analyzer.analyze_many([ArticleText("Inquiry closed", None, [text], "en")])[0]
    assert {e.name: e.type for e in result.entities}["Anna-Lena Berglund"] == "PERSON"


def test_a_hyphen_inside_a_mention_joins_the_words_of_a_full_name() -> None:
    index = EntityIndex(
        [mention(1, 3, "ORG", "Anna - Lena Berglund")],
        evidence=Evidence(described={(1, 4)}),
    )
    assert types(index) == {"Anna - Lena Berglund": "PERSON"}


def test_dates_units_and_business_abbreviations_tagged_as_names_are_none(
    analyzer: NlpAnalyzer,
) -> None:
    doc = analyzer.nlp("After the July 25 call, the 40 MW plant delayed its IPO, May said.")
    at = {t.text: t.i for t in doc}
    doc.ents = [
        Span(doc, at["July"], at["July"] + 2, "ORG"),
        Span(doc, at["MW"], at["MW"] + 1, "ORG"),
        Span(doc, at["IPO"], at["IPO"] + 1, "ORG"),
        Span(doc, at["May"], at["May"] + 1, "PERSON"),  # a month's name alone may be a name
    ]
    assert [m.text for m in mentions_in(doc, 1)] == ["May"]


def test_plans_and_roadmaps_are_programmes_not_organisations() -> None:
    index = EntityIndex(
        [mention(1, 0, "ORG", "Coastal Housing Plan"), mention(2, 0, "ORG", "Solar Cost Roadmap")]
    )
    assert set(types(index).values()) == {"LAW"}


def test_a_question_opening_with_will_names_no_will(analyzer: NlpAnalyzer) -> None:
    text = "Will Dorrance win the nomination? Few think so, and Dorrance has not said."
    result = analyzer.analyze_many([ArticleText("Race tightens", None, [text], "en")])[0]
    assert "Will Dorrance" not in {e.name for e in result.entities}


def test_a_verb_the_recogniser_ran_two_names_into_parts_them(analyzer: NlpAnalyzer) -> None:
    doc = analyzer.nlp("Video showed Lindqvist hit Armitage with the helmet, WILL SOMEONE said.")
    at = {t.text: t.i for t in doc}
    doc.ents = [
        Span(doc, at["Lindqvist"], at["Armitage"] + 1, "ORG"),
        Span(doc, at["SOMEONE"], at["SOMEONE"] + 1, "PERSON"),
    ]
    assert [m.text for m in mentions_in(doc, 1)] == ["Lindqvist", "Armitage"]


def test_an_ideology_tagged_as_a_name_is_none(analyzer: NlpAnalyzer) -> None:
    doc = analyzer.nlp(
        "The museum traces how Harbor Socialism spread, the Ministry of Tourism said."
    )
    at = {t.text: t.i for t in doc}
    doc.ents = [
        Span(doc, at["Harbor"], at["Socialism"] + 1, "ORG"),
        Span(doc, at["Ministry"], at["Tourism"] + 1, "ORG"),  # a name with "of" is a body's
    ]
    assert [m.text for m in mentions_in(doc, 1)] == ["Ministry of Tourism"]


def test_a_countrys_name_is_a_place_whatever_the_recogniser_read() -> None:
    index = EntityIndex(
        [
            mention(1, 0, "ORG", "Belgium"),  # "Belgium beat Wales": a team, named by its country
            mention(2, 0, "PERSON", "Madagascar"),
            mention(3, 0, "PERSON", "Tomas Jordan"),
            mention(4, 0, "PERSON", "Jordan"),  # the article's person
            mention(5, 0, "ORG", "European Union"),  # a union, not a country
        ]
    )
    assert types(index) == {
        "Belgium": "GPE",
        "Madagascar": "GPE",
        "Tomas Jordan": "PERSON",
        "European Union": "ORG",
    }


def test_abbreviations_of_things_a_trade_writes_are_no_organisations(
    analyzer: NlpAnalyzer,
) -> None:
    doc = analyzer.nlp("The Tarnow EV has AWD, a USB port and GPS; Lind was in the ICU.")
    at = {t.text: t.i for t in doc}
    doc.ents = [
        Span(doc, at["Tarnow"], at["Tarnow"] + 1, "ORG"),
        *(Span(doc, at[w], at[w] + 1, "ORG") for w in ("EV", "AWD", "USB", "GPS", "ICU")),
        Span(doc, at["Lind"], at["Lind"] + 1, "PERSON"),
    ]
    assert [m.text for m in mentions_in(doc, 1)] == ["Tarnow", "Lind"]


def test_awards_and_events_named_for_what_they_honour_are_events() -> None:
    index = EntityIndex(
        [
            mention(1, 0, "ORG", "Tarnow Film Award for Best Score"),
            mention(2, 0, "PERSON", "Festival of Lanterns"),
            mention(3, 0, "ORG", "Corley Prize"),
            mention(4, 0, "ORG", "Award Holdings"),  # a company whose name opens with it
        ]
    )
    assert types(index) == {
        "Tarnow Film Award for Best Score": "EVENT",
        "Festival of Lanterns": "EVENT",
        "Corley Prize": "EVENT",
        "Award Holdings": "ORG",
    }


def test_amphitheatres_and_pavilions_are_places() -> None:
    index = EntityIndex(
        [
            mention(1, 0, "ORG", "Harbor Bank Pavilion"),
            mention(2, 0, "PERSON", "Vance Amphitheatre"),
        ]
    )
    assert types(index) == {"Harbor Bank Pavilion": "FAC", "Vance Amphitheatre": "FAC"}


def test_a_name_before_a_comma_and_a_state_is_a_town(analyzer: NlpAnalyzer) -> None:
    # a sentence and a listing's line ("Dunmore, OH @ …")
    words = ["Police", "in", "Harlow", ",", "Ind.", ",", "and", "Dunmore", ",", "OH", "@", "."]
    tags = ["O", "O", "B-PERSON", "O", "O", "O", "O", "B-ORG", "O", "O", "O", "O"]
    doc = Doc(analyzer.nlp.vocab, words=words, ents=tags)
    assert [(m.text, m.label) for m in mentions_in(doc, 0)] == [
        ("Harlow", "GPE"),
        ("Dunmore", "GPE"),
    ]
    # a person named in full, a state's name that goes on, a word that is no state
    words = ["Ana", "Ruiz", ",", "Ohio", "'s", "senator", ",", "Vance", "Honey", ",", "or", "jam"]
    tags = ["B-PERSON", "I-PERSON", "O", "B-GPE", "O", "O", "O", "B-ORG", "I-ORG", "O", "O", "O"]
    doc = Doc(analyzer.nlp.vocab, words=words, ents=tags)
    assert [(m.text, m.label) for m in mentions_in(doc, 0)] == [
        ("Ana Ruiz", "PERSON"),
        ("Ohio", "GPE"),
        ("Vance Honey", "ORG"),
    ]


def test_a_newspaper_named_after_its_town_is_an_organisation() -> None:
    index = EntityIndex(
        [
            mention(1, 0, "PERSON", "Harlow Courant"),
            mention(2, 0, "GPE", "Tarnow Times"),
            mention(3, 0, "PERSON", "Emily Post"),  # a given name: a person named so
        ]
    )
    assert types(index) == {"Harlow Courant": "ORG", "Tarnow Times": "ORG", "Emily Post": "PERSON"}


def test_programmes_known_by_one_name_are_no_organisations() -> None:
    index = EntityIndex([mention(1, 0, "ORG", "Medicaid"), mention(2, 0, "ORG", "Harlow Health")])
    assert types(index) == {"Medicaid": "LAW", "Harlow Health": "ORG"}


def test_market_indices_are_no_organisations() -> None:
    index = EntityIndex(
        [mention(1, 0, "ORG", "Harbor Composite"), mention(2, 0, "ORG", "Tarnow Stock Index")]
    )
    assert set(types(index).values()) == {"PRODUCT"}


def test_a_founders_title_or_a_verb_before_a_name_is_no_part_of_it(analyzer: NlpAnalyzer) -> None:
    words = ["Founder", "of", "Harbor", "Robotics", "Inc.", "Ada", "Lind", "spoke", "."]
    tags = ["B-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "B-PERSON", "I-PERSON", "O", "O"]
    doc = Doc(analyzer.nlp.vocab, words=words, ents=tags)
    assert [m.text for m in mentions_in(doc, 0)] == ["Harbor Robotics Inc.", "Ada Lind"]
    words = ["Questioning", "Lind", ",", "the", "panel", "paused", "."]
    tags = ["B-PERSON", "I-PERSON", "O", "O", "O", "O", "O"]
    spaces = [True, False, True, True, True, False, False]
    pos = ["VERB", "PROPN", "PUNCT", "DET", "NOUN", "VERB", "PUNCT"]
    doc = Doc(analyzer.nlp.vocab, words=words, spaces=spaces, ents=tags, pos=pos)
    for token, tag in zip(doc, ["VBG", "NNP", ",", "DT", "NN", "VBD", "."], strict=True):
        token.tag_ = tag
    doc[0].is_sent_start = True
    assert [m.text for m in mentions_in(doc, 0)] == ["Lind"]


def test_a_full_name_listed_with_people_is_a_persons() -> None:
    # "Ann Lee, Boone Orrey and Jo Tam scored": the recogniser read an organisation
    index = EntityIndex(
        [mention(1, 0, "PERSON", "Ann Lee"), mention(1, 3, "ORG", "Boone Orrey")],
        evidence=Evidence(person_peer={(1, 4)}),
    )
    assert types(index) == {"Ann Lee": "PERSON", "Boone Orrey": "PERSON"}


def test_a_name_listed_with_people_that_shows_an_organisation_stays_one() -> None:
    cues = TypeCues(definite={(2, 1)}, located={(3, 1)})
    index = EntityIndex(
        [
            mention(1, 0, "ORG", "Boone Orrey"),  # "the Boone Orrey" elsewhere
            mention(2, 1, "ORG", "Boone Orrey"),
            mention(1, 4, "GPE", "Vance Mill"),  # "in Vance Mill" elsewhere
            mention(3, 1, "GPE", "Vance Mill"),
            mention(1, 8, "ORG", "Orrey Clinic"),  # a word that ends organisations' names
            mention(1, 12, "ORG", "Tam Harlow"),  # listed with a company as well
        ],
        evidence=Evidence(
            cues=cues, person_peer={(1, 0), (1, 4), (1, 8), (1, 12)}, org_peer={(1, 12)}
        ),
    )
    assert "PERSON" not in types(index).values()


def test_names_listed_with_a_person_are_marked_as_such(analyzer: NlpAnalyzer) -> None:
    doc = analyzer.nlp("Ann Lee and Boone Orrey scored for the home side.")
    at = {t.text: t.i for t in doc}
    doc.ents = [
        Span(doc, at["Ann"], at["Lee"] + 1, "PERSON"),
        Span(doc, at["Boone"], at["Orrey"] + 1, "ORG"),
    ]
    evidence = Evidence()
    evidence.add(doc, 0)
    assert evidence.beside_person(mention(0, at["Boone"], "ORG", "Boone Orrey"))
    assert not evidence.beside_person(mention(0, at["Ann"], "PERSON", "Ann Lee"))


def test_a_country_that_ends_a_title_is_no_part_of_the_name_after_it(
    analyzer: NlpAnalyzer,
) -> None:
    # "the envoy for Ukraine Ann Lee": the recogniser runs country and name together
    doc = Doc(
        analyzer.nlp.vocab,
        words=["envoy", "for", "Ukraine", "Ann", "Lee", "spoke", ";", "Georgia", "Ann", "Lee"],
        ents=["O", "O", "B-ORG", "I-ORG", "I-ORG", "O", "O", "B-PERSON", "I-PERSON", "I-PERSON"],
    )
    found = [(m.label, m.text) for m in mentions_in(doc, 1)]
    assert found[:2] == [("GPE", "Ukraine"), ("PERSON", "Ann Lee")]
    assert found[2] == ("PERSON", "Georgia Ann Lee")  # a given name first: one person


def test_a_web_address_is_a_sites_and_an_email_address_names_nothing(
    analyzer: NlpAnalyzer,
) -> None:
    words = ["Write", "to", "desk@harlowpost.com", "This", "week", ",", "HARLOWNEWS.COM", "ran"]
    tags = ["O", "O", "B-ORG", "I-ORG", "O", "O", "B-PERSON", "O"]
    doc = Doc(analyzer.nlp.vocab, words=words, ents=tags)
    assert [(m.text, m.label) for m in mentions_in(doc, 0)] == [("HARLOWNEWS.COM", "ORG")]


def test_a_name_right_after_the_kind_of_organisation_it_is_is_an_organisations(
    analyzer: NlpAnalyzer,
) -> None:
    result = analyzer.analyze(
        "Tour off",
        None,
        [
            "Folk group Amber Wren has called off its spring tour, and the record label "
            "Tessa Marlowe dropped the band.",
            "Singer Tessa Lind said the group would be back.",
        ],
        "en",
    )
    found = {e.name: e.type for e in result.entities}
    assert found["Amber Wren"] == "ORG"
    assert found["Tessa Marlowe"] == "ORG"
    assert found["Tessa Lind"] == "PERSON"  # "singer" is no organisation's kind


def test_a_role_that_opens_the_sentence_is_no_part_of_the_name(analyzer: NlpAnalyzer) -> None:
    words = ["Lifeguard", "Tessa", "Quayle", "said", "Lucky", "Flint", "won", "."]
    tags = ["B-PERSON", "I-PERSON", "I-PERSON", "O", "B-PERSON", "I-PERSON", "O", "O"]
    doc = Doc(analyzer.nlp.vocab, words=words, ents=tags)
    found = [(m.text, m.titles) for m in mentions_in(doc, 0)]
    # a nickname inside the sentence, before no given name, stays
    assert found == [("Tessa Quayle", ("lifeguard",)), ("Lucky Flint", ())]


def test_a_role_in_lower_case_before_a_name_describes_a_person_whatever_the_parse(
    analyzer: NlpAnalyzer,
) -> None:
    # the parse may make the role the root ("Rams coach" read as a clause of its own)
    result = analyzer.analyze(
        None, None, ["Rams coach Ivo Stankovic-Mbeki was less amused by the fine."], "en"
    )
    assert ("PERSON", "Ivo Stankovic-Mbeki") in {(e.type, e.name) for e in result.entities}
