"""Merging mentions into canonical entities (constructed mentions, no language model)."""

from __future__ import annotations

from newsroom_parser.nlp.canonical import EntityIndex
from newsroom_parser.nlp.entities import Mention


def mention(seg: int, start: int, label: str, text: str, titles: tuple[str, ...] = ()) -> Mention:
    words = tuple(text.split())
    return Mention(seg, start, start + len(words), label, words, text, name=text, titles=titles)


def by_name(index: EntityIndex) -> dict[str, tuple[str, int, tuple[str, ...]]]:
    return {e.name: (e.type, e.mentions, tuple(e.aliases)) for e in index.results()}


def test_surnames_join_the_full_name_and_count_after_merging() -> None:
    index = EntityIndex(
        [
            mention(1, 0, "PERSON", "Rand Paul", titles=("sen.",)),
            mention(2, 3, "PERSON", "Paul"),
            mention(3, 0, "PERSON", "Konstantin Kosachev"),
            mention(4, 5, "PERSON", "Kosachev"),
            mention(5, 0, "PERSON", "Paul"),
        ]
    )
    entities = by_name(index)
    assert entities["Rand Paul"] == ("PERSON", 3, ("Paul",))
    assert entities["Konstantin Kosachev"] == ("PERSON", 2, ("Kosachev",))
    assert "Paul" not in entities and "Kosachev" not in entities


def test_short_form_mislabelled_by_the_tagger_stays_a_person() -> None:
    index = EntityIndex(
        [
            mention(1, 0, "PERSON", "Donald Trump"),
            mention(2, 0, "ORG", "Trump"),
            mention(3, 4, "GPE", "Trump"),
        ]
    )
    assert by_name(index) == {"Donald Trump": ("PERSON", 3, ("Trump",))}


def test_other_entities_merge_by_name_and_take_the_majority_label() -> None:
    index = EntityIndex(
        [
            mention(1, 0, "GPE", "Russia"),
            mention(2, 0, "ORG", "Russia"),
            mention(3, 0, "GPE", "Russia"),
            mention(3, 5, "GPE", "Moscow"),
        ]
    )
    assert by_name(index) == {"Russia": ("GPE", 3, ()), "Moscow": ("GPE", 1, ())}


def test_ambiguous_surname_goes_to_the_most_mentioned_person() -> None:
    index = EntityIndex(
        [
            mention(1, 0, "PERSON", "Hillary Clinton"),
            mention(2, 0, "PERSON", "Hillary Clinton"),
            mention(3, 0, "PERSON", "Bill Clinton"),
            mention(4, 0, "PERSON", "Clinton"),
        ]
    )
    entities = by_name(index)
    assert entities["Hillary Clinton"][1] == 3
    assert entities["Bill Clinton"][1] == 1


def test_headline_mentions_only_count_for_entities_of_the_article() -> None:
    index = EntityIndex(
        [
            mention(0, 0, "PERSON", "Rand Paul"),
            mention(0, 3, "ORG", "Top Russians"),
            mention(1, 0, "PERSON", "Rand Paul"),
        ],
        headline_seg=0,
    )
    assert by_name(index) == {"Rand Paul": ("PERSON", 2, ())}


def test_ids_are_stable_slugs_and_unique() -> None:
    index = EntityIndex([mention(1, 0, "PERSON", "Rand Paul"), mention(2, 0, "ORG", "U.S. Senate")])
    assert [e.id for e in index.results()] == ["person:rand-paul", "org:u-s-senate"]


def test_paragraphs_count_body_segments_only_once_each_and_from_zero() -> None:
    # segment 0 is the headline, 1 the dek: the body starts at segment 2
    index = EntityIndex(
        [
            mention(0, 0, "PERSON", "Rand Paul"),
            mention(1, 0, "PERSON", "Paul"),
            mention(2, 0, "PERSON", "Rand Paul"),
            mention(4, 2, "PERSON", "Paul"),
            mention(4, 9, "PERSON", "Paul"),
            mention(5, 0, "GPE", "Helsinki"),
        ],
        headline_seg=0,
    )
    paragraphs = {e.name: tuple(e.paragraphs) for e in index.results(first_body=2)}
    assert paragraphs == {"Rand Paul": (0, 2), "Helsinki": (3,)}


def test_full_name_tagged_as_organisation_is_a_person_when_its_surname_is_one() -> None:
    index = EntityIndex(
        [
            mention(1, 0, "ORG", "Martin Luis Ortega"),
            mention(2, 0, "PERSON", "Alma Ortega"),
            mention(3, 0, "ORG", "Walter Freight"),
            mention(4, 0, "ORG", "Martin Luis Ortega"),
        ]
    )
    entities = by_name(index)
    assert entities["Martin Luis Ortega"] == ("PERSON", 2, ())
    assert entities["Alma Ortega"] == ("PERSON", 1, ())
    # a given name alone proves nothing: no person of the article is called Freight
    assert entities["Walter Freight"] == ("ORG", 1, ())


