"""Speaker rules on small made-up articles: pronouns, descriptions, organisations, parse
mistakes. Each test pins one rule with a case the rule is there for."""

from __future__ import annotations

from newsroom_parser.nlp import NlpAnalyzer, NlpResult

from .conftest import quote_by_start


def run(analyzer: NlpAnalyzer, *paragraphs: str, title: str = "Budget Talks Resume") -> NlpResult:
    return analyzer.analyze(title, None, list(paragraphs), "en")


def test_pronoun_skips_a_name_in_a_phrase_before_it(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Gov. Daniel Okafor toured the coast on Monday. During his meeting with Paul Greene, "
        "he stopped to talk to fishermen.",
        "“The coast deserves more than promises from the capital,” he said.",
    )
    assert quote_by_start(result, "The coast").speaker.name == "Daniel Okafor"


def test_description_does_not_refer_to_a_name_inside_it(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Marcus Delgado, who ran Senator Ellen Park's last race, criticised the ad.",
        "“That was a cheap shot at a decent public servant,” Park's former campaign manager said.",
    )
    speaker = quote_by_start(result, "That was a cheap").speaker
    assert speaker.as_written == "Park's former campaign manager"
    assert speaker.name == "Marcus Delgado"


def test_description_in_apposition_is_remembered(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Roland Pike, the police chief, spoke first. Later, Teresa Vance, the mayor, met the "
        "families.",
        "“The footage will be released when the inquiry allows it,” the chief said.",
    )
    assert quote_by_start(result, "The footage").speaker.name == "Roland Pike"


def test_generic_organisation_noun_refers_to_the_organisation_that_acted(
    analyzer: NlpAnalyzer,
) -> None:
    result = run(
        analyzer,
        "On Friday, the Association of Hospital Nurses endorsed the measure.",
        "“Safe staffing saves lives on every ward,” the union wrote.",
    )
    speaker = quote_by_start(result, "Safe staffing").speaker
    assert speaker.as_written == "the union"
    assert speaker.name == "Association of Hospital Nurses"


def test_the_one_told_is_not_the_speaker(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Pressed on the audit, telling Whitcombe that “the numbers were wrong from the first "
        "page.”",
    )
    speaker = quote_by_start(result, "the numbers were").speaker
    assert speaker.as_written != "Whitcombe"
    assert speaker.name is None


def test_capitalised_subject_mistagged_as_a_verb_still_speaks(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Gordon Rich spoke in Ohio on Monday.",
        "Rich and his deputy left the hearing early, telling reporters that “the whole "
        "process was a sham.”",
    )
    assert quote_by_start(result, "the whole process").speaker.name == "Gordon Rich"


def test_partial_quote_deep_in_the_sentence_belongs_to_its_subject(
    analyzer: NlpAnalyzer,
) -> None:
    result = run(
        analyzer,
        "Nadia Brandt, a debate coach at Lakeview College, likened the candidate to a chess "
        "player who is “stalling for time” in the belief that “the clock will save him” in "
        "the end.",
    )
    assert quote_by_start(result, "the clock will save").speaker.name == "Nadia Brandt"


def test_name_used_as_a_modifier_is_not_an_antecedent(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Carl Jennings and his wife joined a crowd of Ellen Marsh supporters.",
        "“We drove six hours to be here tonight,” she said.",
    )
    # "she" is the wife, whom the article does not name: not Ellen Marsh
    assert quote_by_start(result, "We drove").speaker.name is None


def test_a_list_of_quotes_shares_the_first_items_speaker(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "As Governor Alma Reyes talked about “how the ferries run late,” and “empty harbor "
        "stalls” and “the fishing fleet we used to have,” Victor Lindqvist said yes, yes, "
        "again and again.",
    )
    # the parser hangs the last item's closing mark on "said"; the list is still Reyes's
    assert quote_by_start(result, "how the ferries").speaker.name == "Alma Reyes"
    assert quote_by_start(result, "the fishing fleet").speaker.name == "Alma Reyes"


def test_quotes_with_their_own_cues_are_no_list(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "“The budget is broken beyond repair,” said Alma Reyes, and “the towns will pay for "
        "it,” said Victor Lindqvist.",
    )
    assert quote_by_start(result, "the towns will pay").speaker.name == "Victor Lindqvist"


def test_participle_after_a_relative_clause_reports_the_main_subject(
    analyzer: NlpAnalyzer,
) -> None:
    result = run(
        analyzer,
        "Governor Alan Brooks answered a farmer who said his wells had run dry last summer, "
        "saying, “We will send engineers to every county that asks for them.”",
    )
    assert quote_by_start(result, "We will send").speaker.name == "Alan Brooks"


def test_pronoun_after_the_writers_relative_stays_unnamed(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Senator Ray Dalton was on television every night in those years.",
        "My father kept a garden and a rain barrel. “The town will not see out the decade,” my "
        "father often said.",
        "He also told his neighbours at the market that “the river will take the lower streets.”",
    )
    speaker = quote_by_start(result, "the river will").speaker
    assert speaker.as_written == "He"
    assert speaker.name is None  # the writer's father, whom the article does not name


def test_a_name_in_apposition_to_the_subject_outranks_the_subjects_possessor(
    analyzer: NlpAnalyzer,
) -> None:
    result = run(
        analyzer,
        "Omar Haddad's campaign manager, Marta Quist, disputed the report. “The ads were "
        "approved by lawyers,” she said.",
    )
    assert quote_by_start(result, "The ads were").speaker.name == "Marta Quist"


def test_a_no_break_space_reads_as_a_space(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Mayor\u00a0Ana Ruiz said the plan was “a gift to the developers and nobody else.”",
    )
    assert quote_by_start(result, "a gift to").speaker.name == "Ana Ruiz"
    assert "Ana Ruiz" in {e.name for e in result.entities}


def test_a_horizontal_bar_reads_as_a_dash(analyzer: NlpAnalyzer) -> None:
    # the tagger reads "―" (U+2015) as a verb unless it is made an em dash
    result = run(
        analyzer,
        "Marta Quinlan ― a nurse who has lived by the harbor for 30 years ― said the plan "
        "was “a gift to the developers.”",
    )
    speaker = quote_by_start(result, "a gift to").speaker
    assert speaker.name == "Marta Quinlan"
    assert speaker.as_written == "Marta Quinlan"


def test_quote_text_is_kept_as_the_paragraph_gives_it(analyzer: NlpAnalyzer) -> None:
    paragraph = "“The harbor plan ― all of it ― is a gift to\u00a0developers,” Marta Quinlan said."
    quote = quote_by_start(run(analyzer, paragraph), "The harbor plan")
    assert quote.text == paragraph[quote.start : quote.end]
    assert "―" in quote.text and "\u00a0" in quote.text
    assert quote.speaker.name == "Marta Quinlan"


def test_a_quote_running_on_takes_the_speaker_named_in_the_next_paragraph(
    analyzer: NlpAnalyzer,
) -> None:
    result = run(
        analyzer,
        "“The first thing we need to do is fix the roads and bridges in this state. We have "
        "waited too long.",
        "“The second thing is to make sure the schools have enough teachers for every "
        "class,” Grant said.",
    )
    assert quote_by_start(result, "The first thing").speaker.name == "Grant"
    assert quote_by_start(result, "The second thing").speaker.name == "Grant"


def test_a_quote_closed_before_the_next_paragraph_takes_no_later_speaker(
    analyzer: NlpAnalyzer,
) -> None:
    result = run(
        analyzer,
        "“The first thing we need to do is fix the roads and bridges in this state.”",
        "“The second thing is to make sure the schools have enough teachers for every "
        "class,” Grant said.",
    )
    assert quote_by_start(result, "The first thing").speaker.name is None


