"""Actor precision on the full pipeline (issue 14): each test is one construction, on sentences written for
it; the parse comes from the default model, so each test asserts the construction's outcome only."""

from __future__ import annotations

from spacy.language import Language


def actors(nlp: Language, text: str, date: str = "2023-12-06") -> dict[str, str | None]:
    doc = nlp.make_doc(text)
    doc._.meta = {"date": date}
    doc = nlp(doc)
    return {a["text"]: a["code"] for a in doc._.actors}


def test_a_middle_initial_and_a_suffix_do_not_hide_a_listed_person(nlp):
    found = actors(nlp, "Lloyd J. Austin III met the Ukrainian defense minister in Brussels on Monday.")
    assert found.get("Lloyd J. Austin III") == "USAMIL"
    # Out of his term the same name keeps its country only.
    assert (
        actors(nlp, "Lloyd J. Austin III spoke in Brussels.", "2026-01-05")["Lloyd J. Austin III"][:3]
        == "USA"
    )


def test_a_listed_name_with_its_initial_still_matches_whole(nlp):
    assert actors(nlp, "George W. Bush met the king.", "2003-05-01").get("George W. Bush") == "USAGOV"


def test_a_title_in_apposition_takes_the_named_persons_country(nlp):
    found = actors(
        nlp,
        "The British foreign secretary met in Islamabad with the Prime Minister, Nawaz Sharif, on Tuesday.",
        "2016-03-08",
    )
    assert found.get("Prime Minister") == "PAKGOV"


def test_the_taliban_code_by_the_article_date(nlp):
    assert actors(nlp, "The Taliban attacked Afghan troops in Kandahar.", "2019-08-21")["Taliban"] == "AFGREB"
    assert actors(nlp, "The Taliban barred the rapporteur.", "2024-08-21")["Taliban"] == "AFGGOV"


def test_the_pakistani_taliban_stay_rebels_after_the_afghan_taliban_took_power(nlp):
    text = (
        "Pakistan said the Taliban attacked Pakistani troops near Peshawar, and the Pakistani army "
        "responded. Pakistani officials said Pakistan's government condemned the attack."
    )
    assert actors(nlp, text, "2024-08-21")["Taliban"] == "PAKREB"


def test_parties_and_units_news_names_by_acronym_or_short_name(nlp):
    # India's Congress, with its standing on the date: in national government May 2004 - May 2014 only
    text = "The Congress Party criticized the government."
    assert actors(nlp, text, "2024-06-30").get("Congress Party") == "INDOPP"
    assert actors(nlp, text, "2010-06-30").get("Congress Party") == "INDPTY"
    found = actors(nlp, "Militia fighters attacked MEU forces near the shrine.", "2004-08-11")
    assert found.get("MEU forces") == "USAMIL"


def test_guardsmen_give_the_military_sector_to_a_nationality(nlp):
    found = actors(nlp, "Iraqi National Guardsmen joined the operation.", "2004-08-11")
    assert found.get("Iraqi National Guardsmen") == "IRQMIL"


def test_the_rohingya_are_of_myanmar(nlp):
    assert (
        actors(nlp, "Thousands of Rohingya refugees fled the violence.", "2018-05-15")["Rohingya refugees"][
            :3
        ]
        == "MMR"
    )


def test_a_one_word_dictionary_name_ending_someone_elses_full_name_is_not_that_person(nlp):
    found = actors(nlp, "Ilyas Ali Hassan, a member of Somalia's upper house, urged the president to resign.")
    assert found.get("Ilyas Ali Hassan", "")[:3] != "JOR"  # not Jordan's Prince Hassan
    # A title before the one-word name is no other name: the dictionary entry still codes it.
    assert actors(nlp, "Prince Hassan met the king.", "1990-05-01").get("Prince Hassan", "")[:3] == "JOR"


