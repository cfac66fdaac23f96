"""The structure around a sentence (issue 28): where its date lives when the sentence does not
write it, what is not an event though it carries a date, and titles a reviewer can keep.

Each case is a small text in the shape of a real one from the development set (the file it
comes from is named), then the third round's texts are held to their targets."""

from __future__ import annotations

from pathlib import Path

import pytest

from webapp.dates import PartialDate
from webapp.ingest.evaluate import evaluate_folder, table, title_f1
from webapp.ingest.extract import draft_title, extract
from webapp.ingest.sentences import split_sentences

HERE = Path(__file__).parent / "extract"


def proposals(text: str, published: str | None = None):
    return extract(text, PartialDate.parse(published) if published else None)


def dated(text: str, published: str | None = None) -> list[tuple[str, str]]:
    """(start, quote) of each proposal that is not the publication."""
    return [(p.start.iso, p.quote) for p in proposals(text, published) if p.kind != "dateline"]


def dates_of(text: str, published: str | None = None) -> list[str]:
    return [start for start, _ in dated(text, published)]


# --- The lead's day said as a weekday (ap-2019-lordstown-last-car.txt) -----------------------

LEAD = (
    "Last car to roll off assembly line at Ohio GM plant\n\n"
    "LORDSTOWN, Ohio (AP) — The last compact car rolled off the line Wednesday at General "
    "Motors’ massive assembly plant in Ohio as the automaker began moving toward its future.\n\n"
    "GM is eliminating all 1,700 hourly positions at the factory near Youngstown.\n\n"
    "Workers took photos of the last Chevrolet Cruze, a car made in Lordstown since 2011.\n"
)


def test_a_leads_weekday_is_the_day_before_or_of_the_publication():
    found = proposals(LEAD, "2019-03-07")  # a Thursday: "Wednesday" is the day before
    lead = next(p for p in found if p.kind == "stated" and "Wednesday" in p.quote)
    assert lead.start.iso == "2019-03-06" and lead.inferred
    same_day = proposals(LEAD, "2019-03-06")  # published on the Wednesday itself
    assert any(p.start.iso == "2019-03-06" and p.kind == "stated" for p in same_day)


def test_a_weekday_in_a_sentence_about_what_is_to_come_is_ahead():
    text = "The city will begin construction Monday on the new bridge over the river.\n"
    assert dates_of(text, "2021-06-02") == ["2021-06-07"]  # a Wednesday, then the Monday after


def test_an_article_with_a_known_date_printed_nowhere_gets_its_publication():
    found = proposals(LEAD, "2019-03-06")
    publication = [p for p in found if p.kind == "dateline"]
    assert len(publication) == 1
    assert publication[0].start.iso == "2019-03-06" and publication[0].inferred
    assert publication[0].quote.startswith("LORDSTOWN, Ohio (AP)")  # its lead
    assert "publish" in publication[0].title


def test_relative_months_and_weeks_are_dated_at_the_precision_they_allow():
    text = "The old mail server suffered from massive disk corruption last week, so it went.\n"
    assert dates_of(text, "2008-12-17") == ["2008-12"]  # the week of 8–14 December
    assert dates_of("The plant closed last month after 52 years.\n", "2019-04-10") == ["2019-03"]


# --- A year given once as a heading, then referred to ----------------------------------------


def test_an_annals_year_heading_dates_this_year_and_then():
    text = (  # anglo-saxon-chronicle-879-884.txt
        "A.D. 883 . This year went the army up the Scheldt to Conde, and\n"
        'there sat a year. And Pope Marinus sent King Alfred the "lignum\n'
        'Domini". Then they sat against the army at London; and there they\n'
        "were very successful after the performance of their vows.\n\n"
        "A.D. 884 . This year went the army up the Somne to Amiens, and\n"
        "there remained a year.\n"
    )
    found = dated(text)
    assert [start for start, _ in found] == ["883", "883", "883", "884"]
    assert "A.D. 883 ." not in [quote for _, quote in found]  # the heading is no event