def test_a_surname_that_is_also_a_title_names_the_person(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "“People say it does not matter because the vote is safe,” said Charlie King, a "
        "county chairman.",
        "“We need every single vote in every single county,” Mr. King added.",
    )
    speaker = quote_by_start(result, "We need every").speaker
    assert speaker.name == "Charlie King"


def test_a_nickname_in_quotation_marks_is_part_of_the_name(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "“Nobody in this valley has forgotten the flood,” said Dunmore's campaign manager, "
        "Harriet “Hattie” Calloway.",
    )
    speaker = quote_by_start(result, "Nobody in this valley").speaker
    assert speaker.name == "Harriet Calloway"
    assert [q.text for q in result.quotes] == ["Nobody in this valley has forgotten the flood,"]


def test_an_attribution_sentence_with_a_long_subject_after_the_quote(
    analyzer: NlpAnalyzer,
) -> None:
    result = run(
        analyzer,
        "Rep. Walt Dunmore spoke at the fish fry on Saturday.",
        "“Three cheers for the man who fixed the river road, Walt Dunmore!” Dunmore's cousin, "
        "state Sen. Rosalind “Roz” Ketteridge (R-Elmira), called out from the stage. “Every "
        "county will hear about it.”",
    )
    assert quote_by_start(result, "Three cheers").speaker.name == "Rosalind Ketteridge"
    assert quote_by_start(result, "Every county").speaker.name == "Rosalind Ketteridge"


def test_a_generic_agency_noun_refers_to_the_agency_that_acted(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "The Port Authority issued new rules on Monday.",
        "“The rules will keep the harbor safe for everyone who works there,” the agency said.",
    )
    speaker = quote_by_start(result, "The rules will").speaker
    assert speaker.as_written == "the agency"
    assert speaker.name == "Port Authority"


def test_a_document_speaks_for_the_agent_that_filed_it(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "According to a civil complaint filed by the Harbor Trust, the developers ran “a "
        "massive scheme to defraud investors for years.”",
    )
    speaker = quote_by_start(result, "a massive scheme").speaker
    assert speaker.name == "Harbor Trust"


def test_a_transcript_quoted_as_a_block_is_no_quotation(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "On Sunday, Gov. Tom Baker said the ad was only meant “to mock” his rival.",
        "Partial transcript as follows:",
        "“HOST: Let's start with the news of the day. Why would you run that ad?",
        "“BAKER: Well, look, my rival thinks this is a game show. But this is serious "
        "business for the people of this state.",
        "“But the truth is that we have a plan, and they do not.",
        "“BAKER: And that is why we will win in November.”",
        "“We will win this state by ten points,” Baker told reporters after the show.",
    )
    assert [q.text for q in result.quotes] == ["We will win this state by ten points,"]
    assert result.quotes[0].speaker.name == "Tom Baker"


def test_he_skips_a_woman_known_by_her_given_name(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Tobias Finch spoke in Dayton on Monday. Melanie Vance was in Toledo.",
        "“She has been in office for thirty years and has done nothing for you,” he said.",
    )
    assert quote_by_start(result, "She has been").speaker.name == "Tobias Finch"


def test_a_teaser_or_a_post_signature_among_the_paragraphs_names_no_speaker(
    analyzer: NlpAnalyzer,
) -> None:
    result = run(
        analyzer,
        "The city council voted down Mayor Tom Baker's harbor plan on Tuesday.",
        "“This plan was a gift to the developers and nothing else,” he said after the vote.",
        "RELATED: Mayor Paul Greene: “The budget is safe in our hands for years”",
        "“I have never seen a vote like this one in my whole life,” he said.",
        "The harbor plan is dead. Good riddance, says everyone in town.",
        "— Pete Navarro (@petenav) March 3, 2017",
        "“We lost tonight but the fight for this harbor is not over,” he said.",
    )
    assert {q.speaker.name for q in result.quotes} == {"Tom Baker"}
    assert len(result.quotes) == 3
    names = {e.name for e in result.entities}
    assert "Paul Greene" not in names and "Pete Navarro" not in names


def test_a_pronoun_skips_a_possessor_inside_a_phrase_before_it(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "The mayor, Ruth Adams, was not impressed. Asked about Baker's remarks, she said: “He "
        "has never been to the harbor in his life.”",
    )
    assert quote_by_start(result, "He has never").speaker.name == "Ruth Adams"


def test_put_it_this_way_is_a_cue(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Tom Baker put it this way: “The harbor belongs to all of us, not to a few developers.”",
    )
    assert quote_by_start(result, "The harbor belongs").speaker.name == "Tom Baker"


def test_the_document_filed_by_an_organisation_speaks_for_it(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "The lawsuit, filed by the city of Dayton, claims the state “acted beyond its "
        "authority in every respect.”",
    )
    assert quote_by_start(result, "acted beyond").speaker.name == "Dayton"


def test_a_parenthetical_cue_pronoun_is_not_the_name_it_reports_on(
    analyzer: NlpAnalyzer,
) -> None:
    result = run(
        analyzer,
        "Baker said Adams “has no idea what the plan is about.” Adams, he added, “never read "
        "the plan.”",
    )
    assert quote_by_start(result, "never read").speaker.name == "Baker"


def test_a_campaign_or_an_unnamed_spokeswoman_speaks_for_its_owner(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Tom Baker is running for mayor. Ruth Adams is his rival.",
        "“We are confident about the results on Tuesday,” Baker's spokeswoman said.",
        "“We will win every ward in this city,” the Baker campaign said in a statement.",
    )
    assert quote_by_start(result, "We are confident").speaker.name == "Tom Baker"
    assert quote_by_start(result, "We will win").speaker.name == "Tom Baker"


def test_a_spokesman_named_before_is_the_one_who_speaks(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Dan Hill, a spokesman for Tom Baker, spoke on Monday. Ruth Adams also spoke.",
        "“We are confident about the results on Tuesday,” Baker's spokesman said.",
    )
    assert quote_by_start(result, "We are confident").speaker.name == "Dan Hill"


def test_a_statement_from_a_person_speaks_for_that_person(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Gov. Hollis Varga signed the drought order on Friday.",
        "“The orchards of this valley cannot wait another season,” according to a statement "
        "from Varga.",
    )
    speaker = quote_by_start(result, "The orchards").speaker
    assert speaker.name == "Hollis Varga"


def test_the_statement_speaks_for_whoever_issued_it(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Mayor Ingrid Sola released a statement on Monday.",
        "“Every family on the east side deserves clean water,” the statement said.",
    )
    speaker = quote_by_start(result, "Every family").speaker
    assert speaker.as_written == "the statement"
    assert speaker.name == "Ingrid Sola"


def test_a_statement_that_names_no_author_is_nobodys(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Councilwoman Ingrid Sola visited the pumping station on Monday.",
        "“The station will reopen in spring,” a statement posted at the gate said.",
    )
    assert quote_by_start(result, "The station will").speaker.name is None


def test_a_document_on_a_campaigns_site_speaks_for_the_campaign(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Mayor Ingrid Sola unveiled her housing plan on Monday.",
        "A memo on the Sola campaign's site promises “two thousand homes in four years.”",
    )
    assert quote_by_start(result, "two thousand homes").speaker.name == "Ingrid Sola"


def test_a_colon_hands_the_quote_to_the_subject_of_the_clause_before_it(
    analyzer: NlpAnalyzer,
) -> None:
    result = run(
        analyzer,
        "Governor Felix Amundsen and Mayor Ingrid Sola clashed over the ferry budget.",
        "Sola shot back: “The governor has never once ridden the morning ferry.”",
        "Amundsen had a message for the mayor: “Bring me a plan and I will fund it.”",
    )
    assert quote_by_start(result, "The governor has never").speaker.name == "Ingrid Sola"
    assert quote_by_start(result, "Bring me a plan").speaker.name == "Felix Amundsen"