def test_rebels_belong_where_they_act_not_where_others_meet_them(nlp):
    found = actors(nlp, "Rebels attacked a town in eastern Congo on Sunday.", "2024-07-05")
    assert found["Rebels"] == "CODREB"
    found = actors(nlp, "Hundreds of people protested on Tuesday in Hanoi.", "2025-03-12")
    assert found.get("people") == "VNMCVL"  # the subject through "hundreds of"
    # The object of someone else's act in a place is not of that place's country.
    found = actors(nlp, "Washington met the insurgents on Monday in Doha.", "2021-05-09")
    assert (found.get("insurgents") or "")[:3] != "QAT"


# ---------------------------------------------------------------------- a name that is not the entry's


def test_a_surname_after_an_unknown_full_name_is_that_person_not_a_one_word_entry(nlp):
    # "Hassan" alone is a Phoenix entry (a Jordanian prince); here it is the man just named.
    found = actors(nlp, 'Ilyas Ali Hassan criticised the plan on Monday. "The plan is illegal," Hassan said.')
    assert found["Hassan"] is None or not found["Hassan"].startswith("JOR")


def test_a_surname_ending_an_unknown_proper_name_is_not_the_listed_person(nlp):
    found = actors(nlp, "The tanker sailed from eastern China to the Iranian port of Bandar Abbas on Monday.")
    assert found.get("Bandar Abbas") is None  # the port, not Mahmoud Abbas (PSEGOV)
    assert actors(nlp, "Mr. Abbas met the envoy.", "2016-03-08").get("Mr. Abbas") == "PSEGOV"


def test_a_listed_surname_in_a_place_position_is_a_place(nlp):
    found = actors(nlp, "Rebels attacked villages between the towns of Ndele and Bazoum on Sunday.")
    assert "Bazoum" not in found  # a town, not Niger's former president


def test_another_given_name_is_another_person_of_the_same_country(nlp):
    text = (
        "Pakistan's army chief, General Raheel Sharif, met the British minister. Later the minister met "
        "Mian Shahbaz Sharif, the chief minister of Punjab."
    )
    found = actors(nlp, text, "2016-03-08")
    assert found["General Raheel Sharif"] == "PAKMIL"
    assert found["Mian Shahbaz Sharif"] == "PAKGOV"  # his own title, not the general's MIL


# ---------------------------------------------------------------------- where a group is, not whose it is


def test_foreign_troops_take_no_country_from_their_place_or_sentence(nlp):
    found = actors(nlp, "Russia warned that foreign troops in Kyiv would be a legitimate target.")
    assert found["foreign troops"] is None  # not UKRMIL (the place), not RUSMIL (the subject)
    # "foreign" inside the head's own name is no such modifier.
    assert (
        actors(nlp, "Pakistan protested. The foreign ministry said the strike was illegal.")[
            "foreign ministry"
        ]
        == "PAKGOV"
    )


def test_the_insurgents_in_a_place_are_the_ones_named_before(nlp):
    text = (
        "The Taliban attacked a checkpoint. The United States later held talks with the insurgents in Doha."
    )
    assert actors(nlp, text, "2019-08-01")["insurgents"] == "AFGREB"  # not QATREB
    # With none named before, and for a bare plural, the place still gives the country.
    assert (
        actors(nlp, "The United States held talks with the insurgents in Doha.", "2019-08-01")["insurgents"]
        == "QATREB"
    )
    assert actors(nlp, "Rebels in eastern Congo attacked a village.", "2019-08-01")["Rebels"] == "CODREB"
    assert (
        actors(nlp, "The government in Beijing rejected the report.", "2019-08-01")["government"] == "CHNGOV"
    )


# ---------------------------------------------------------------------- acronyms the article defines


def test_an_acronym_the_article_defines_overrides_the_dictionarys_reading(nlp):
    text = (
        "Kenya agreed to lead the Multinational Security Support (MSS) mission in Haiti. "
        "The MSS will deploy next month."
    )
    assert actors(nlp, text, "2023-10-03")["MSS"] is None  # not China's Ministry of State Security
    # A definition the dictionary agrees with keeps its code.
    text = "China's Ministry of State Security (MSS) accused a British couple. The MSS said they were spies."
    assert actors(nlp, text, "2023-10-03")["MSS"] == "CHNSPY"
    text = "The Baloch Liberation Army (BLA) claimed the attack. The BLA said it would strike again."
    assert actors(nlp, text, "2025-03-14")["BLA"] == "PAKREB"