def test_full_name_with_an_unlisted_given_name_is_a_person_known_by_surname_alone() -> None:
    index = EntityIndex(
        [
            mention(1, 0, "PERSON", "Carvalho"),
            mention(2, 0, "PRODUCT", "Idun Carvalho"),
            mention(3, 0, "PERSON", "Paul"),
            mention(4, 0, "GPE", "St. Paul"),
            mention(5, 0, "PERSON", "Ana Ruiz"),
            mention(6, 0, "ORG", "Zelka Ruiz"),
        ]
    )
    entities = by_name(index)
    assert entities["Idun Carvalho"] == ("PERSON", 2, ("Carvalho",))
    assert "Carvalho" not in entities
    # places are often named after people
    assert entities["St. Paul"] == ("GPE", 1, ())
    # the surname already has a full name in the article: another full name needs more proof
    assert entities["Zelka Ruiz"] == ("ORG", 1, ())


def test_an_organisation_ending_in_a_word_once_tagged_as_a_person_stays_one() -> None:
    index = EntityIndex(
        [
            mention(1, 0, "PERSON", "Steelers"),
            mention(2, 0, "ORG", "Riverton Steelers"),
            mention(3, 0, "ORG", "Riverton Steelers"),
        ]
    )
    assert by_name(index)["Riverton Steelers"][0] == "ORG"


def test_person_whose_name_opens_an_organisations_name_is_its_short_form() -> None:
    index = EntityIndex(
        [
            mention(1, 0, "ORG", "Atlas Rail Group"),
            mention(2, 0, "PERSON", "Atlas Rail"),
            mention(3, 0, "PERSON", "Atlas"),
            mention(4, 0, "PERSON", "Atlas Rail"),
            mention(5, 0, "PERSON", "Walt Disney"),
            mention(6, 0, "ORG", "Walt Disney Co."),
            mention(7, 0, "PERSON", "Bloom Tanaka", titles=("mr.",)),
            mention(8, 0, "ORG", "Bloom Tanaka Partners"),
        ]
    )
    entities = by_name(index)
    assert entities["Atlas Rail"] == ("ORG", 4, ("Atlas", "Atlas Rail Group"))
    assert all(name != "Atlas Rail" or kind == "ORG" for name, (kind, _, _) in entities.items())
    # a given name or a personal title says person
    assert entities["Walt Disney"][0] == "PERSON"
    assert entities["Bloom Tanaka"][0] == "PERSON"
    # a later "Atlas" is not resolved to a person that no longer exists
    assert index.person_named(("Atlas",)) is None


def test_one_word_person_that_opens_an_organisations_name_is_its_short_form() -> None:
    index = EntityIndex(
        [
            mention(1, 0, "PERSON", "Corvid"),
            mention(2, 0, "ORG", "Corvid Aerospace"),
            mention(3, 0, "PERSON", "Corvid"),
            mention(4, 0, "PERSON", "Marcus"),
            mention(5, 0, "ORG", "Marcus Hotels"),
        ]
    )
    entities = by_name(index)
    assert entities["Corvid Aerospace"] == ("ORG", 3, ("Corvid",))
    assert entities["Marcus"] == ("PERSON", 1, ())  # a given name: a person


def test_an_honorific_of_the_other_gender_keeps_a_surname_apart() -> None:
    index = EntityIndex(
        [
            mention(1, 0, "PERSON", "Halden", titles=("president",)),
            mention(2, 0, "PERSON", "Halden", titles=("mr.",)),
            mention(3, 5, "PERSON", "Margaret Halden"),
            mention(4, 0, "PERSON", "Halden", titles=("mr.",)),
            mention(5, 0, "PERSON", "Halden", titles=("mrs.",)),
            mention(6, 0, "PERSON", "Halden", titles=("mr.",)),
        ]
    )
    entities = by_name(index)
    assert entities["Margaret Halden"] == ("PERSON", 2, ("Halden",))
    # "Mr. Halden" is someone else, and so is the president the article calls "Mr." most
    assert entities["Halden"] == ("PERSON", 4, ())


def test_a_surname_after_an_honorific_is_no_first_name() -> None:
    index = EntityIndex(
        [
            mention(1, 0, "PERSON", "Halden Speech"),
            mention(2, 0, "PERSON", "Halden", titles=("mr.",)),
        ]
    )
    assert "Halden" in by_name(index)


