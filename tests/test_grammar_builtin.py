"""Every built-in grammar rule, with its exceptions (the words in data/grammar.yml)."""
from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from unspin.grammar import builtin
from unspin.grammar.builtin import (A_AN, REPEATED, SENTENCE_START, STRAY_CAPITAL, BuiltinChecker, a_an,
                                    agreement_fix, number_of, repeated_words, sentence_starts, stray_capitals)


def fixes(issues):
    return [(i.text, i.suggestion) for i in issues]


@pytest.mark.parametrize("text, expected", [
    ("It is a example.", [("a", "an")]),
    ("It takes an minute.", [("an", "a")]),
    ("A Innovative approach.", [("A", "An")]),
    ("Wait an hour, be an honest seller.", []),
    ("A each day routine, an every week plan.", []),  # no article fits: spun "daily", "weekly"
    ("She went to a university for a one-time course in a European city.", []),
    ("We ran an MRI, an SEO audit and an HR review.", []),
    ("We ran a MRI and a SEO audit.", [("a", "an"), ("a", "an")]),
    ("It was a NASA project and a useful one.", []),
    ("Take vitamin A every day; type A people rush.", []),
    ("It was an historic day.", []),
    ("We trained a U-Net, wore a T-shirt and made a U-turn.", []),   # a letter before a hyphen
    ("It was an U-Net and a X-ray.", [("an", "a"), ("a", "an")]),
    ("Paste a URL into an HTML page.", []),                          # read letter by letter
    ("A HELOC and a REIT are read as words; an HOA and an FHA loan letter by letter.", []),
    ("Raise money with a SAFE, open a SEP IRA, build a RAID array, study a STEM subject.", []),  # read as words
    ("It is an mRNA vaccine sold as an npm package.", []),  # initialisms in lower case, read letter by letter
    ("Get a HbA1c test.", [("a", "an")]),                     # a code with a digit: read letter by letter
    # "un-" before "i" is a vowel sound; "uni-" words are read "you-"
    ("Heat leaks from an uninsulated loft; an unidentified caller left an unimportant note.", []),
    ("It was a uninsulated loft but a unique and a unidirectional design.", [("a", "an")]),
    ("A using hat, a usage note, a utensil, a utopia; an usher and an utter mess.", []),  # "you-" sounds
    ("It is rich in nutrient A and fibre; grade A is best; plan A or plan B.", []),  # a letter, not an article
])
def test_a_an(text, expected):
    assert fixes(a_an(text)) == expected
    assert all(i.rule == A_AN for i in a_an(text))


@pytest.mark.parametrize("text, expected", [
    ("Put the the cream on.", [("the the", "the")]),
    ("It It works.", [("It It", "It")]),
    ("She had had enough; that that is true.", []),
    ("Bye bye, so so tired, very very good.", []),
    ("The value S S of the formula.", []),
    ("the\nthe", []),
])
def test_repeated_words(text, expected):
    assert fixes(repeated_words(text)) == expected
    assert all(i.rule == REPEATED for i in repeated_words(text))


@pytest.mark.parametrize("text, expected", [
    ("It works. then it stops.", [("then", "Then")]),
    ("Is it? yes it is! no doubt.", [("yes", "Yes"), ("no", "No")]),
    ("Use oils, e.g. argan oil, etc. and more.", []),
    ("It costs approx. ten dollars. J. smith agrees.", []),
    ("Buy it... then wait.", []),
    ("Get one. iPhone users know. eBay too.", []),
    ("1. apples\n2. pears", []),
    ('He asked "why?" then left.', []),
    ("See the paper. doi: 10.1000/1", []),
])
def test_sentence_starts(text, expected):
    assert fixes(sentence_starts(text)) == expected
    assert all(i.rule == SENTENCE_START for i in sentence_starts(text))