def test_a_colon_after_someones_reply_hands_the_quote_to_them(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Mayor Ingrid Sola was asked about the ferry budget.",
        "Sola's reply was short: “The governor has never once ridden the morning ferry.”",
    )
    assert quote_by_start(result, "The governor has never").speaker.name == "Ingrid Sola"


def test_a_colon_after_a_clause_about_no_one_names_no_speaker(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Mayor Ingrid Sola spoke at the pier on Monday.",
        "The sign on the ferry gate was plain: “No passengers beyond this point after dark.”",
    )
    assert quote_by_start(result, "No passengers").speaker.name is None


def test_she_skips_a_man_whose_given_name_is_less_common(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Thaddeus Okwu met Ingrid Vasquez at the ferry terminal on Monday.",
        "“The ferry budget is the first thing we will fix,” she said.",
    )
    assert quote_by_start(result, "The ferry budget").speaker.name == "Ingrid Vasquez"


def test_in_someones_words_names_the_speaker(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Mayor Ingrid Sola and Governor Felix Amundsen toured the new ferry terminal.",
        "In Sola's words, “this terminal took ten years and three lawsuits to build.”",
        "In the words of Governor Amundsen, “the ferries are the roads of this coast.”",
        "Amundsen spoke last. In his words, “nobody on the islands should wait an hour.”",
    )
    assert quote_by_start(result, "this terminal took").speaker.name == "Ingrid Sola"
    assert quote_by_start(result, "the ferries are").speaker.name == "Felix Amundsen"
    assert quote_by_start(result, "nobody on the islands").speaker.name == "Felix Amundsen"


def test_someones_message_before_a_colon_is_theirs(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Mayor Ingrid Sola spoke to the ferry workers on Monday.",
        "Her message: “Nobody on the islands should wait an hour for a boat.”",
    )
    assert quote_by_start(result, "Nobody on the islands").speaker.name == "Ingrid Sola"


def test_what_a_statement_reads_is_its_authors(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "“Nobody on the islands should wait an hour for a boat,” reads a statement from Mayor "
        "Ingrid Sola.",
    )
    assert quote_by_start(result, "Nobody on the islands").speaker.name == "Ingrid Sola"


def test_she_far_from_any_name_is_the_articles_only_woman(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Mayor Ingrid Sola opened the new ferry terminal on Monday.",
        "The terminal cost forty million dollars and took ten years to build.",
        "Governor Felix Amundsen did not attend. His office sent a deputy, Tobias Lund.",
        "Lund read a short message from Amundsen to the crowd.",
        "The first ferry left at noon with two hundred passengers on board.",
        "“Nobody on the islands should wait an hour for a boat again,” she said.",
    )
    assert quote_by_start(result, "Nobody on the islands").speaker.name == "Ingrid Sola"


def test_she_far_from_two_women_stays_unresolved(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Mayor Ingrid Sola and her deputy, Greta Holm, opened the new ferry terminal.",
        "The terminal cost forty million dollars and took ten years to build.",
        "Governor Felix Amundsen did not attend. His office sent a deputy, Tobias Lund.",
        "Lund read a short message from Amundsen to the crowd.",
        "The first ferry left at noon with two hundred passengers on board.",
        "“Nobody on the islands should wait an hour for a boat again,” she said.",
    )
    assert quote_by_start(result, "Nobody on the islands").speaker.name is None


def test_they_after_two_named_people_is_both_of_them(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Senators Ingrid Sola and Felix Amundsen sent a letter to the ferry board on Tuesday.",
        "“Nobody on the islands should wait an hour for a boat,” they wrote.",
    )
    speaker = quote_by_start(result, "Nobody on the islands").speaker
    assert speaker.as_written == "they"
    assert speaker.name == "Ingrid Sola and Felix Amundsen"
    assert speaker.entity_id is None


def test_they_after_a_group_is_not_the_people_named_before_it(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Senators Ingrid Sola and Felix Amundsen sent a letter to the ferry board on Tuesday.",
        "Island residents were less patient.",
        "“Nobody on the islands should wait an hour for a boat,” they wrote.",
    )
    assert quote_by_start(result, "Nobody on the islands").speaker.name is None


def test_a_name_in_a_line_with_no_verb_is_no_antecedent(analyzer: NlpAnalyzer) -> None:
    # a rating widget left among the paragraphs of a page: "Very Bad" is tagged a person
    result = run(
        analyzer,
        "President Tobias Lund spoke to reporters at the ferry terminal on Monday.",
        "Very Bad",
        "“The ferry plan will put a boat on every route every hour,” he said.",
    )
    assert quote_by_start(result, "The ferry plan").speaker.name == "Tobias Lund"


def test_a_name_in_an_unfinished_line_is_no_antecedent(analyzer: NlpAnalyzer) -> None:
    # a teaser of another story left among the paragraphs: no closing punctuation
    result = run(
        analyzer,
        "President Tobias Lund spoke to reporters at the ferry terminal on Monday.",
        "Marcus Hale says the ferry deal is dead",
        "“The ferry plan will put a boat on every route every hour,” he said.",
    )
    assert quote_by_start(result, "The ferry plan").speaker.name == "Tobias Lund"


def test_a_quote_after_an_unfinished_line_is_not_its_subjects(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "The ferry board met on Monday to vote on the new timetable.",
        "Marcus Hale says the ferry deal is dead",
        "“Nobody on the islands should wait an hour for a boat.”",
    )
    assert quote_by_start(result, "Nobody on the islands").speaker.name is None


def test_a_study_by_a_named_scholar_is_hers_not_her_universitys(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "According to a 2019 study by Greta Holm of Northfield University, the ferries run "
        "“half empty on most crossings after dark.”",
    )
    assert quote_by_start(result, "half empty").speaker.name == "Greta Holm"


def test_a_passive_cue_is_its_agents(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Tobias Lund was told by Mayor Ingrid Sola that the ferry plan was “dead and buried "
        "for good.”",
        "The old timetable was described by Felix Amundsen as “a relic of the steamship era.”",
    )
    assert quote_by_start(result, "dead and buried").speaker.name == "Ingrid Sola"
    assert quote_by_start(result, "a relic of").speaker.name == "Felix Amundsen"


def test_an_age_description_refers_back_to_a_person(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "The Lantern Street Choir chose Helen Carver as its new conductor on Tuesday.",
        "“Forty voices and one old organ is all a town needs,” the 61-year-old said.",
        "Speaking to reporters later, the 61-year-old added: “We rehearse on Thursdays.”",
    )
    assert quote_by_start(result, "Forty voices").speaker.name == "Helen Carver"
    assert quote_by_start(result, "We rehearse").speaker.name == "Helen Carver"


def test_role_nouns_outside_the_person_list_refer_back_to_a_person(
    analyzer: NlpAnalyzer,
) -> None:
    result = run(
        analyzer,
        "Laura Whitman toured the children's hospital on Monday.",
        "“We cannot keep asking nurses to do more with less,” the first lady said.",
        "Victor Osei spoke to students in Dayton.",
        "“Do not sit this election out, whatever you think of us,” the Ohio independent said.",
    )
    assert quote_by_start(result, "We cannot keep").speaker.name == "Laura Whitman"
    assert quote_by_start(result, "Do not sit").speaker.name == "Victor Osei"