def test_brackets_after_a_name_that_does_not_spell_the_acronym_define_nothing(nlp):
    text = "Gunmen attacked the UN Mission in South Sudan (UNMISS) base. UNMISS condemned the attack."
    assert actors(nlp, text, "2016-07-11")["UNMISS"] == "IGOUNO"  # "South Sudan" does not spell it


# ---------------------------------------------------------------------- people no dictionary knows


def test_an_unknown_titled_person_takes_the_articles_country(nlp):
    text = (
        "Zimbabwe's police arrested two men in Harare on Monday. Zimbabwe's government said the men had "
        "planned a protest. Zimbabwe's opposition condemned the arrests. "
        "Journalist Tendai Moyo was also charged."
    )
    assert actors(nlp, text, "2025-03-13")["Journalist Tendai Moyo"] == "ZWEMED"


def test_a_statement_does_not_give_its_issuers_country_to_unknown_people(nlp):
    doc = nlp.make_doc(
        "We condemn the arrests. The United States calls on the authorities to free journalist Tendai Moyo. "
        "The United States will raise the case."
    )
    doc._.meta = {"date": "2025-03-13", "source": "U.S. Department of State"}
    found = {a["text"]: a["code"] for a in nlp(doc)._.actors}
    assert found["journalist Tendai Moyo"] is None  # the statement's many US mentions do not make him USAMED


def test_a_title_and_a_family_name_are_the_listed_office_holder_of_the_date(nlp):
    text = "Prime Minister Barak and Chairman Arafat accepted the invitation."
    assert actors(nlp, text, "2000-10-14")["Prime Minister Barak"] == "ISRGOV"  # listed as "Ehud Barak"
    # In 2005 the one Barak in office was a judge: a prime minister is someone else, not decided here.
    assert actors(nlp, text, "2005-10-14")["Prime Minister Barak"] != "ISRJUD"


def test_the_international_community_is_no_countrys_civilians(nlp):
    text = "Uzbekistan should cooperate with the international community, the spokesman said."
    assert actors(nlp, text, "2005-05-25")["international community"] is None  # not UZBCVL


def test_warring_parties_are_the_sides_of_a_war_not_political_parties(nlp):
    text = "U.S. officials blamed the Taliban and called on all warring parties to reduce hostilities."
    assert actors(nlp, text, "2021-05-09")["warring parties"] is None  # not USAPTY
    assert (
        actors(nlp, "Sudan's warring parties agreed to a truce.", "2023-05-09")["Sudan's warring parties"]
        == "SDN"
    )


def test_an_acronym_the_dictionaries_lack_is_the_listed_name_it_abbreviates(nlp):
    text = (
        "We are supporting the training of the TFG (Transitional Federal Government) forces. "
        "The TFG controls Mogadishu."
    )
    found = [(a["text"], a["code"]) for a in _doc(nlp, text, "2009-08-06")._.actors]
    assert ("TFG", "SOMGOV") in found and ("forces", "SOMMIL") in found
    text = "The Syrian Democratic Forces (SDF) took the town. Turkey attacked the SDF."
    assert actors(nlp, text, "2019-10-10")["SDF"] == "SYRREB"


def _doc(nlp: Language, text: str, date: str):
    doc = nlp.make_doc(text)
    doc._.meta = {"date": date}
    return nlp(doc)


# ---------------------------------------------------------------------- a bare capitalised title


def test_a_bare_title_is_the_person_last_named_with_it(nlp):
    text = (
        "Foreign Secretary Philip Hammond arrived in Islamabad. Pakistan's government welcomed him. "
        "In the meetings, the Foreign Secretary discussed trade with Pakistan."
    )
    assert actors(nlp, text, "2016-03-08")["Foreign Secretary"] == "GBRGOV"  # not PAKGOV, the last GOV


