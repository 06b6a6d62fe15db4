"""Word lists the rules rely on: speech cues, titles, pronouns, type cues. Lower-case throughout."""

from __future__ import annotations

import re

from babel import Locale


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text``: long lists read best as plain text."""
    return frozenset(text.split())


def letters(text: str) -> str:
    """A name's letters in lower case, as the tables of names below key it ("U.S." → "us")."""
    return re.sub(r"[^a-z]", "", text.lower())


# Verbs that report speech or writing, in every inflected form (the lemmatizer is off).
_CUE_LEMMAS = word_set(
    """
say tell add note explain argue write tweet post ask claim insist continue declare warn
state announce reply respond recall acknowledge admit suggest contend predict complain
joke quip conclude remark testify urge vow promise concede observe charge allege assert
counter boast brag scoff shout yell cry exclaim whisper mutter muse wonder agree deny
emphasize emphasise stress report tout describe characterize call laugh sigh snap retort
lament caution confirm reveal recount reiterate maintain point pledge proclaim demand plead
question mock reason speculate estimate answer interject instruct
"""
)
_DOUBLING = frozenset({"admit", "quip", "snap", "brag", "regret"})
_IRREGULAR = {
    "say": ["said", "says", "saying"],
    "tell": ["told", "tells", "telling"],
    "write": ["wrote", "writes", "writing", "written"],
    "cry": ["cried", "cries", "crying"],
    "reply": ["replied", "replies", "replying"],
    "deny": ["denied", "denies", "denying"],
    "testify": ["testified", "testifies", "testifying"],
}