def test_an_unnamed_spokesperson_speaks_for_the_one_named_in_the_description(
    analyzer: NlpAnalyzer,
) -> None:
    result = run(
        analyzer,
        "Rep. Jim Corliss criticised the ferry plan on Monday.",
        "“Island families get nothing from this plan,” a spokesman for Corliss said.",
        "“The vote next week will show where everyone stands,” his office said in a statement.",
    )
    assert quote_by_start(result, "Island families").speaker.name == "Jim Corliss"
    assert quote_by_start(result, "The vote next week").speaker.name == "Jim Corliss"


def test_a_company_spokesperson_speaks_for_the_company_just_named(
    analyzer: NlpAnalyzer,
) -> None:
    result = run(
        analyzer,
        "Brightwater Systems closed its second warehouse last month.",
        "A company spokesperson told the Gazette that “the staff there were offered other posts.”",
    )
    assert quote_by_start(result, "the staff there").speaker.name == "Brightwater Systems"


def test_a_spokesperson_named_for_a_company_the_recogniser_missed_there_speaks_for_it(
    analyzer: NlpAnalyzer,
) -> None:
    # "Corvex" in "a Corvex spokesperson" is no entity to the recogniser; the article
    # names the company "Corvex Labs" before
    result = run(
        analyzer,
        "Corvex Labs recalled 4,000 kettles on Monday after reports of faulty switches.",
        "“Our engineers are checking every batch,” a Corvex spokesperson wrote in an email.",
    )
    assert quote_by_start(result, "Our engineers").speaker.name == "Corvex Labs"


def test_the_association_is_the_organisation_named_in_apposition_to_it(
    analyzer: NlpAnalyzer,
) -> None:
    result = run(
        analyzer,
        "Tenants in three blocks face higher rents next year. Their new association, Harbor "
        "Tenants Union, held its first meeting on Friday.",
        "The landlord did not reply to requests for comment.",
        "Officials at the city declined to comment on the dispute.",
        "Later, on its website, the association wrote that the landlord “has broken every "
        "promise it made to us.”",
    )
    assert quote_by_start(result, "has broken").speaker.name == "Harbor Tenants Union"


def test_a_review_the_parse_gave_to_a_clause_before_the_cue_still_speaks(
    analyzer: NlpAnalyzer,
) -> None:
    # the parse reads "review" as what "we have written", leaving "concluded" no subject
    result = run(
        analyzer,
        "As we have written before, a 2021 review by the Harbor Institute, a research group "
        'in Tarnow, concluded that, by any count, "bus fares now take a larger share of low '
        'wages than ever before."',
    )
    assert quote_by_start(result, "bus fares").speaker.name == "Harbor Institute"


def test_it_opening_a_paragraph_is_the_organisation_the_last_one_was_about(
    analyzer: NlpAnalyzer,
) -> None:
    result = run(
        analyzer,
        "The Harbor Trust has twice denied any wrongdoing.",
        "“At no point did we keep anyone off the pier,” it said in a statement.",
    )
    assert quote_by_start(result, "At no point").speaker.name == "Harbor Trust"


def test_a_reply_is_by_the_one_asked(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Dana Pruitt asked Jim Corliss whether he would vote for the ferry bill. “Absolutely "
        "not, and neither will my colleagues,” he replied.",
        "Martha Quill asked Karen Alvarez about the audit on Sunday.",
        "“The numbers speak for themselves and always have,” she answered.",
    )
    assert quote_by_start(result, "Absolutely not").speaker.name == "Jim Corliss"
    assert quote_by_start(result, "The numbers speak").speaker.name == "Karen Alvarez"


def test_the_campaign_is_the_campaign_of_the_one_named_with_it_before(
    analyzer: NlpAnalyzer,
) -> None:
    result = run(
        analyzer,
        "Senator Ellen Marsh's campaign rejected the claim on Monday.",
        "“This is a desperate attempt to change the subject from his own record,” the campaign "
        "said.",
    )
    assert quote_by_start(result, "This is a desperate").speaker.name == "Ellen Marsh"


def test_a_double_surname_alone_is_the_person_named_in_full(analyzer: NlpAnalyzer) -> None:
    result = analyzer.analyze(
        "Court news",
        None,
        [
            "Justice Ana Soto-Ruiz was sworn in on Monday.",
            "\u201cIt is an honour,\u201d Soto-Ruiz said.",
        ],
        "en",
    )
    people = {e.name: e for e in result.entities if e.type == "PERSON"}
    assert set(people) == {"Ana Soto-Ruiz"}
    assert "Soto-Ruiz" in people["Ana Soto-Ruiz"].aliases
    assert quote_by_start(result, "It is an honour").speaker.name == "Ana Soto-Ruiz"


def test_the_description_of_someone_introduced_unnamed_names_nobody(
    analyzer: NlpAnalyzer,
) -> None:
    result = run(
        analyzer,
        "The branch's director, Paul Achebe, declined to comment. A spokeswoman for the "
        "county library system said the books would move to the main branch.",
        "“No reader will lose access,” the spokeswoman said.",
    )
    assert quote_by_start(result, "No reader").speaker.name is None


def test_a_description_that_tells_a_gender_skips_people_of_the_other(
    analyzer: NlpAnalyzer,
) -> None:
    result = run(
        analyzer,
        "Ray Dorn was sentenced to life in prison on Friday for the kidnapping.",
        "The victim's mother told the court her daughter was “brave and kind beyond her years.”",
    )
    assert quote_by_start(result, "brave and kind").speaker.name is None  # not Ray Dorn


def test_a_colon_after_a_question_put_to_someone_hands_them_the_quote(
    analyzer: NlpAnalyzer,
) -> None:
    result = run(
        analyzer,
        "Dan Moretti coaches the team.",
        "Asked whether he would change the lineup, Moretti was blunt: “Everybody is playing "
        "for their job now.”",
    )
    assert quote_by_start(result, "Everybody is").speaker.name == "Dan Moretti"


def test_a_writing_that_reads_a_quote_after_it_is_its_source(analyzer: NlpAnalyzer) -> None:
    # inverted: the parse takes the writing for the object of "read"
    result = run(
        analyzer,
        "Mayor Tom Bell spoke at the rally on Saturday.",
        "“Save our library and our parks now,” read a sign held by a protester.",
        "“Hands off the river and its banks,” read one of the banners.",
        "“We cannot close the library this year,” read the letter from Bell.",
    )
    assert quote_by_start(result, "Save our").speaker.name is None  # not Tom Bell
    assert quote_by_start(result, "Hands off").speaker.name is None
    assert quote_by_start(result, "We cannot").speaker.name == "Tom Bell"


def test_a_pronoun_is_no_mention_of_a_person_whose_surname_it_spells(
    analyzer: NlpAnalyzer,
) -> None:
    result = run(
        analyzer,
        "The president met Liu He, the top trade negotiator, in the Oval Office on Friday.",
        "In a letter in May, Dale Okafor, the head of the growers' union, said farmers faced "
        "hardship. He urged the president to make a deal, saying “time is running out for "
        "many of our members.”",
    )
    assert quote_by_start(result, "time is running").speaker.name == "Dale Okafor"
    assert {e.name: e.mentions for e in result.entities}["Liu He"] == 1


def test_a_platforms_user_speaks_for_no_platform(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "The singer Ana Lind posted a photo of her twins on Weibo on Monday.",
        "“Don't hide things like this from your fans,” one Weibo commenter said.",
    )
    speaker = quote_by_start(result, "Don't hide").speaker
    assert speaker.as_written == "one Weibo commenter"
    assert speaker.name is None


def test_a_described_answer_is_the_one_asked(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "When the magazine asked Ana Lind, “What are some of the ways that you have grown "
        "this year?” the singer answered, “I would not say that I have grown, but I feel "
        "stronger.”",
    )
    speaker = quote_by_start(result, "I would not say").speaker
    assert (speaker.as_written, speaker.name) == ("the singer", "Ana Lind")