def test_a_bare_executive_title_in_a_states_statement_is_the_issuers_office(nlp):
    doc = nlp.make_doc("Prime Minister Modi thanked the President for his hospitality.")
    doc._.meta = {"date": "2014-09-30", "source": "The White House"}
    assert {a["text"]: a["code"] for a in nlp(doc)._.actors}["President"] == "USAGOV"
    doc = nlp.make_doc(
        "The Representative on Freedom of the Media criticised the law. Members of Parliament agreed."
    )
    doc._.meta = {"date": "2021-07-16", "source": "GOV.UK (Foreign, Commonwealth & Development Office)"}
    found = {a["text"]: a["code"] for a in nlp(doc)._.actors}
    assert not any((code or "").startswith("GBR") for code in found.values())  # not executive offices


def test_a_plural_object_pronoun_after_a_plural_thing_is_no_actor(nlp):
    text = (
        "Japanese soldiers occupied the town in 1938. A French blogger said the photographs were taken "
        "by his grandfather and he wanted to donate them to China."
    )
    assert actors(nlp, text, "2025-03-13")["them"] is None  # the photographs, not JPNMIL
    text = "Japanese soldiers occupied the town in 1938. China later accused them of atrocities."
    assert actors(nlp, text, "2025-03-13")["them"] == "JPNMIL"


def test_the_same_bare_title_keeps_its_office_through_the_article(nlp):
    doc = nlp.make_doc(
        "The President spoke today with Turkish President Recep Tayyip Erdogan about the fight against ISIL. "
        "The President condemned the attack in Suruc."
    )
    doc._.meta = {"date": "2015-07-22", "source": "The White House"}
    codes = [(a["text"], a["code"]) for a in nlp(doc)._.actors]
    assert [c for t, c in codes if t == "President"] == ["USAGOV", "USAGOV"]  # not Erdogan's TURGOV


def test_the_secretary_of_a_states_statement_is_its_office_holder(nlp):
    doc = nlp.make_doc(
        "Secretary of State Antony Blinken spoke with Prime Minister Abiy Ahmed today. "
        "The Secretary stressed the need for a ceasefire."
    )
    doc._.meta = {"date": "2021-07-06", "source": "U.S. Department of State"}
    assert {a["text"]: a["code"] for a in nlp(doc)._.actors}["Secretary"] == "USAGOV"


def test_a_country_name_inside_a_longer_name_gives_no_country(nlp):
    text = "said Carl Thayer, an emeritus professor from the University of New South Wales in Australia."
    assert actors(nlp, text, "2021-05-07")["Carl Thayer"] == "AUSEDU"  # not GBR from "Wales"


def test_capitals_of_dependent_territories_are_no_government(nlp):
    found = actors(
        nlp, '"The timing is not good," said Janusz Bugajski of the Jamestown Foundation.', "2021-05-22"
    )
    assert found["Janusz Bugajski"] is None  # not SHN (Saint Helena's capital is Jamestown)
    assert (
        actors(nlp, "Britain will lease back Diego Garcia for 99 years.", "2025-03-10")["Diego Garcia"]
        is None
    )
    assert (
        actors(nlp, "Kingston condemned the attack.", "2025-03-10")["Kingston"] == "JAMGOV"
    )  # not Norfolk Island


# ---------------------------------------------------------------------- pronouns


def test_a_subject_he_continues_the_subject_not_the_object_of_the_sentence_before(nlp):
    text = (
        "British Foreign Secretary Philip Hammond met Prime Minister Nawaz Sharif in Islamabad. "
        "In Lahore, he also met students."
    )
    assert actors(nlp, text, "2016-03-08")["he"] == "GBRGOV"  # Hammond, not the last person named (PAKGOV)
    text = (
        "Dutch Defence Minister Ruben Brekelmans spoke first. The same message came from European "
        "Commission chief Ursula von der Leyen. She said Europe must act."
    )
    assert actors(nlp, text, "2025-03-11")["She"] == "IGOEUREEC"  # the last person, in a later sentence