def _inflect(lemma: str) -> list[str]:
    if lemma in _IRREGULAR:
        return [lemma, *_IRREGULAR[lemma]]
    third = lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x")) else "s")
    if lemma.endswith("ee"):
        return [lemma, third, lemma + "d", lemma + "ing"]
    if lemma in _DOUBLING:
        return [lemma, third, lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"]
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    return [lemma, third, stem + "ed", stem + "ing"]


CUE_FORMS: frozenset[str] = frozenset(f for lemma in _CUE_LEMMAS for f in _inflect(lemma))
# Cues whose object is the one spoken to: "telling the judge that …" is not the judge speaking.
ADDRESSEE_CUES: frozenset[str] = frozenset(
    f for lemma in ("tell", "ask", "urge", "warn", "instruct") for f in _inflect(lemma)
)

# Titles and honorifics dropped from a person's canonical name, and kept as descriptors.
TITLES: frozenset[str] = word_set(
    """
mr mr. mrs mrs. ms ms. miss dr dr. prof prof. rev rev. sen sen. senator rep rep.
representative congressman congresswoman gov gov. governor president pres pres. vice
chairman chairwoman chair secretary sec sec. judge justice mayor speaker leader minister
prime ambassador attorney general gen gen. lt lt. col col. sgt sgt. capt capt. adm adm.
sir dame lord lady king queen prince princess pope former then candidate nominee del del.
delegate commissioner director chief sheriff officer agent host anchor maj maj. cmdr
sens sens. reps reps. state u.s. federal presidential coach superintendent councilman
councilwoman councilor councillor alderman alderwoman trustee chancellor dean provost
detective inspector constable bishop archbishop cardinal rabbi imam pastor commander
colonel lieutenant captain admiral
"""
)
# Titles that, written with a capital before a proper noun, mark it as a person's name.
PERSON_TITLES: frozenset[str] = word_set(
    """
mr. mrs. ms. dr. prof. rev. sen. rep. gov. gen. lt. col. sgt. capt. adm. del. mayor senator
governor president judge justice secretary chairman chairwoman sheriff commissioner
ambassador representative congressman congresswoman minister superintendent councilman
councilwoman councilor councillor alderman chancellor detective inspector bishop rabbi
"""
)
# Short titles and the nouns a later description may use for the same person.
TITLE_NOUNS: dict[str, str] = {
    "sen": "senator",
    "sen.": "senator",
    "sens.": "senator",
    "rep": "representative",
    "rep.": "representative",
    "gov": "governor",
    "gov.": "governor",
    "pres.": "president",
    "dr.": "doctor",
    "gen.": "general",
    "sec.": "secretary",
    "del.": "delegate",
    "congressman": "representative",
    "congresswoman": "representative",
}
HONORIFIC_GENDER: dict[str, str] = {
    "mr": "m",
    "mr.": "m",
    "sir": "m",
    "king": "m",
    "prince": "m",
    "lord": "m",
    "congressman": "m",
    "chairman": "m",
    "mrs": "f",
    "mrs.": "f",
    "ms": "f",
    "ms.": "f",
    "miss": "f",
    "dame": "f",
    "lady": "f",
    "queen": "f",
    "princess": "f",
    "congresswoman": "f",
    "chairwoman": "f",
}
PRONOUN_GENDER: dict[str, str] = {
    "he": "m",
    "him": "m",
    "his": "m",
    "himself": "m",
    "she": "f",
    "her": "f",
    "hers": "f",
    "herself": "f",
}
FIRST_PERSON = word_set("i me we us my our")
GROUP_PRONOUNS = word_set("they them it")
INDEFINITE_DETERMINERS = word_set("a an one some another several many two three")

# Named-entity labels kept as entities (numbers, dates and amounts are not).
ENTITY_LABELS = word_set("PERSON NORP FAC ORG GPE LOC PRODUCT EVENT WORK_OF_ART LAW LANGUAGE")
# Labels of entities that can speak.
SPEAKER_LABELS = word_set("PERSON ORG NORP GPE")

# Nouns that describe a person, so a definite description with them refers back.
# Lower-case words that belong to a name ("de Souza", "van Dijk", "Anna von der Lahr").
NAME_PARTICLES = word_set("de del della di da dos das du des van von der den ter le la al el")
# Written after a person's name: generations ("Jo Lee Jr.") and a senior barrister's rank
# ("Ann Lee KC").
NAME_SUFFIXES = word_set("jr jr. sr sr. ii iii iv qc kc")
PERSON_NOUNS = word_set(
    """
senator representative governor president candidate nominee leader chairman chairwoman
chair spokesman spokeswoman spokesperson secretary mayor official aide adviser advisor
director minister ambassador lawmaker congressman congresswoman republican democrat
democrats businessman businesswoman billionaire mogul host anchor author writer
economist professor analyst pollster strategist lawyer attorney judge justice sheriff
chief officer commissioner founder executive ceo man woman veteran
activist rapper singer actor actress star comedian reporter columnist doctor physician
pastor reverend manager operative surrogate father mother son daughter wife husband
teacher schoolteacher nurse farmer student resident owner coach player rider driver
volunteer worker vendor chef artist scientist researcher engineer superintendent
"""
)
# Last words that make a name an organisation's, whatever the recogniser said ("Nordwind
# Cycling", "Harbor Partners").
ORG_HEADS = word_set(
    """
cycling racing team club group company co corp corporation inc ltd llc gmbh ag plc bank
partners capital holdings media motors airlines airways systems technologies foods labs
laboratories studios records pharmaceuticals energy insurance university college institute
foundation association council committee party church hospital school academy agency
authority commission department ministry office union league federation network
"""
)
# Family members, with their gender where the noun tells it. With "my" or "our" they are
# the writer's relatives, people of the story whom it rarely names.
KIN_GENDER: dict[str, str | None] = {
    **dict.fromkeys(word_set("father dad son brother husband grandfather grandson uncle"), "m"),
    **dict.fromkeys(word_set("mother mom mum daughter sister wife grandmother aunt"), "f"),
    **dict.fromkeys(word_set("parent parents cousin child grandparent sibling"), None),
}
# Words for an organisation of any kind: "the group said" refers back to the latest one.
COLLECTIVE_NOUNS = word_set(
    "group union organization organisation association coalition agency department ministry "
    "office committee commission company firm administration council board panel airline "
    "carrier band label insurer lender bank retailer broadcaster publisher charity club "
    "utility authority trust consortium alliance"
)
# Kinds of organisation written right before a name ("folk group Amber Wren", "the label
# Tessa Marlowe"): the name is the organisation's, whatever words it is made of.
ORG_KINDS = word_set(
    "group band label company firm airline carrier charity club union coalition insurer "
    "lender bank retailer broadcaster publisher startup start-up brand chain nonprofit "
    "non-profit automaker carmaker manufacturer supermarket"
)


def singular_forms(noun: str) -> set[str]:
    """A lower-case noun and what it may be the plural of: "officials", "witnesses"."""
    return {noun, noun.removesuffix("s"), noun.removesuffix("es")}


# Who, described by a place, speaks for it: "officials in Tarnow", "a Tarnow spokesman" (not
# "one farmer in Tarnow").
PLACE_VOICES = word_set(
    "official officials authorities spokesman spokeswoman spokesperson spokesmen spokeswomen "
    "spokespeople government"
)
# Who speaks for an organisation as one: "Castle Fidelity's trustees said".
GOVERNING_NOUNS = word_set("trustees directors governors management leadership")

# Who speaks for someone else: "the Baker campaign said", "Baker's spokeswoman said".
SPOKESPEOPLE = word_set(
    "campaign camp administration office team spokesman spokeswoman spokesperson"
)

# Writings that speak for whoever issued them: "the statement said", "according to a
# letter from Lee", "a study by Lee of Northfield University" (Lee's, not the university's).
DOCUMENT_NOUNS = word_set(
    "statement letter memo memorandum release email e-mail note filing complaint document "
    "post tweet message report op-ed editorial lawsuit study survey poll analysis paper "
    "book article column essay audit sign signs banner banners placard placards poster "
    "posters caption headline comment comments"
)

# Words that join two names ("Alpha and Beta"), and marks no name holds: "@" is "at" in a
# listing ("Denver, CO @ Harbor Arena"), "|" and "•" part a line's items.
CONJUNCTIONS = word_set("and &")
NAME_SPLITTERS = frozenset({",", ";", "(", ")", "—", "–", "--", ":", "@", "|", "•", "·"})
# Participles of finding or getting a writing: "documents obtained by the Courier" are
# not the Courier's words, as "a complaint filed by the Trust" is the Trust's.
FINDING_VERBS = word_set(
    "seen obtained reviewed viewed examined leaked found received cited acquired"
)
# "the letter read", "“…,” read a sign": a writing's verb for the words it bears.
READ_VERBS = word_set("read reads")
# "she went on, “…”": with its particle "on", "go" speaks on.
GO_FORMS = word_set("go goes going went gone")

# Verbs whose subject gets words rather than says them: "she received messages saying “…”".
RECEIVING_VERBS = word_set(
    "receive receives received receiving get gets got getting hear hears heard hearing"
)

# What someone says, as a noun: "Lee's reply was short: “…”".
REPLY_NOUNS = word_set(
    "reply response answer message retort reaction verdict advice warning explanation "
    "argument take pitch plea promise words comment comments statement"
)

# Parse labels several rules share.
SUBJECT_DEPS: frozenset[str] = frozenset({"nsubj", "nsubjpass"})
NAME_TAGS: frozenset[str] = frozenset({"NNP", "NNPS"})  # proper nouns
SUBJECT_PRONOUNS: frozenset[str] = frozenset({"he", "she"})  # a single person, gendered
# Nouns that only a company has ("Corvex shares", "Corvex's chief executive").
CORPORATE_NOUNS = word_set(
    "shares stock revenue revenues earnings profit profits headquarters subsidiary "
    "subsidiaries shareholders ceo cfo"
)

# --- Speaker descriptions (resolve.py): who a description or a reply refers back to.
# More nouns a definite description of a person ends in ("the first lady", "the Ohio
# independent", "the former prosecutor"), read as PERSON_NOUNS are: the description refers
# back to the nearest fitting person. Words that as often name an organisation ("the
# developer", "the auditor") are left out.
MORE_PERSON_NOUNS = word_set(
    """
lady gentleman prosecutor independent incumbent challenger frontrunner front-runner hopeful
tycoon magnate pundit commentator campaigner organizer organiser protester demonstrator
politician statesman diplomat envoy general admiral colonel soldier trooper detective
investigator defendant plaintiff witness victim survivor widow widower priest rabbi imam
bishop cardinal pope king queen prince princess monarch dictator ruler premier chancellor
whip legislator councilman councilwoman councilor councillor alderman assemblyman
assemblywoman treasurer comptroller entrepreneur investor banker financier heiress
celebrity musician athlete quarterback referee conservative liberal progressive
libertarian socialist moderate populist nationalist celeb expert specialist consultant
historian academic scholar lecturer psychologist psychiatrist therapist surgeon
dermatologist cardiologist epidemiologist physicist biologist chemist sociologist
commander pilot medic paramedic firefighter constable
"""
)
# People the news meets as members of the public, mostly unnamed: "a passenger said" is
# someone; "the patient" is no person named before unless described so.
MEMBERS_OF_PUBLIC = word_set(
    """
rebel militant fighter guard neighbor neighbour parent passenger shopper customer patient
tourist visitor traveller traveler fan supporter voter employee colleague friend relative
spectator bystander commuter resident witness protester demonstrator victim survivor
"""
)
# Verbs of answering, and of asking whose object is the one who answers: after "Pruitt asked
# Corliss whether …", "he replied" is Corliss.
REPLY_CUES = word_set(
    "reply replies replied replying respond responds responded responding answer answers "
    "answered answering retort retorts retorted"
)
ASKING_VERBS = word_set("ask asks asked asking press presses pressed question questioned")

# --- Type cues (type_cues.py): words of a name or of its sentence that give its type.
# Last words of the names of streets, squares and buildings.
LANDMARK_HEADS = word_set(
    "street st. avenue ave. boulevard blvd. road rd. drive lane highway parkway square plaza "
    "mall monument memorial bridge tower towers strip arena stadium cathedral pier "
    "observatory airport houses apartments amphitheatre amphitheater pavilion"
)
# Last and first words of organisations' names the recogniser reads as places ("Harlow
# County Schools", "University of Tarnow"); not "… Union" (the Soviet Union) nor buildings.
PLACE_LIKE_ORG_HEADS = (ORG_HEADS - word_set("union church hospital school")) | word_set(
    "schools police"
)
PLACE_LIKE_ORG_OPENERS = word_set("university college bank ministry department")
# Last words of the names of events: competitions, summits, festivals, awards ("Harbor Cup
# Finals"); not "… Games" (studios) nor "… League" (organisations).
EVENT_HEADS = word_set(
    "cup final finals championship championships olympics summit award awards prize festival "
    "marathon prix"
)
# Last words of newspapers' names, which name a town first ("Harlow Courant", "Tarnow
# Times"): outlets, not places; not "Star" nor "Sun" ("Lone Star", "Midnight Sun").
NEWSPAPER_HEADS = word_set(
    "times post herald courant tribune gazette chronicle courier dispatch inquirer sentinel "
    "examiner ledger telegraph journal observer bulletin"
)
# Last words of the names of craft and instruments ("… Space Telescope", "… Rover"): things
# made (PRODUCT), neither organisations nor places.
CRAFT_HEADS = word_set("telescope rover probe spacecraft satellite lander orbiter")
# Last words of the names of laws and of the programmes and grants they set up.
LAW_HEADS = word_set("act amendment program programme programs grants plan roadmap")
# Last words of the names of market indices ("Harbor Composite", "… Stock Index"): figures
# a market is measured by, no organisation.
INDEX_HEADS = word_set("index composite")
# Programmes known by one name, which the recogniser takes for organisations.
NAMED_PROGRAMMES = word_set("medicare medicaid obamacare")
# Nouns a hyphenated law name stands before or after ("the Hale-Ostrow law", "repeal of").
LAW_NOUNS = word_set("law laws act bill legislation amendment rule rules")
REPEAL_WORDS = word_set("repeal repealed repealing repeals")
# Verbs of reporting: an outlet's, with a clause after them ("reported that …"). Word
# forms: the pipeline runs without a lemmatizer.
REPORT_VERBS = word_set("report reports reported reporting")
POLL_NOUNS = word_set("poll polls survey")
INTERVIEW_NOUNS = word_set("interview interviews")
# after "the", a noun or a proper noun goes on with what the name describes: "the Orsolo
# campaign", "the Hazel Ridge supercomputer" cut in two by the recogniser
NOUN_TAGS: frozenset[str] = frozenset({"NN", "NNS", "NNP", "NNPS"})


# --- Entity types (relabel.py, type_cues.py): words that tell what kind of thing a name is.
# Players' positions and sports, written before a player's name as a title is ("Rovers
# winger Tam Oyelaran"): the name is a person's whatever the recogniser said.
PLAYER_ROLES = word_set(
    "center centre winger forward defenseman defender goalie goaltender keeper goalkeeper "
    "guard quarterback linebacker receiver cornerback striker midfielder pitcher catcher "
    "shortstop outfielder infielder diver swimmer sprinter runner wrestler boxer golfer "
    "cyclist skier skater"
)
# Nouns for what a person is: "the coach", "the guard", "the prosecutor".
ROLE_NOUNS = PERSON_NOUNS | MORE_PERSON_NOUNS | PLAYER_ROLES
# Last words of the names of places ("Harlow City", "Dunmore County"): no person's.
PLACE_NAME_HEADS = word_set(
    "city county town village state province district island islands valley heights hills "
    "beach bay lake river park springs falls port"
)
# Bodies of the solar system the recogniser takes for organisations or people ("the Moon").
# "Moon" and "Sun" only after "the": a surname, a newspaper otherwise.
CELESTIAL_BODIES = word_set("moon sun earth mars jupiter saturn uranus neptune pluto")
CELESTIAL_AFTER_THE = word_set("moon sun")
# Prepositions that put a name on the map ("in Tarnow", "near Tarnow"): a place's.
PLACE_PREPOSITIONS = word_set(
    "in at from near across throughout outside inside to into around within toward towards"
)
# Nouns a company has beyond CORPORATE_NOUNS, which tell a company typed as a place
# ("Corvex's listing", "Corvex's initial public offering").
MARKET_NOUNS = word_set("listing listings ipo flotation offering")


# --- Not names (entities.py): words the recogniser tags as names that name nothing.
# Units, abbreviations of things every business, technology, motoring or health story has
# ("40 MW", "its IPO", "an EV with AWD", "a USB port", "in the ICU"), pronouns written in
# capitals ("WILL SOMEONE …") and the labels of contact lines ("RSVP", "Email").
NOT_NAMES = word_set(
    "mw gw kw kwh mwh gwh twh mph km kg ipo gdp cpi ceo cfo coo cto etf esg faq pdf "
    "ev evs suv suvs awd rwd fwd 4wd 4x4 mpg rpm usb hdmi gps led leds lcd oled hdr lte 5g "
    "4g wi-fi wifi cpu gpu ssd api apis url vpn ai icu ict "
    "someone anyone everyone somebody anybody everybody nobody rsvp email e-mail apt apt."
)
# The first word of a stage's or a draw's label ("Group D", "Pool B", "Path A"), a name
# for nothing; alone too, cut from its letter ("Group" of "(Group").
DRAW_LABELS = word_set("group pool path heat round stage phase tier bracket zone section")
# Last words of the names of illnesses ("… Encephalitis", "… Syndrome"): no one, nowhere.
ILLNESS_HEADS = word_set("disease syndrome virus flu influenza encephalitis")
# Days with names of their own, whose first word the recogniser reads as a place or a
# person ("Super" of "Super Tuesday").
NAMED_DAYS = frozenset(
    {"super tuesday", "black friday", "cyber monday", "good friday", "ash wednesday"}
    | {"palm sunday", "easter sunday", "easter monday", "bloody sunday", "giving tuesday"}
)
# Illnesses known by one name, which the recogniser reads as organisations or people.
ILLNESS_NAMES = word_set("covid covid-19 coronavirus sars mers ebola zika hiv aids mpox h1n1 h5n1")
# The same in lower case after a name ("Marl virus"), and "fever": a team is "… Fever".
ILLNESS_WORDS = ILLNESS_HEADS | word_set("fever")
# Box-score positions written before a player's name ("F Ola Brandt", "QB Lee Ames").
POSITION_CODES = frozenset(
    {"G", "F", "C", "PG", "SG", "SF", "PF", "QB", "RB", "WR", "TE", "LB", "CB", "DE", "DT"}
    | {"SS", "DH", "LHP", "RHP", "GK"}
)
# Words between a town's name and its river's ("Wendorf am Lauter", "Ashby upon Tame").
PLACE_PARTICLES = word_set("am im upon sur ob")
# Months, for dates tagged as names ("July 25" as an organisation).
MONTHS = word_set(
    "january february march april may june july august september october november december "
    "jan jan. feb feb. mar mar. apr apr. jun jun. jul jul. aug aug. sep sep. sept sept. "
    "oct oct. nov nov. dec dec."
)
# Networks and streaming services the news cites every day as where something was said or
# shown ("wrote on Twitter", "streams on Netflix"): the recogniser often reads a person or a
# place, or nothing.
PLATFORMS = word_set(
    "twitter facebook instagram youtube snapchat tiktok reddit linkedin whatsapp telegram "
    "tumblr pinterest periscope weibo wechat douyin bluesky mastodon twitch netflix spotify "
    "hulu"
) | frozenset({"truth social"})
# Those who post on a platform, and speak for themselves: "one Weibo commenter said".
PLATFORM_USERS = word_set(
    "user users commenter commenters poster posters follower followers blogger bloggers "
    "netizen netizens viewer viewers subscriber subscribers influencer influencers"
)
# Labels written in capitals before a dash like a dateline's town ("UPDATE — …").
DATELINE_LABELS = frozenset(
    {"update", "updated", "breaking", "breaking news", "editor's note", "editor’s note"}
    | {"correction", "clarification", "exclusive", "analysis", "opinion", "commentary"}
    | {"watch", "live", "video", "photos", "listen", "advisory", "urgent", "flash", "note"}
)
# Words joined to a name to make an adjective ("Lind-era", "Okafor-led"), no part of it.
NAME_COMPOUNDS = word_set(
    "era led backed style like based owned funded linked allied aligned appointed endorsed "
    "friendly free related type esque run controlled supporting leaning"
)
# Countries and territories by their English names (the Unicode CLDR's, through Babel;
# not its unions and codes for no place: "European Union", "United Nations"), and the
# nations of the United Kingdom, which news names as countries.
_NO_COUNTRY_CODES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})
COUNTRIES = frozenset(
    name
    for code, name in Locale("en").territories.items()
    if len(code) == 2 and code not in _NO_COUNTRY_CODES
) | frozenset({"England", "Scotland", "Wales", "Northern Ireland"})