def test_a_name_in_apposition_to_a_name_in_a_phrase_stands_for_the_phrases_noun(
    analyzer: NlpAnalyzer,
) -> None:
    # the parse hangs "Leesa Ormond" on "Nora Vance" (a company named after its founder),
    # not on "head": she is the subject's person, the one "she" takes up
    result = run(
        analyzer,
        "Ann Corliss returned to Nora Vance Foods in 2014 as its spokeswoman.",
        "The former head of marketing at Nora Vance, Leesa Ormond, spoke to a trade website. "
        "“Her humor and honesty set her apart from other spokespeople,” she said.",
    )
    assert quote_by_start(result, "Her humor").speaker.name == "Leesa Ormond"


def test_a_cues_pronoun_skips_a_name_in_what_it_reports(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Tom Harlow met Dan Okafor on Monday.",
        "Okafor was the best player on the team, he said. “He carried us through the whole "
        "season.”",
    )
    assert quote_by_start(result, "He carried").speaker.name == "Tom Harlow"


def test_a_cues_pronoun_takes_up_the_name_of_a_lead_in_that_holds_the_quote(
    analyzer: NlpAnalyzer,
) -> None:
    result = run(
        analyzer,
        "Dr. Maria Vance appeared at a Senate hearing in 2014.",
        "Sen. Ana Ruiz scolded her: “The scientific community is almost united against you "
        "on the three products you sold,” she said.",
    )
    assert quote_by_start(result, "The scientific").speaker.name == "Ana Ruiz"


def test_the_one_who_receives_words_is_not_their_speaker(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "The singer Ana Lind posted photos of herself on Monday.",
        "When the star posted photos before the gala, she received comments including “Eat "
        "something please” and “You look like a skeleton now, honestly.”",
    )
    assert quote_by_start(result, "You look like").speaker.name is None  # not Ana Lind


def test_the_subject_of_a_passive_cue_is_named_or_told_not_speaking(
    analyzer: NlpAnalyzer,
) -> None:
    result = run(
        analyzer,
        "Harlow Clinic treated the patient for months.",
        "Harlow Clinic said the disease is rare. In his case it is called “pigeon breeder's "
        "lung disease.”",
    )
    assert quote_by_start(result, "pigeon").speaker.name is None  # not Harlow Clinic


def test_a_quoted_fragment_standing_as_a_heading_is_nobodys(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "“We will reopen the mill by spring,” said Mayor Dana Kell. “The money is there.”",
        "“… a plan that nobody has costed”",
        "Critics on the council said the plan had no budget.",
        "“Every job will come back,” Kell said on Tuesday.",
        "“And the town will grow again.”",
    )
    assert quote_by_start(result, "… a plan").speaker.name is None
    # a quoted paragraph that is a sentence goes on with the speaker before it
    assert quote_by_start(result, "And the town").speaker.name == "Dana Kell"


def test_going_on_is_speaking_on(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Mayor Tom Reyes and council member Ana Ortiz spoke at the opening of the bridge.",
        "Reyes went on, “Nobody thought we could build it. So we did it anyway.” But Ortiz "
        "also admitted that the budget had run over.",
        "“We will keep going,” she went on.",
    )
    assert quote_by_start(result, "Nobody thought").speaker.name == "Tom Reyes"
    assert quote_by_start(result, "Nobody thought").cue == "went"
    assert quote_by_start(result, "We will keep").speaker.name == "Ana Ortiz"


def test_an_expert_described_by_the_field_is_the_person_quoted_before(
    analyzer: NlpAnalyzer,
) -> None:
    result = run(
        analyzer,
        "Marine biologist Anna Berg told a radio show, “Fishing is the wrong target.” The "
        "University of Harlow expert continued, “All of the data show the reefs are warming.”",
    )
    assert quote_by_start(result, "All of the data").speaker.name == "Anna Berg"


def test_a_company_spokesperson_speaks_for_the_company_just_named_untagged(
    analyzer: NlpAnalyzer,
) -> None:
    result = run(
        analyzer,
        "State inspectors asked Corvex Labs for its records on Monday.",
        "Corvex is headquartered in Harlow. A company spokesperson said in an email that “we "
        "have received an inquiry and are cooperating.”",
    )
    assert quote_by_start(result, "we have received").speaker.name == "Corvex Labs"


def test_they_after_an_organisation_written_as_plural_is_the_organisation(
    analyzer: NlpAnalyzer,
) -> None:
    result = run(
        analyzer,
        "The band's label, Brightline Records, have twice denied blocking the tour.",
        "“At no point did we stop her from performing,” they said in a statement on their website.",
        "Harbor Trust dismissed the two guards on Friday.",
        "“We were treated unfairly,” they said.",  # the guards, not the trust
    )
    assert quote_by_start(result, "At no point").speaker.name == "Brightline Records"
    assert quote_by_start(result, "We were treated").speaker.name is None


def test_an_organisation_named_beside_or_owning_the_subject_is_who_it_is(
    analyzer: NlpAnalyzer,
) -> None:
    result = run(
        analyzer,
        "The new owner, Tarrow Mills Ltd., wants to keep the bakery open. A company "
        "spokesman said it would “respect what the founders built.”",
        "Castle Fidelity’s trustees said on Monday that they had hired outside lawyers. “We "
        "take these claims seriously,” it said in a statement.",
        "“The figures were worse than anyone on the board was told,” said Nadia Perle, who "
        "replaced Simon Achebe as chief financial officer of Corwen Mutual in June.",
        "Achebe, who left the insurer abruptly, has not commented publicly.",
        "Corwen Mutual’s board said on Friday that it had appointed outside auditors. “The "
        "board takes its duties with the utmost seriousness,” it said in a statement.",
    )
    assert quote_by_start(result, "respect what").speaker.name == "Tarrow Mills Ltd."
    assert quote_by_start(result, "We take these").speaker.name == "Castle Fidelity"
    # the name untagged where it owns the board
    assert quote_by_start(result, "The board takes").speaker.name == "Corwen Mutual"


def test_the_kind_of_organisation_is_the_one_just_named(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Corbel Airways cancelled 80 flights on Sunday after a strike by baggage handlers.",
        "“We regret the disruption to our passengers,” the airline said.",
        "Folk group Amber Wren has called off its spring tour.",
        "“We are heartbroken,” the band said in a statement.",
    )
    assert quote_by_start(result, "We regret").speaker.name == "Corbel Airways"
    assert quote_by_start(result, "We are heartbroken").speaker.name == "Amber Wren"


def test_a_cue_inside_what_the_speaker_says_does_not_take_the_quote(
    analyzer: NlpAnalyzer,
) -> None:
    result = run(
        analyzer,
        "Councillor Bryn Aldous said the outage was ‘entirely avoidable and deeply "
        "embarrassing’ and called for an independent inquiry.",
    )
    assert quote_by_start(result, "entirely avoidable").speaker.name == "Bryn Aldous"


def test_one_of_a_group_named_in_apposition_is_the_speaker(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "One of the victims, Gwendolyn Marsh, 81, told reporters outside the courthouse that "
        'the sentence was "too short, but it is a start."',
    )
    assert quote_by_start(result, "too short").speaker.name == "Gwendolyn Marsh"


def test_a_speech_participle_after_a_reported_clause_is_the_reporters(
    analyzer: NlpAnalyzer,
) -> None:
    result = run(
        analyzer,
        "Harwick Foods chief executive Janet Orloff said on Monday the company would close "
        'two plants, describing the move as "hard but needed to keep us alive."',
    )
    assert quote_by_start(result, "hard but needed").speaker.name == "Janet Orloff"