def test_a_bare_year_line_dates_the_entry_under_it():
    text = (
        "1065.\nThis year King Edward came to Westminster at midwinter.\n"
        "1066.\nThis year died King Edward, and Harold the earl succeeded to the kingdom.\n"
    )
    assert dates_of(text) == ["1065", "1066"]


def test_a_changelog_version_heading_is_a_release_and_dates_its_sections():
    text = (  # keep-a-changelog.md
        "# Changelog\n\n## [Unreleased]\n### Added\n- Keep an Unreleased section.\n\n"
        "## [1.0.0] - 2017-06-20\n### Added\n- Added for new features.\n\n### Fixed\n"
        "- Fixed for any bug fixes.\n\n## [0.0.1] - 2015-02-17\n### Changed\n"
        "- Update year to match in every README example.\n\n"
        "[1.0.0]: https://github.com/olivierlacan/keep-a-changelog/compare/v0.0.1...v1.0.0\n"
    )
    found = proposals(text)
    assert [(p.start.iso, p.quote) for p in found] == [
        ("2017-06-20", "## [1.0.0] - 2017-06-20"),
        ("2017-06-20", "- Added for new features."),
        ("2017-06-20", "- Fixed for any bug fixes."),  # "### Fixed" does not close 1.0.0
        ("2015-02-17", "## [0.0.1] - 2015-02-17"),
        ("2015-02-17", "- Update year to match in every README example."),
    ]  # nothing from the unreleased section, the sub-headings or the link definition
    assert found[0].title == "1.0.0 is released"


def test_a_list_items_opening_year_completes_its_year_less_days():
    text = (  # timelines-ws-1476-1499.txt, ljworld-2007-notable-fourths.txt
        "1476        Apr 26, Simonetta Vespucci (b.~1453), nicknamed la bella Simonetta, died. "
        "She was renowned for being the greatest beauty of her age.\n\n"
        "1776 - The Declaration of Independence is read in Philadelphia on July 8, four days "
        "after it was signed. Other cities followed with readings later in the month. In New "
        "York, the statue of King George III was torn down.\n"
    )
    assert dates_of(text) == ["1476-04-26", "1776-07-08", "1776-07-04", "1776-07", "1776"]


# --- Year-less dates whose year is in the title, and choosing the year -----------------------


def test_a_captioned_year_less_day_takes_the_titles_year():
    text = (  # southland-2007-tournament.txt
        "2007 Southland Conference men's basketball tournament\n\n← 2006\n2008 →\n\n"
        "Bracket\n\nQuarterfinals\nMarch 8\nSemifinals\nMarch 9\n\nChampionship Game\n\n"
        "Texas A&M-Corpus Christi defeated Northwestern State, 81–78 and never trailed.\n"
    )
    found = proposals(text)
    assert [(p.start.iso, p.title) for p in found] == [
        ("2007-03-08", "Quarterfinals"),
        ("2007-03-09", "Semifinals"),
        ("2007-03-09", "Texas A&M-Corpus Christi defeats Northwestern State"),
    ]  # the title and the navigation ("2008 →") are no events and date nothing


def test_a_captioned_date_over_running_text_heads_a_section_and_is_no_event():
    text = (  # wikinews-2007-ncaa-championship-week.txt
        "NCAA Basketball: Championship week concludes as teams await the bracket\n"
        "Sunday, March 11, 2007\n"
        "The NCAA's two-week slate of conference championships came to a conclusion.\n"
        "Conference championship recaps\nSunday, March 4, 2007\n"
        "The week kicked off with the Missouri Valley Conference championship.\n"
    )
    assert dated(text) == [
        ("2007-03-04", "The week kicked off with the Missouri Valley Conference championship.")
    ]  # and nothing quotes the dated line


