"""Bodies named for what they are in charge of, read whole (field_names.py)."""

from __future__ import annotations

from spacy.tokens import Doc

from newsroom_parser.nlp import ArticleText, NlpAnalyzer
from newsroom_parser.nlp.entities import mentions_in

_NO_SPACE_BEFORE = {",", ".", ")", "'s"}


def tagged(analyzer: NlpAnalyzer, text: str) -> Doc:
    """A Doc of ``text``'s words, each written ``word/LABEL`` (B- or I-) or bare (O)."""
    words, tags = [], []
    for item in text.split():
        word, _, tag = item.partition("/")
        words.append(word)
        tags.append(tag or "O")
    spaces = [nxt not in _NO_SPACE_BEFORE for nxt in words[1:]] + [False]
    return Doc(analyzer.nlp.vocab, words=words, spaces=spaces, ents=tags)


def names(analyzer: NlpAnalyzer, text: str) -> list[str]:
    return [m.text for m in mentions_in(tagged(analyzer, text), 1)]


def test_a_body_named_for_its_fields_keeps_its_comma(analyzer: NlpAnalyzer) -> None:
    text = "Officials at the Department of Roads, Rail and Ports approved the budget."
    result = analyzer.analyze_many([ArticleText("Budget approved", None, [text], "en")])[0]
    assert [e.name for e in result.entities] == ["Department of Roads, Rail and Ports"]


def test_a_body_named_for_its_fields_keeps_its_comma_before_its_acronym(
    analyzer: NlpAnalyzer,
) -> None:
    words = ["the", "Ministry", "of", "Roads", ",", "Rail", "and", "Ports", "(", "MRRP", ")"]
    tags = ["O", "B-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG"]
    spaces = [True, True, True, False, True, True, True, True, False, False, False]
    doc = Doc(analyzer.nlp.vocab, words=words, spaces=spaces, ents=[*tags, "I-ORG", "O"])
    assert [m.text for m in mentions_in(doc, 1)] == ["Ministry of Roads, Rail and Ports", "MRRP"]


def test_a_body_named_for_a_longer_list_keeps_every_comma(analyzer: NlpAnalyzer) -> None:
    text = (
        "the Bureau/B-ORG of/I-ORG Forests/I-ORG ,/I-ORG Rivers/I-ORG ,/I-ORG Parks/I-ORG "
        "and/I-ORG Wildlife/I-ORG said ."
    )
    assert names(analyzer, text) == ["Bureau of Forests, Rivers, Parks and Wildlife"]


def test_a_body_cut_at_the_and_of_its_fields_is_one_name(analyzer: NlpAnalyzer) -> None:
    text = "the Harlow/B-ORG Institute/I-ORG of/I-ORG Soils/I-ORG and Coastal Waters said ."
    assert names(analyzer, text) == ["Harlow Institute of Soils and Coastal Waters"]


def test_a_body_cut_inside_its_field_list_is_one_name(analyzer: NlpAnalyzer) -> None:
    text = (
        "the Senate/B-ORG Committee/I-ORG on/I-ORG Rivers/I-ORG ,/I-ORG Roads/I-ORG , "
        "Rail/B-ORG and Ports met ."
    )
    assert names(analyzer, text) == ["Senate Committee on Rivers, Roads, Rail and Ports"]


def test_a_body_cut_after_its_of_is_one_name(analyzer: NlpAnalyzer) -> None:
    text = "the Economic/B-ORG Club/I-ORG of/I-ORG Harlow/B-GPE invited her ."
    assert names(analyzer, text) == ["Economic Club of Harlow"]


def test_a_bank_of_a_place_is_one_name(analyzer: NlpAnalyzer) -> None:
    text = "the Reserve/B-ORG Bank/I-ORG of Harlow/B-GPE raised rates ."
    assert names(analyzer, text) == ["Reserve Bank of Harlow"]


def test_names_after_a_bodys_and_stay_their_own(analyzer: NlpAnalyzer) -> None:
    person = "the Department/B-ORG of/I-ORG Justice/I-ORG and Ana/B-PERSON Ruiz/I-PERSON said ."
    assert names(analyzer, person) == ["Department of Justice", "Ana Ruiz"]
    place = "the Office/B-ORG of/I-ORG Water/I-ORG and Harlow/B-GPE County/I-GPE met ."
    assert names(analyzer, place) == ["Office of Water", "Harlow County"]
    title = "the Office/B-ORG of/I-ORG Water/I-ORG and Senator Lind/B-PERSON met ."
    assert names(analyzer, title) == ["Office of Water", "Lind"]


def test_a_list_that_goes_on_or_lists_banks_is_not_a_field_list(analyzer: NlpAnalyzer) -> None:
    # more capitalised words after the last field: not where the name ends
    goes_on = "the Office/B-ORG of/I-ORG Water/I-ORG and Harlow Valley Power Board met ."
    assert names(analyzer, goes_on) == ["Office of Water"]
    banks = (
        "the Bank/B-ORG of/I-ORG Tarnow/I-ORG ,/I-ORG Corvex/I-ORG and/I-ORG Pellam/I-ORG fell ."
    )
    assert names(analyzer, banks) == ["Bank of Tarnow", "Corvex and Pellam"]