def test_a_name_right_before_a_cue_with_no_subject_is_its_subject(
    analyzer: NlpAnalyzer,
) -> None:
    result = run(
        analyzer,
        "The Dunmore Trust has withdrawn its funding from the annual Harbor Folk Days, a "
        'decision festival director Wilma Graves described as "a blow we did not see coming."',
    )
    assert quote_by_start(result, "a blow we").speaker.name == "Wilma Graves"


def test_the_spokesman_introduced_for_someone_speaks_for_them(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "“We cannot open a pool without trained staff,” said Ada Greer, a spokeswoman for "
        "the Tollmere Parks Department.",
        "A spokesman for Mayor Reuben Oswin said the mayor had asked for higher pay. “The "
        "mayor wants every pool open by July,” the spokesman said.",
        "A witness said the pool was empty. “Nobody was there at all,” the witness said.",
    )
    assert quote_by_start(result, "The mayor wants").speaker.name == "Reuben Oswin"
    assert quote_by_start(result, "Nobody was there").speaker.name is None


def test_an_asker_in_a_clause_before_the_answer_is_not_its_speaker(
    analyzer: NlpAnalyzer,
) -> None:
    result = run(
        analyzer,
        "In an interview, retiring fire chief Owen Brask looked back on 30 years of service.",
        "When a reporter asked which fire still haunted him, Brask did not hesitate. “The "
        "Mill Street fire. We lost two people there and I think about it every week.”",
    )
    assert quote_by_start(result, "The Mill Street").speaker.name == "Owen Brask"


def test_said_opening_the_sentence_before_a_name_and_a_colon(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "More than 200 people packed the hall to protest the closures.",
        "Said Commissioner Edith Marlowe-Kane: “I have never seen this room so full, and I "
        "have sat here for eleven years.”",
    )
    assert quote_by_start(result, "I have never").speaker.name == "Edith Marlowe-Kane"


def test_who_saw_or_obtained_a_document_is_not_its_source(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "The footbridge had been flagged as “in need of urgent structural attention” in an "
        "inspection two years ago, according to documents obtained by the Tarnby Courier.",
        "The old pier was “a serious risk to the public,” according to records released by "
        "the Harbor Authority.",
    )
    assert quote_by_start(result, "in need of").speaker.name is None
    assert quote_by_start(result, "a serious risk").speaker.name == "Harbor Authority"


def test_a_colon_hands_the_quote_to_the_name_beside_the_subject(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Mayor Ines Corbett on Monday rejected calls to resign over the delayed bridge.",
        "Her sharpest critic on the council, Alderman Piers Woodley-Hart, was unmoved: “The "
        "mayor has promised an opening date four times. I will believe it when I see it.”",
    )
    assert quote_by_start(result, "The mayor has").speaker.name == "Piers Woodley-Hart"
    # not a word of the quote the parse sets beside the subject
    result = run(
        analyzer,
        "On the far wall, somebody has painted, in letters three feet high: “Nobody Cares. "
        "Lift Anyway.”",
    )
    assert quote_by_start(result, "Nobody Cares").speaker.name is None


def test_words_someone_instructed_are_theirs_not_the_witness(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Former warehouse worker Tariq Lund told a jury that his foreman, Ivo Brandt, had "
        "instructed him to “hide the damaged crates before the inspectors come.”",
    )
    assert quote_by_start(result, "hide the damaged").speaker.name == "Ivo Brandt"


def test_an_answer_after_the_interviewers_question_goes_on_with_the_interviewee(
    analyzer: NlpAnalyzer,
) -> None:
    result = run(
        analyzer,
        "Potter Anna Strom has fired kilns on four continents. We met her in her studio.",
        "I asked her why clay, of all things. “Because it remembers every mistake you make,” "
        "Strom said.",
        "And the hardest part of the work? “Waiting. The kiln decides when it is finished, "
        "not me.”",
        "What about Tom Becker, her first teacher? “He taught me patience.”",
    )
    assert quote_by_start(result, "Waiting. The kiln").speaker.name == "Anna Strom"
    # a question naming someone else leaves the answer unattributed
    assert quote_by_start(result, "He taught me").speaker.name is None


def test_he_after_an_unnamed_spokesman_speaks_for_whom_the_spokesman_does(
    analyzer: NlpAnalyzer,
) -> None:
    result = run(
        analyzer,
        "About 900 workers at Dunmore Tools walked out on Thursday, the Allied Toolmakers "
        "Union said.",
        "“We gave them every chance,” said Roy Castell, president of the union’s local branch.",
        "An ATU spokesman said no new talks had been set. “The ball is in the company’s "
        "court,” he said.",
        "A spokesman said later that pickets would stay. “We are not going anywhere,” he said.",
    )
    assert quote_by_start(result, "The ball is").speaker.name == "Allied Toolmakers Union"
    # a spokesman for nobody named is still not the man named before him
    assert quote_by_start(result, "We are not going").speaker.name is None


def test_a_council_spokesman_speaks_for_the_council_named_paragraphs_before(
    analyzer: NlpAnalyzer,
) -> None:
    result = run(
        analyzer,
        "Plans to shut two libraries have been dropped, Tarnby District Council has confirmed.",
        "Cllr Ruth Penhale said the council had listened. ‘We heard every word,’ she said.",
        "Campaigner Joan Birt, 70, said: ‘This was never about books alone.’",
        "A council spokesman said both branches would stay open ‘for the foreseeable future’ "
        "while savings were found elsewhere.",
    )
    assert quote_by_start(result, "for the foreseeable").speaker.name == "Tarnby District Council"


def test_the_utility_is_the_company_just_named(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Storm Lena knocked out power to 90,000 homes on Friday.",
        "Harbor Light and Power said repairs could take a week. “Our crews will work around "
        "the clock until every home is back on,” the utility said in a statement.",
    )
    assert quote_by_start(result, "Our crews will").speaker.name == "Harbor Light and Power"


def test_a_spokesman_of_a_body_named_in_several_words_untagged_speaks_for_it(
    analyzer: NlpAnalyzer,
) -> None:
    result = run(
        analyzer,
        "Fifty-eight percent of pupils passed, up from 51% in 2022, according to the Early "
        "Reading Office, which was created by the law.",
        "An Early Reading Office spokesman said the office would publish school results next "
        'month. "Parents will be able to look up their own school," he said.',
    )
    assert quote_by_start(result, "Parents will be").speaker.name == "Early Reading Office"


def test_a_cue_in_the_next_sentence_that_reports_something_else_does_not_take_the_quote(
    analyzer: NlpAnalyzer,
) -> None:
    result = run(
        analyzer,
        "When nurse Ada Quill first met Tomas Ferro in 2020, he had not seen a doctor in years.",
        "Quill said Ferro had told her at that first visit: “I only came because my son made "
        "me.” She said he came back the next week without being asked.",
    )
    assert quote_by_start(result, "I only came").speaker.name == "Tomas Ferro"


def test_a_hyphenated_surname_left_untagged_is_still_the_person(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Astronomer Lena Vasquez-Thorne saw the spike first. She called her colleague, Ruth "
        "Okonkwo-Baines, who was asleep. “I said you must come and look,” Vasquez-Thorne "
        "recalled.",
        "Okonkwo-Baines remembers it differently. “I don’t think I said anything polite,” she "
        "said, laughing.",
    )
    assert quote_by_start(result, "I don’t think").speaker.name == "Ruth Okonkwo-Baines"


def test_a_person_set_beside_a_word_for_a_man_or_a_woman_has_that_gender(
    analyzer: NlpAnalyzer,
) -> None:
    result = run(
        analyzer,
        "Nadira Solenko, 36, a reporter critical of the Keshi government, vanished on March 2.",
        "Her brother, Timur Solenko, said she called him on Wednesday night from a hotel "
        "across the border.",
        "“She sounded tired, but she sounded like herself,” he said.",
    )
    assert quote_by_start(result, "She sounded tired").speaker.name == "Timur Solenko"