def test_the_weekday_chooses_the_year():
    text = "The museum opened in 1918. The centenary gala is on Friday, May 4 at the hall.\n"
    assert dates_of(text, "2018-04-20")[-1] == "2018-05-04"  # not 1918: May 4 1918 a Saturday


def test_a_future_month_in_a_forward_looking_sentence_reads_forward():
    text = "The plant could operate through September, officials said.\n"
    assert dates_of(text, "2019-04-10") == ["2019-09"]


def test_ordinal_words_and_ordinal_days():
    assert dates_of("The town celebrated the fourth of July, 1912 with a parade.\n") == [
        "1912-07-04"
    ]
    text = (  # seriesweep-2007-last-week.txt
        "On September 27, the Astros swept the Reds.\n\n"
        "On the 30th, the last regular season games were played.\n"
    )
    assert dates_of(text, "2007-10-01") == ["2007-09-27", "2007-09-30"]


# --- Not events -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "“It’s frustrating,” said Jeff Nance, who has worked at Lordstown for 17 years.",
        "“We’ve just got to keep an open mind here, and we are,” he told AP.",
        "How will history remember the Fourth of July celebrations of 2007?",
        "^ Smith, J. Retrieved 2 November 2009.",
        "This is an old revision of this page, as edited by Bluejay at 21:52, 8 March 2019.",
        "and last updated 2019-03-07 19:05:15-05",
        "2008 →",
        "[1.0.0]: https://github.com/olivierlacan/keep-a-changelog/compare/v0.0.1...v1.0.0",
    ],
)
def test_what_is_no_event_is_not_proposed(text):
    filler = "The council met to discuss the budget for the coming months.\n\n"
    found = [p for p in proposals(filler + text + "\n", "2019-03-07") if p.kind != "dateline"]
    assert [p.quote for p in found if p.quote.strip() == text.strip()] == []


def test_life_dates_in_brackets_are_not_events():
    assert dates_of("1476 Apr 26, Simonetta Vespucci (b.~1453) died in Florence.\n") == [
        "1476-04-26"
    ]


def test_an_undated_sentence_does_not_inherit_a_relative_date():
    text = "Yesterday, the council approved the budget. The mayor thanked the staff.\n"
    assert dated(text, "2021-05-12") == [
        ("2021-05-11", "Yesterday, the council approved the budget.")
    ]


def test_the_dateline_said_again_under_the_headline_is_no_section():
    text = (  # ljworld-2007-notable-fourths.txt
        "Archive for Wednesday, July 4, 2007\n\nNotable Fourths\n\nJuly 4, 2007\n\n"
        "In 1934, members the Louisiana Legislature celebrated the Fourth of July by lighting "
        "firecrackers.\n\nIn others, Americans found quirky ways to mark the birthday.\n"
    )
    assert dates_of(text) == ["1934-07-04"]


def test_a_report_of_another_days_story_is_not_dated_by_the_pages_date():
    text = (  # epochtimes-2019-lordstown-last-day.txt: dated by its page, not a dateline
        "Pictured: General Motors Employees Weep Outside of Ohio Plant\n\n"
        "By Jack Phillips, a breaking news reporter at The Epoch Times in New York.\n"
        "March 7, 2019 Updated: March 7, 2019\n\n"
        "They were seen outside the plant on March 6 as the last Chevrolet Cruze came off.\n\n"
        "Shaun Winkler said he’s still thinking whether he should transfer to another plant.\n"
    )
    found = proposals(text)
    assert [(p.start.iso, p.kind) for p in found] == [
        ("2019-03-07", "dateline"),
        ("2019-03-06", "stated"),
    ]