def test_an_unknown_opposition_figure_does_not_take_the_articles_dominant_country(nlp):
    text = (
        "China demanded the return of the men. China said they were criminals. China thanked Thailand. "
        "Opposition leader Somchai Rattanakul said the deportation was wrong."
    )
    # The article is mostly about China; an opposition figure is of the state he opposes, unknown here.
    assert actors(nlp, text, "2025-03-11")["Opposition leader Somchai Rattanakul"] is None


def members(nlp: Language, text: str, date: str = "2023-12-06") -> dict[str, list[str]]:
    doc = nlp.make_doc(text)
    doc._.meta = {"date": date}
    doc = nlp(doc)
    return {a["text"]: a["members"] for a in doc._.actors}


def test_a_group_of_named_states_keeps_its_code_and_carries_its_members(nlp):
    found = actors(nlp, "The G7 leaders condemned the coup in Niger on Sunday.")
    assert found.get("G7 leaders", "")[:3] == "IGO"
    g7 = ["USA", "CAN", "GBR", "FRA", "DEU", "ITA", "JPN"]
    assert members(nlp, "The G7 leaders condemned the coup in Niger on Sunday.")["G7 leaders"] == g7
    assert members(nlp, "The Group of Seven urged Niger to free the president.").get("Group of Seven") == g7
    # A body with its own secretariat acts as itself: no members.
    assert members(nlp, "NATO urged Niger to free the president.").get("NATO") == []


def test_bare_intelligence_is_information_not_a_spy_agency(nlp):
    for text in (
        "Ghana and Togo shared intelligence on the smugglers.",
        "Intelligence gathered at the farm led to the arrest of three men in Mombasa.",
        "Kenyan officials said the army was receiving intelligence information from Britain.",
    ):
        assert not any(code and code.endswith("SPY") for code in actors(nlp, text).values()), text
    nigeria = actors(nlp, "Nigerian intelligence arrested two journalists.")
    assert nigeria.get("Nigerian intelligence") == "NGASPY"
    kenya = actors(nlp, "Kenya's intelligence arrested two journalists.")
    assert kenya.get("Kenya's intelligence") == "KENSPY"
    agency = actors(nlp, "The Kenyan intelligence agency arrested two journalists.")
    assert agency.get("Kenyan intelligence agency") == "KENSPY"


def test_a_possessor_is_not_the_country_described_inside_its_own_phrase(nlp):
    text = "I am pleased to visit Ghana again to show Canada's continuing commitment to the country."
    assert actors(nlp, text).get("country") == "GHA"
    assert actors(nlp, "Canada sent aid to Ghana on Monday. The country needs food.").get("country") == "GHA"


def test_one_person_keeps_one_code_in_an_article(nlp):
    # the same full name again, of a person no dictionary knows, is that person
    found = actors(
        nlp,
        "Journalist Rufaro Chikomo criticized the Zimbabwean government on Monday. Zimbabwe's police said "
        "nothing. Zimbabwe's president rejected the claims. Rufaro Chikomo also accused the army.",
    )
    assert found.get("Rufaro Chikomo") == "ZWEMED"
    # a short form met before the full form got its code (from the article's country, after the first pass)
    found = actors(
        nlp,
        "Journalist Tendai Moyo criticized Zimbabwe's police on Monday. Zimbabwe's government rejected the "
        "criticism. Moyo also accused the Zimbabwean army.",
    )
    assert found.get("Moyo") == "ZWEMED"


def test_justice_before_a_name_is_a_judges_title(nlp):
    found = actors(
        nlp,
        "A court in Kenya on Monday convicted the governor. Justice Peter Mwangi sentenced the Kenyan "
        "governor to prison.",
    )
    assert found.get("Justice Peter Mwangi") == "KENJUD"
    # without a name, justice is no actor
    assert "justice" not in actors(nlp, "Kenyan protesters demanded justice from the Kenyan government.")


def test_a_groups_short_name_before_a_group_noun_is_the_group(nlp):
    assert actors(nlp, "Wagner mercenaries attacked Malian villagers.").get("Wagner mercenaries") == "RUSUAF"
    # ending a person's name, the group's one-word name is that person's
    found = actors(nlp, "German composer Richard Wagner visited Italy.")
    assert found.get("German composer Richard Wagner") == "DEU"