def test_he_or_she_after_someone_introduced_unnamed_is_nobody_named(
    analyzer: NlpAnalyzer,
) -> None:
    result = run(
        analyzer,
        "Parent Daniel Roe, whose two sons attend the school, said: ‘The head has been "
        "brilliant since she arrived.’",
        "Another mother, who asked not to be named, said she had already moved her son to a "
        "different school. ‘I just didn’t trust them any more,’ she said.",
        "A rebel commander reached by telephone denied the charge. “The army bombs the roads "
        "and then says we closed them,” he said.",
    )
    assert quote_by_start(result, "I just didn’t").speaker.name is None
    assert quote_by_start(result, "The army bombs").speaker.name is None


def test_a_description_as_subject_keeps_its_person_in_view(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Coach Dwight Harlan did not hide his frustration after the loss.",
        "Later, one reporter asked Harlan, “Do you still trust your quarterback?” The coach "
        "nodded. “I trust all of our guys. That hasn’t changed,” he said.",
    )
    assert quote_by_start(result, "I trust all").speaker.name == "Dwight Harlan"


def test_the_statement_of_a_body_described_before_is_that_bodys(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "At least 47 people died in the quake, according to the country's National Rescue Service.",
        "The rescue service said in a statement that 1,200 troops had been sent. “Priority is "
        "being given to the search for survivors,” the statement said.",
    )
    assert quote_by_start(result, "Priority is").speaker.name == "National Rescue Service"


def test_a_players_position_or_nationality_describes_the_player_before(
    analyzer: NlpAnalyzer,
) -> None:
    result = run(
        analyzer,
        "Captain Rory Pellow said the squad had to look at itself. “It’s on us as players,” "
        "said the midfielder.",
        "Nadia Benali, 22, said she had struggled in the heat. “The ball wasn't going "
        "anywhere tonight,” the Moroccan said.",
    )
    assert quote_by_start(result, "It’s on us").speaker.name == "Rory Pellow"
    assert quote_by_start(result, "The ball wasn't").speaker.name == "Nadia Benali"


def test_a_name_right_after_the_role_noun_the_parse_made_the_subject_speaks(
    analyzer: NlpAnalyzer,
) -> None:
    result = run(
        analyzer,
        "Lakeshore coach Ines Barra said: “We were not good in the first half.”",
        "Pioneers goalkeeper Carly Voss, who made eight saves, said her team had been “a step "
        "slow on every second ball” after the break.",
    )
    assert quote_by_start(result, "a step slow").speaker.name == "Carly Voss"


def test_a_quote_after_a_clause_of_its_own_is_no_rest_of_the_quote_before(
    analyzer: NlpAnalyzer,
) -> None:
    result = run(
        analyzer,
        "The Daily Courier’s theater critic, Martin Oakhurst, called it “the most urgent new "
        "play this city has produced in a decade.” The line now appears on posters across "
        "town beneath a second, anonymous blurb: “You will leave angry, and you will leave "
        "grateful.”",
        "“We built this show for two years,” director Ana Lisle said. “Nobody thought it "
        "would sell.”",
    )
    assert quote_by_start(result, "You will leave").speaker.name is None
    # a quote split by its attribution goes on with it
    assert quote_by_start(result, "Nobody thought").speaker.name == "Ana Lisle"


def test_a_second_that_clause_reports_for_the_same_speaker(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Sentencing, Judge Harriet Coyle said Mr Danby had been ‘the architect of the scheme "
        "from start to finish’ but that his wife had been ‘a willing and capable accomplice’.",
    )
    assert quote_by_start(result, "a willing and").speaker.name == "Harriet Coyle"


def test_a_place_in_a_persons_description_does_not_speak_for_them(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "In a statement read to the court, one victim, a retired teacher from Cornwall, said: "
        "‘We saved for three years for that holiday.’",
        "Officials in Cornwall said the council would review its rules. “We will look at "
        "everything,” one official said.",
    )
    assert quote_by_start(result, "We saved for").speaker.name is None


def test_a_speech_verb_joined_to_a_report_is_the_reporters(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Brantley said in a statement that its offer included a 9% raise over three years and "
        'called the walkout "an unnecessary step that hurts everyone."',
    )
    assert quote_by_start(result, "an unnecessary step").speaker.as_written == "Brantley"


def test_a_thing_that_continues_says_nothing(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "The Tarn Valley Weather Service said the storm had weakened overnight and warned that "
        "floods could continue “well into next week.”",
    )
    assert quote_by_start(result, "well into next").speaker.name == "Tarn Valley Weather Service"


def test_a_writing_read_after_a_quote_is_its_source_whatever_the_parse(
    analyzer: NlpAnalyzer,
) -> None:
    result = run(
        analyzer,
        "Prosecutor Dana Whitcombe said the defendant had sent it in March. “Meet me at the "
        "dock and bring the keys,” the message read.",
    )
    speaker = quote_by_start(result, "Meet me at").speaker
    assert (speaker.as_written, speaker.name) == ("message", None)


def test_an_age_description_is_the_person_of_that_age(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Walker Dmitri Aalto, 64, from Brindle, set out on Friday to cross the ridge.",
        "His neighbour, Colm Treacy, 70, visited him in hospital on Sunday. The 64-year-old "
        "admitted he "
        "had been “a little too sure of himself” that day.",
    )
    assert quote_by_start(result, "a little too").speaker.name == "Dmitri Aalto"


def test_an_age_description_is_not_someone_of_another_age(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Top seed Irina Vask lost in the second round to 19-year-old qualifier Mina Hollis.",
        "“I served well and moved well,” Hollis said.",
        "Vask, who has a sore knee, made no excuse. “She was better today,” the 31-year-old said.",
    )
    assert quote_by_start(result, "She was better").speaker.name != "Mina Hollis"


def test_a_role_written_before_a_name_is_remembered(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "“Orders slowed in every region,” chief executive Marit Olsby-Krane said on a call.",
        "“Nobody expected a cut this deep,” said Tomas Heyerdal, an analyst at Vell Capital.",
        "The chief executive said the dividend was “safe for the rest of the year.”",
    )
    assert quote_by_start(result, "safe for the").speaker.name == "Marit Olsby-Krane"


def test_a_passive_report_inside_a_statement_is_the_statements(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "The Orlen Water Board said in a statement that no illness had been reported but that "
        "the spill was “a warning the whole district should heed.”",
    )
    assert quote_by_start(result, "a warning the").speaker.name == "Orlen Water Board"


def test_an_organisation_speaks_through_which(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "The merger needs approval from the Harlow Fair Trading Office, which said in a brief "
        "statement that it would “look closely at every route the two airlines share.”",
    )
    assert quote_by_start(result, "look closely at").speaker.name == "Harlow Fair Trading Office"


def test_a_name_given_with_called_is_no_cue(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "The Vell Medicines Agency said on Monday that trials had shown the drug, called "
        "Corvanil, “cut hospital stays by a third in most patients.”",
    )
    assert quote_by_start(result, "cut hospital stays").speaker.name == "Vell Medicines Agency"