WIRE_STORY = (  # tests/archive/reuters-bankamerica.jsonl, line 1 (NEWID 4)
    "TALKING POINT/BANKAMERICA <BAC> EQUITY OFFER\n"
    "    LOS ANGELES, Feb 26 - BankAmerica Corp is not under\n"
    "pressure to act quickly on its proposed equity offering and\n"
    "would do well to delay it because of the stock's recent poor\n"
    "performance, banking analysts said.\n"
    "    Some analysts said they have recommended BankAmerica delay\n"
    "its up to one-billion-dlr equity offering, which has yet to be\n"
    "approved by the Securities and Exchange Commission.\n"
    "    BankAmerica stock fell this week, along with other banking\n"
    "issues, on the news that Brazil has suspended interest payments\n"
    "on a large portion of its foreign debt.\n"
)


def test_a_title_line_over_an_indented_dateline_is_its_own_sentence_not_part_of_the_lead():
    # The title line is as long as the wrapped lines, but the dateline's first-line indent
    # opens the story: the title names it, and the dateline and the lead are one sentence.
    title, lead = split_sentences(WIRE_STORY)[:2]
    assert title.text == "TALKING POINT/BANKAMERICA <BAC> EQUITY OFFER"
    assert lead.text.startswith("LOS ANGELES, Feb 26 - BankAmerica Corp is not under")
    assert lead.text.endswith("banking analysts said.")
    found = proposals(WIRE_STORY, "1987-02-26")
    assert [(p.kind, p.title, p.quote) for p in found[:2]] == [
        ("dateline", "“TALKING POINT/BANKAMERICA <BAC> EQUITY OFFER” is published", lead.text),
        ("reported", "BankAmerica Corp is not under pressure to act quickly", lead.text),
    ]
    assert all(title.text not in p.quote for p in found)
    # One event per happening: no sentence yields two of its happenings on one date.
    happenings = [(p.quote, p.start) for p in found if p.kind != "dateline"]
    assert len(happenings) == len(set(happenings))


# --- Titles ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "title"),
    [
        (
            "LORDSTOWN, Ohio (AP) — The last compact car rolled off the line Wednesday at "
            "General Motors’ massive assembly plant in Ohio as the automaker began moving.",
            "The last compact car rolls off the line",
        ),
        (
            "A.D. 879 . This year went the army from Chippenham to Cirencester, and sat there.",
            "The army goes from Chippenham to Cirencester",
        ),
        (
            "1476        Aug 4, Jacob van Armagnac-Pardiac, French duke of Nemours, was beheaded.",
            "Jacob van Armagnac-Pardiac, French duke of Nemours, is beheaded",
        ),
        (
            "“Should the present drought continue, production is estimated at 20 mln bushels,” "
            "the letter added.",
            "Should the present drought continue, production is estimated",
        ),
        (
            "Workers took photos of the last Chevrolet Cruze.",
            "Workers take photos of the last Chevrolet Cruze",
        ),
    ],
)
def test_titles_are_headlines(sentence, title):
    assert draft_title(sentence) == title


@pytest.mark.parametrize(
    ("sentence", "title"),
    [  # tests/archive/reuters-bankamerica.jsonl: the stems lost an "e" before "-ed"
        (
            "The stock traded around 12, down 1/8, this afternoon.",
            "The stock trades around 12, down 1/8, this afternoon",
        ),
        ("BankAmerica filed the offer on January 26.", "BankAmerica files the offer on January 26"),
        (
            "He noted that any losses would show up later.",
            "He notes that any losses would show up later",
        ),
        ("The province ceded the land in 1848.", "The province cedes the land in 1848"),
        ("The water receded on March 3.", "The water recedes on March 3"),
        ("The fund exceeded its target on May 2.", "The fund exceeds its target on May 2"),
        ("The ship headed north on May 2.", "The ship heads north on May 2"),
    ],
)
def test_a_past_verb_that_dropped_its_e_gets_it_back_in_the_present(sentence, title):
    assert draft_title(sentence) == title