@pytest.mark.parametrize("text, content, expected", [
    ("It delivers A variety of benefits.", False, [("A", "a")]),
    ("It works For most people.", False, [("For", "for")]),
    ("Then use Mild, hydrating products.", True, [("Mild", "mild")]),
    ("Then use Mild, hydrating products.", False, []),             # content words need spin evidence
    # after a capitalised first word, a capitalised content word mostly starts a term on real
    # pages; the price: a spinner's capital right after a sentence's first word goes unflagged
    ("Deep Learning, a subset of it, needs data.", True, []),
    ("Quantitative Research utilizes numbers.", True, []),
    ("During Testing, the model is scored.", True, []),
    ("Use Mild, hydrating products.", True, []),
    ("It boosts Total garden health.", True, [("Total", "total")]),
    # after a comma a capitalised content word mostly opens a clause with a name or a product
    ("For dry skin, Hazelnut oil is a good choice.", True, []),
    ("It works well, For most people.", True, [("For", "for")]),   # a function word is still a stray
    ("Data ran from May to July.", True, []),                       # month names
    ("We met in the New York office.", True, []),                   # a name: Title Case run
    ("An Overview of Heart Disease\nText.", True, []),              # a title
    ("Delicate Cleaning and Exfoliation are key.", True, []),
    ("Take vitamin A daily.", True, []),
    ("Apply Minoxidil twice a day.", True, []),                     # not a common English word
    ("We use Windows at work.", True, []),                          # name_words
    ("Teams chat in tools like Slack and keep notes in Notion daily.", True, []),  # products named with a word
    ("Our blog ranks on Google within a week.", True, []),           # a search engine that is a verb too
    ("Will roads be closed? Mill Lane will be shut all day.", True, []),            # a street name
    ("It is very important Explains the guide.", True, []),         # a run-in list item
    ("Our Brand works well and Brand again is fine.", True, []),    # repeated capital: a name
    ("We report the Dice coefficient per image.", True, []),        # an eponym before its noun
    ("It boosts Total garden health and the Dice coefficient.", True, [("Total", "total")]),
    # a Title Case heading with a spinner's lower-case words in it keeps its capitals
    ("Costs to Look ahead to\nText.", True, []),
    ("# Reasons to Take into account a Loan\nText.", True, []),
    ("Benefits of Getting ready for a Job Interview the Right way\nText.", True, []),
    # ... but a line that is a sentence, or mostly lower case, is checked
    ("Costs to Look ahead to.", True, [("Look", "look")]),
    ("How to choose a Good mattress for your back\nText.", True, [("Good", "good")]),
])
def test_stray_capitals(text, content, expected):
    found = stray_capitals(text, content=content)
    assert fixes(found) == expected
    assert all(i.rule == STRAY_CAPITAL and text[i.start:i.end] == i.text for i in found)


def test_checker_runs_every_rule_in_offset_order():
    text = "It is a example. then the the end For now."
    issues = BuiltinChecker().check(text)
    assert [i.rule for i in issues] == [A_AN, SENTENCE_START, REPEATED, STRAY_CAPITAL]
    assert all(text[i.start:i.end] == i.text for i in issues)
    assert BuiltinChecker().check_texts([text, ""]) == [issues, []]


@pytest.mark.parametrize("phrase, number", [
    ("pores and skin", "pl"), ("skin", "sg"), ("fine lines", "pl"), ("crow's feet", "pl"),
    ("coronary heart", "sg"), ("stress", "sg"), ("news", "sg"), ("people", "pl"), ("42", None),
])
def test_number_of(phrase, number):
    assert number_of(phrase) == number


@pytest.mark.parametrize("text, span, old, new, expected", [
    ("Your pores and skin are dry.", (5, 19), "pores and skin", "skin", (20, 23, "is")),
    ("Your pores and skin weren’t dry.", (5, 19), "pores and skin", "skin", (20, 27, "wasn’t")),
    ("These pores and skin need care.", (6, 20), "pores and skin", "skin", (0, 5, "This")),
    ("Creams for pores and skin are costly.", (11, 25), "pores and skin", "skin", None),
    # a determiner between the preposition and the phrase: still not the subject
    ("Spots across your imaginative and prescient are signs.", (18, 43), "imaginative and prescient", "vision",
     None),
    ("In winter the pores and skin are dry.", (14, 28), "pores and skin", "skin", (29, 32, "is")),
    ("Your skin is dry.", (5, 9), "skin", "pores", (10, 12, "are")),
    ("It has a wrinkle now.", (9, 16), "wrinkle", "fine lines", (7, 9, "")),
    ("Your pores and skin is dry.", (5, 19), "pores and skin", "skin", None),   # already agrees with the fix
    ("The fine strains are deep.", (4, 16), "fine strains", "fine lines", None),  # same number
])
def test_agreement_fix(text, span, old, new, expected):
    assert text[span[0]:span[1]] == old
    assert agreement_fix(text, span[0], span[1], old, new) == expected


# the definition prev_word walks backwards to (a regex search retried at every start);
# \Z, not $: "$" also matches before a final line break, and a word on the line before
# is not the word before
_PREV_WORD = re.compile(r"([A-Za-z][\w'’\-]*)(,?)[ \t]+\Z")


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(["a", "Z", "é", "9", "_", "'", "’", "-", ",", " ", "\t", "\n", ".", "x-ray", "Use"]),
                max_size=50).map("".join), st.integers(0, 60))
@example("a \n", 3)  # a line break right before: no word (hypothesis found it once)
@example("vitamin, ", 9)
def test_prev_word_finds_what_the_regex_finds(text, pos):
    pos = min(pos, len(text))
    m = _PREV_WORD.search(text[max(0, pos - 40):pos])
    want = None if m is None else (m.group(1), m.group(2), max(0, pos - 40) + m.start(1))
    assert builtin.prev_word(text, pos) == want


@given(st.text(alphabet=" .\n!?\"')x\t”’", max_size=300), st.integers(0, 300), st.integers(0, 6))
@settings(max_examples=400, deadline=None)
def test_sentence_bounds_agrees_with_a_scan_of_the_whole_reach(text, start, width):
    """The near-window shortcut must find the same break as scanning all 400 characters."""
    from unspin.grammar import base

    start = min(start, len(text))
    end = min(len(text), start + width)
    s0 = max(0, start - 400)
    for m in base._BREAK.finditer(text, s0, start):
        s0 = m.end()
    assert base.sentence_bounds(text, start, end)[0] == s0