# --- U.S. states (entities.py, name_variants.py): by their names without spaces, each with
# the abbreviation news style writes after a town ("Harlow, Mich."; the name itself where
# it is written out, or where the short form names another place too: "La." is also
# "L.A.", "N.Y." and "Wash." stand beside New York City and Washington, D.C.) and the
# postal code ("MI").
# Countries and unions news writes in several ways, each form (its letters) to the short one.
COUNTRY_FORMS: dict[str, str] = {
    **dict.fromkeys(("us", "usa", "unitedstates", "unitedstatesofamerica", "america"), "us"),
    **dict.fromkeys(("uk", "unitedkingdom", "britain", "greatbritain"), "uk"),
    **dict.fromkeys(("eu", "europeanunion"), "eu"),
}
US_STATES: dict[str, tuple[str, str]] = {
    "alabama": ("ala", "AL"),
    "alaska": ("alaska", "AK"),
    "arizona": ("ariz", "AZ"),
    "arkansas": ("ark", "AR"),
    "california": ("calif", "CA"),
    "colorado": ("colo", "CO"),
    "connecticut": ("conn", "CT"),
    "delaware": ("del", "DE"),
    "florida": ("fla", "FL"),
    "georgia": ("ga", "GA"),
    "hawaii": ("hawaii", "HI"),
    "idaho": ("idaho", "ID"),
    "illinois": ("ill", "IL"),
    "indiana": ("ind", "IN"),
    "iowa": ("iowa", "IA"),
    "kansas": ("kan", "KS"),
    "kentucky": ("ky", "KY"),
    "louisiana": ("louisiana", "LA"),
    "maine": ("maine", "ME"),
    "maryland": ("md", "MD"),
    "massachusetts": ("mass", "MA"),
    "michigan": ("mich", "MI"),
    "minnesota": ("minn", "MN"),
    "mississippi": ("miss", "MS"),
    "missouri": ("mo", "MO"),
    "montana": ("mont", "MT"),
    "nebraska": ("neb", "NE"),
    "nevada": ("nev", "NV"),
    "newhampshire": ("nh", "NH"),
    "newjersey": ("nj", "NJ"),
    "newmexico": ("nm", "NM"),
    "newyork": ("newyork", "NY"),
    "northcarolina": ("nc", "NC"),
    "northdakota": ("nd", "ND"),
    "ohio": ("ohio", "OH"),
    "oklahoma": ("okla", "OK"),
    "oregon": ("ore", "OR"),
    "pennsylvania": ("pa", "PA"),
    "rhodeisland": ("ri", "RI"),
    "southcarolina": ("sc", "SC"),
    "southdakota": ("sd", "SD"),
    "tennessee": ("tenn", "TN"),
    "texas": ("texas", "TX"),
    "utah": ("utah", "UT"),
    "vermont": ("vt", "VT"),
    "virginia": ("va", "VA"),
    "washington": ("washington", "WA"),
    "westvirginia": ("wva", "WV"),
    "wisconsin": ("wis", "WI"),
    "wyoming": ("wyo", "WY"),
}