def test_no_title_is_cut_with_an_ellipsis_or_runs_over_70_characters():
    for path in sorted((HERE / "dev").glob("*.txt")):
        for proposal in extract(path.read_text(encoding="utf-8")):
            assert len(proposal.title) <= 70 and "…" not in proposal.title, proposal.title
            assert proposal.title.count("“") == proposal.title.count("”"), proposal.title


def test_the_title_metric_is_token_f1_against_the_gold_title():
    assert title_f1("GM closes its Lordstown plant", "GM closes its Lordstown plant") == 1.0
    assert title_f1("The plant closes", "A plant closes") == 1.0  # articles do not count
    assert title_f1("GM closes its plant", "Workers weep outside") == 0.0
    half = title_f1("GM closes plant", "GM opens plant")  # two of three words either way
    assert abs(half - 2 / 3) < 1e-9


# --- An annal's bare year line (saxon-chronicle-715-727.txt, heldback/saxon-chronicle-…) ------

ANNALS = (
    "873.\n\nThis year the army went into Northumberland. Then the Mercians made peace.\n\n"
    "874.\n\nThis year the army went from Lindsey to Repton.\n\n"
    "876.\nThis year the army stole into Wareham.\n"
)


def test_a_run_of_bare_number_lines_over_entries_gives_each_entry_its_year():
    assert dates_of(ANNALS) == ["873", "873", "874", "876"]


def test_numbered_sections_and_a_lone_number_are_not_years():
    sections = "1.\n\nThe board met and chose a chair.\n\n2.\n\nThe chair set the agenda.\n"
    assert dates_of(sections) == []
    lone = "The count stood at\n\n873.\n\nThe board met and chose a chair.\n"
    assert dates_of(lone) == []


# --- A page's apparatus (wikipedia-optimistic-concurrency-control.md) ------------------------

REFERENCED = (
    "---\nsource: https://en.wikipedia.org/wiki/Example\nfetched: 2026-06-19\n---\n\n"
    "The method was first proposed in 1979 by two researchers.[1]\n\n"
    "## References\n\n"
    '1. Kung, H. T. (1981). "On Optimistic Methods". ACM. Archived from the original on '
    "August 31, 2019.\n"
    '2. "Conditional Writes". Retrieved 2 November 2020.\n\n'
    '## External links\n\n- Hollmann, Andreas (May 2009). "Multi-Isolation".\n\n'
    "## History\n\nThe method was taught widely from 1990 by many schools.\n"
)


def test_references_links_and_front_matter_hold_no_events():
    assert dates_of(REFERENCED) == ["1979", "1990"]  # a heading after them is the text again


# --- A page's furniture (semissourian-2002-ap-green-brick-plant.txt) -------------------------

TEASED = (
    "NewsFebruary 6, 2002\n\n"
    "MEXICO, Mo. -- A.P. Green said Tuesday it will close its plant effective March 31. "
    "Firebricks line furnaces used to make steel...\n\n"
    "The Associated Press\n\n"
    "MEXICO, Mo. -- A.P. Green said Tuesday it will close its plant effective March 31.\n\n"
    "Receive Daily Headlines FREESign up today!\n\n"
    "Firebricks line furnaces used to make steel.\n"
)


def test_a_teaser_printed_again_by_the_story_is_one_event_and_calls_to_the_reader_none():
    found = proposals(TEASED)
    assert [(p.kind, p.start.iso) for p in found] == [
        ("dateline", "2002-02-06"),  # a date glued to its label by the page's text
        ("stated", "2002-02-05"),  # "said Tuesday": the day before the Wednesday
        ("stated", "2002-03-31"),
    ]
    assert all(p.quote_start < TEASED.index("The Associated Press") for p in found)


# --- A year said once, in the lead (wikipedia-2008-ncaa-lacrosse-championship.txt) ---------

TOURNAMENT = (
    "This is a good article. Click here for more information.\n\n"
    "2008 NCAA Division I Men's Lacrosse Championship\n\n"
    "2008 NCAA Division I Men's\nLacrosse Championship\n\n"
    "The 2008 tournament was held from May 10 through May 26, 2008. This was the 38th annual "
    "tournament.\n\n"
    "The first round was played on May 10 and May 11 at the home field of the top seed.\n"
)