def test_a_nickname_and_the_given_name_it_shortens_are_one_person() -> None:
    index = EntityIndex(
        [
            mention(1, 0, "PERSON", "Joseph K. Brandt"),
            mention(2, 0, "PERSON", "Joe Brandt"),
            mention(3, 0, "PERSON", "Bobby Lund"),
            mention(4, 0, "PERSON", "Robert C. Lund"),
            mention(5, 0, "PERSON", "Mary Lund"),  # another Lund
        ]
    )
    entities = by_name(index)
    assert entities["Joseph K. Brandt"][:2] == ("PERSON", 2)
    assert entities["Robert C. Lund"][:2] == ("PERSON", 2)
    assert entities["Mary Lund"][:2] == ("PERSON", 1)


def test_more_short_forms_of_given_names_are_known() -> None:
    index = EntityIndex(
        [
            mention(1, 0, "PERSON", "Patrick Corrigan Jr."),
            mention(2, 0, "PERSON", "Pat Corrigan"),
            mention(3, 0, "PERSON", "Douglas Amery"),
            mention(4, 0, "PERSON", "Doug Amery"),
        ]
    )
    entities = by_name(index)
    assert entities["Patrick Corrigan Jr."][:2] == ("PERSON", 2)
    assert entities["Douglas Amery"][:2] == ("PERSON", 2)


def test_a_word_before_a_full_name_that_is_no_given_name_is_a_nickname() -> None:
    index = EntityIndex(
        [
            mention(1, 0, "PERSON", "Elena Voss"),
            mention(2, 0, "PERSON", "Lucky Elena Voss"),
            mention(3, 0, "PERSON", "Anna Maria Voss"),  # two given names: another Voss
        ]
    )
    entities = by_name(index)
    assert entities["Elena Voss"][:2] == ("PERSON", 2)
    assert entities["Anna Maria Voss"][:2] == ("PERSON", 1)


def test_a_company_called_by_its_first_word_after_former_is_still_the_company() -> None:
    index = EntityIndex(
        [
            mention(1, 0, "PERSON", "Atlas Rail Group"),
            mention(2, 0, "ORG", "Atlas Rail Group"),
            mention(3, 0, "PERSON", "Atlas"),
            mention(4, 0, "PERSON", "Atlas", titles=("former",)),  # "a former Atlas mine"
        ]
    )
    entities = by_name(index)
    assert entities["Atlas Rail Group"][:2] == ("ORG", 4)
    assert "Atlas" not in entities


def test_a_lone_surname_spelt_another_way_is_the_person_named_in_full() -> None:
    # transliterations and slips: one letter more, less or other than the full name's
    index = EntityIndex(
        [
            mention(1, 0, "PERSON", "Oleksandr Horodetsky"),
            mention(2, 0, "PERSON", "Horodetskyy"),
            mention(3, 0, "PERSON", "Marta McKelvey"),
            mention(4, 2, "PERSON", "McKelvy"),
            mention(5, 0, "PERSON", "Horodetskiy"),
        ]
    )
    assert by_name(index) == {
        "Oleksandr Horodetsky": ("PERSON", 3, ("Horodetskiy", "Horodetskyy")),
        "Marta McKelvey": ("PERSON", 2, ("McKelvy",)),
    }


def test_a_lone_name_near_two_surnames_or_a_short_or_plural_one_stays_apart() -> None:
    index = EntityIndex(
        [
            mention(1, 0, "PERSON", "Dana Petersen"),
            mention(1, 4, "PERSON", "Lee Peterson"),
            mention(2, 0, "PERSON", "Petersan"),  # a letter from both: whose?
            mention(3, 0, "PERSON", "Amy Kort"),
            mention(3, 4, "PERSON", "Korte"),  # too short to tell a slip from a name
            mention(4, 0, "PERSON", "Ruth Okafor"),
            mention(4, 6, "PERSON", "Okafors"),  # the family, not her
        ]
    )
    names = set(by_name(index))
    assert {"Petersan", "Korte", "Okafors"} <= names


def test_a_lone_name_in_the_middle_of_one_full_name_is_that_person() -> None:
    index = EntityIndex(
        [
            mention(1, 0, "PERSON", "Rosa Delgado Ferraz"),
            mention(2, 0, "PERSON", "Delgado"),
            mention(3, 0, "PERSON", "Tom J. Baker"),
            mention(4, 0, "PERSON", "Ann Marie Cole"),
            mention(4, 5, "PERSON", "Marie Lund"),
            mention(5, 0, "PERSON", "Marie"),  # Cole's middle name, but Lund's first
        ]
    )
    entities = by_name(index)
    assert entities["Rosa Delgado Ferraz"] == ("PERSON", 2, ("Delgado",))
    assert entities["Marie Lund"] == ("PERSON", 2, ("Marie",))