def test_an_organisation_described_in_lower_case_is_the_one_named(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "The Tallow Creek Water Board said the reservoir was taken offline on Friday.",
        "A spokeswoman for the water board said it would not comment on “the claims of a "
        "former contractor” while a review was under way.",
        "The Harlow Civil Defence Service said in a statement that two people were missing. "
        "“Teams will search the valley as soon as the wind drops,” it said.",
        "Two children were taken to Harlow General Hospital. A hospital spokesman said both "
        "were “seriously ill but stable” on Sunday.",
        "The Harlow Weather Office said the winds would ease. A post on the office’s account "
        "warned: “Fire danger remains extreme for all southern districts.”",
    )
    speakers = {
        start: quote_by_start(result, start).speaker.name
        for start in ("the claims of", "Teams will search", "seriously ill but", "Fire danger")
    }
    assert speakers == {
        "the claims of": "Tallow Creek Water Board",
        "seriously ill but": "Harlow General Hospital",
        "Teams will search": "Harlow Civil Defence Service",
        "Fire danger": "Harlow Weather Office",
    }


def test_it_takes_up_an_organisation_described_in_lower_case(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Crews from the Harlow Civil Defence Service worked through the night.",
        "The civil defence service said in a statement that two people were missing. “Teams "
        "will search the valley as soon as the wind drops,” it said.",
    )
    assert quote_by_start(result, "Teams will").speaker.name == "Harlow Civil Defence Service"


def test_a_person_described_by_a_place_does_not_speak_for_it(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Survivors in Tarnow described the night the dam broke. “The water was at the door "
        "before we woke,” said one farmer in Tarnow.",
        "“Nobody warned the valley, not once,” said a former deputy mayor of Tarnow.",
        "“We will look at everything that happened,” one official in Tarnow said.",
    )
    speakers = [
        quote_by_start(result, start).speaker.name
        for start in ("The water was", "Nobody warned", "We will look")
    ]
    assert speakers == [None, None, "Tarnow"]


def test_a_description_only_one_person_was_given_reaches_far_back(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "The Harlow Herons won 88-80, led by 31 points from their point guard, Dion Marsh.",
        "“We defended for forty minutes,” Herons coach Petra Lund said.",
        "Corley coach Abel Strand was fined for arguing with a referee. “I will pay it,” he said.",
        "The league said it would review the incident.",
        "Game 6 is on Friday. “One more win and we are done,” the guard said.",
    )
    assert quote_by_start(result, "One more win").speaker.name == "Dion Marsh"


def test_a_description_with_its_title_words_is_the_one_so_titled(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Prime Minister Vera Halloran survived the vote by three votes.",
        "Three members abstained, including former finance minister Ilse Marrow. “I could not "
        "vote against my friends,” she wrote.",
        "Speaking afterwards, the prime minister said she would not call an election. “We have "
        "a mandate and we will use it,” she said.",
    )
    assert quote_by_start(result, "We have a mandate").speaker.name == "Vera Halloran"


def test_a_name_set_off_after_a_possessive_description_speaks(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Among those waiting was Omar Feld, a teacher from Merrow. “We left with nothing,” he "
        "said.",
        "The Harlow Refugee Office welcomed the move. Its representative in Tarnow, Ines "
        "Carvalho-Lind, said: “This is the right decision for everyone here.”",
    )
    assert quote_by_start(result, "This is the right").speaker.name == "Ines Carvalho-Lind"


def test_a_person_named_after_a_role_noun_is_a_person(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Dr. Halima Brandt said coverage had fallen. “We must find every child,” she said.",
        "In Eastbank, a vaccinator named Fatou Brannock-Essien knocked on doors. “Most families "
        "are happy to see us,” she said.",
    )
    assert quote_by_start(result, "Most families").speaker.name == "Fatou Brannock-Essien"


def test_a_passive_report_hung_on_the_statement_is_the_statements(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "The Velder Ministry of Health said on Monday it had found the virus in sewage.",
        "The ministry said in a statement that no cases of paralysis had been reported but that "
        "the detection was “a serious warning that cannot be ignored.”",
    )
    assert quote_by_start(result, "a serious warning").speaker.name == "Velder Ministry of Health"


def test_a_name_after_a_chain_of_roles_speaks(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "The round was led by Quell Partners. “Clinics still book shifts on paper and by text "
        "message,” said co-founder and chief executive Mireille Okafor-Strand.",
    )
    assert quote_by_start(result, "Clinics still").speaker.name == "Mireille Okafor-Strand"


def test_a_statement_read_for_someone_is_theirs(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Anton Vell-Marsh, 66, the former director of the mine, was freed on Monday.",
        "Vell-Marsh did not speak to reporters. His lawyer, Idris Kamara, read a short statement "
        "on his behalf: “I have never denied that this was a terrible day for us all.”",
        "In court, a family liaison officer read a statement on behalf of Rosa Tilling: “We "
        "will never get those years back.”",
    )
    speakers = [quote_by_start(result, s).speaker.name for s in ("I have never", "We will never")]
    assert speakers == ["Anton Vell-Marsh", "Rosa Tilling"]


def test_a_role_of_a_thing_named_nobody_is_nobody_named(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Mara Quillon leads Tobias Fenn in three of five states, according to a poll released "
        "on Monday, though the survey's director cautioned that the race remained “close and "
        "very fluid right now.”",
    )
    assert quote_by_start(result, "close and very").speaker.name is None


def test_the_one_asked_before_a_pronoun_answers(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Ms. Quintar has accused the governor of ignoring the drought. When the moderator, Paul "
        "Denning, asked Mr. Osei about the reservoir, he said: “We have had dry years before and "
        "we came through them.”",
    )
    assert quote_by_start(result, "We have had dry").speaker.name == "Osei"


def test_a_dateline_never_speaks(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "HARROWGATE JUNCTION, Halvern — Clara Whitcombe accepted the Democratic-Union Party’s "
        "presidential nomination on Thursday night before 20,000 delegates in the arena where "
        "she once watched minor-league hockey with her father, promising a campaign about “the "
        "dignity of work and the decency of neighbors.”",
    )
    assert quote_by_start(result, "the dignity of").speaker.name == "Clara Whitcombe"


def test_a_title_in_apposition_still_fits_its_description(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "Vera Halloran, the prime minister, met the unions on Monday.",
        "Talks ran late. Union leader Tom Brack left first.",
        "“We made progress on every point,” the prime minister said.",
    )
    assert quote_by_start(result, "We made progress").speaker.name == "Vera Halloran"


def test_the_one_asked_answers_only_when_the_pronoun_fits_them(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "When Ann Pike asked Jordan Reyes to resign, she said: “This council deserves better "
        "than what it got this year.”",
    )
    assert quote_by_start(result, "This council").speaker.name == "Ann Pike"


def test_called_with_an_agent_is_the_agents_word(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "The plan, called “a reckless gamble with our savings” by opposition leader Ann Lee, "
        "passed on Tuesday.",
    )
    assert quote_by_start(result, "a reckless gamble").speaker.name == "Ann Lee"


def test_an_acronym_before_a_dash_is_no_dateline(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "NATO — whose leaders met in Vilnius on Tuesday — said it would “respond in kind to "
        "any attack on a member.”",
    )
    assert quote_by_start(result, "respond in kind").speaker.name == "NATO"


def test_a_lower_case_organisation_is_the_one_with_all_its_words(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "The Tallow Creek Water Board shut the reservoir on Friday.",
        "The Harlow School Board met the same evening to discuss the closures.",
        "A spokeswoman for the water board said it would not comment on “the claims of a "
        "former contractor.”",
    )
    assert quote_by_start(result, "the claims of").speaker.name == "Tallow Creek Water Board"


def test_an_organisation_set_off_after_a_noun_is_no_person(analyzer: NlpAnalyzer) -> None:
    result = run(
        analyzer,
        "A spokesman for the carrier, Tarn Air Express, said the flights were “cancelled "
        "for safety reasons only.”",
    )
    speaker = quote_by_start(result, "cancelled for safety").speaker
    assert (speaker.name, (speaker.entity_id or "").split(":")[0]) == ("Tarn Air Express", "org")