def test_a_leads_year_dates_year_less_days_sentences_later_and_the_title_is_no_event():
    assert dates_of(TOURNAMENT) == ["2008-05-10", "2008-05-10"]  # the title and its copy: none


# --- Titles, fourth round (saxon-chronicle-715-727.txt, flume-changelog.md, …) -------------


@pytest.mark.parametrize(
    ("sentence", "title"),
    [  # a name ending in -ed is no inverted verb; a passive main clause is no leading clause
        ("This year Wihtred King of Kent died on the 9th of the calends of May; he reigned.",
         "Wihtred King of Kent dies on the 9th of the calends of May"),
        ("This year Osred King of Northumberland was slain on the southern border, he had "
         "reigned 11 years after Ealdferth.",
         "Osred King of Northumberland is slain on the southern border"),
        ("[[1]](./x#cite_note-1) OCC was first proposed in 1979 by [H. T. Kung](./H._T._Kung)."
         "[[2]](./x#cite_note-2)", "OCC is first proposed in 1979 by H. T. Kung"),
    ],
)  # fmt: skip
def test_titles_keep_names_main_clauses_and_a_links_words(sentence, title):
    assert draft_title(sentence) == title


def test_a_title_does_not_end_on_the_word_that_led_to_its_date():
    text = "MEXICO, Mo. -- A.P. Green said Tuesday it will close its plant effective March 31.\n"
    titles = [p.title for p in proposals(text, "2002-02-06") if p.kind == "stated"]
    assert titles and not any(t.split()[-1] in ("effective", "on", "by") for t in titles), titles


def test_a_changelog_items_title_names_its_release_and_a_wire_storys_its_agency():
    changelog = (
        "# Change Log\n\n## [0.3.5] - 2015-08-21\n\n### Added\n"
        "- added documentation for `math` and `date` reducers\n\n### Fixed\n- Benchmark flag.\n"
    )
    assert [p.title for p in proposals(changelog)] == [
        "0.3.5 is released", "0.3.5 adds documentation for `math` and `date` reducers",
        "0.3.5: Benchmark flag",
    ]  # fmt: skip
    wire = "MADRID, March 5 - The bank raised its reserve requirement by one point.\n REUTER\n"
    assert proposals(wire, "1987-03-05")[0].title.startswith("Reuters publishes")


# --- Seasons and holidays said against a date (ap-2019-…, wikipedia-2008-ncaa-lacrosse-…) ---


def edtfs(text: str, published: str | None = None) -> list[str]:
    return [p.edtf or p.start.iso for p in proposals(text, published) if p.kind != "dateline"]


def test_a_season_said_against_the_publication_is_that_season():
    said = "The closings still must be negotiated with the union later this summer.\n"
    assert edtfs(said, "2019-03-06") == ["2019-22"]
    assert edtfs("GM hopes to reopen the plant next spring.\n", "2019-03-06") == ["2020-21"]
    assert edtfs("The plant closed last winter after a long strike.\n", "2019-03-06") == ["2018-24"]


def test_a_holiday_is_its_day_in_the_year_around_it_and_its_weekend_its_month():
    assert edtfs("The team won the title on Memorial Day in 2008 at Foxborough.\n") == [
        "2008-05-26"
    ]
    assert edtfs("The finals were held on Memorial Day weekend in 2008 at the stadium.\n") == [
        "2008-05"
    ]
    assert edtfs("The store opened on Thanksgiving Day in 2021 for the first time.\n") == [
        "2021-11-25"
    ]


def test_a_century_or_decade_heading_is_no_event():
    text = (
        "History of the network\n\n20th century\n\n"
        "The network launched on January 1, 1995 as a cable channel.\n\n1490s:\n\n"
        "The navigator reached the islands of the Caribbean on 12 October 1492.\n"
    )
    assert dates_of(text) == ["1995-01-01", "1492-10-12"]


# --- The third round's texts held to their targets ------------------------------------------

THIRD_ROUND = {
    "ap-2019-lordstown-last-car.txt", "epochtimes-2019-lordstown-last-day.txt",
    "anglo-saxon-chronicle-879-884.txt", "keep-a-changelog.md",
    "wikinews-2007-ncaa-championship-week.txt", "southland-2007-tournament.txt",
    "ljworld-2007-notable-fourths.txt", "okielegacy-1912-sane-fourth.txt",
    "timelines-ws-1476-1499.txt", "history-channel-wikipedia.txt", "seriesweep-2007-last-week.txt",
}  # fmt: skip


FOURTH_ROUND = {
    "saxon-chronicle-715-727.txt", "semissourian-2002-ap-green-brick-plant.txt",
    "flume-changelog.md", "wikipedia-2008-ncaa-lacrosse-championship.txt",
    "wikipedia-optimistic-concurrency-control.md",
}  # fmt: skip


def test_the_fourth_rounds_texts_meet_their_targets():
    """The five texts the fourth round added (tests/extract/dev/README.md): mean F1 at least
    0.9, none below 0.85 (they scored 0.39 on average, lowest 0.00, before the round)."""
    scores = {row.name: round(row.score.f1, 2) for row in evaluate_folder(HERE / "dev")}
    fourth = [scores[name] for name in FOURTH_ROUND]
    assert sum(fourth) / len(fourth) >= 0.9, scores
    assert min(fourth) >= 0.85, scores


def test_the_whole_development_set_meets_the_issues_targets():
    """Mean F1 at least 0.85 and none below 0.6 over every text of tests/extract/dev/ (the
    issue's goals for unseen texts, held here on the seen ones), the third round's at least
    0.8 on average, and every title a headline in length."""
    rows = evaluate_folder(HERE / "dev")
    scores = {row.name: round(row.score.f1, 2) for row in rows}
    assert set(scores) >= THIRD_ROUND
    assert sum(scores.values()) / len(scores) >= 0.85, scores
    assert min(scores.values()) >= 0.6, scores
    third = [scores[name] for name in THIRD_ROUND]
    assert sum(third) / len(third) >= 0.8, scores
    assert "headline length 100%" in table(rows)


# --- Tense said by the clause a date stands in (a journalist's trial: a Farms.com story) -----


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # The quote's signing is to come; the tweet that says so is past: last year's Dec. 31.
        ('"I will be signing the Phase One deal on January 15," he tweeted on Dec. 31.',
         ["2020-01-15", "2019-12-31"]),
        ("“I will be signing the Phase One deal on January 15,” he tweeted on Dec. 31.",
         ["2020-01-15", "2019-12-31"]),
        # Outside any quote, one future word still keeps the whole sentence this year's.
        ("He tweeted on Dec. 31 that he will sign on January 15.", ["2020-12-31", "2020-01-15"]),
    ],
)  # fmt: skip
def test_a_date_s_tense_is_its_own_clause_s_not_its_quote_s(sentence, expected):
    text = f"Trump announces signing date for deal with China\n\n{sentence}\n"
    said = [start for start, quote in dated(text, "2020-01-02") if quote == sentence]
    assert said == expected


@pytest.mark.parametrize(
    ("sentence", "title"),
    [
        ("The two countries will put pen to paper on January 15.",
         "The two countries will put pen to paper on January 15"),
        ("The leaders agreed to meet again on March 3.",
         "The leaders agree to meet again on March 3"),
        ("Sales exceeded forecasts in May 2019.", "Sales exceed forecasts in May 2019"),
    ],
)  # fmt: skip
def test_a_title_leaves_a_verb_after_will_or_to_as_it_is(sentence, title):
    assert draft_title(sentence) == title
