"""unspin suggest: discovery of unlisted spun phrases, on texts and lists written here."""
import subprocess
import sys

import yaml

from unspin import Unspinner
from unspin.lists import load_user_list
from unspin.suggest import suggest, to_yaml

TEXT = ("Our team mines huge facts every day. Teams that mine huge facts grow.\n"
        "Then use Mild, hydrating products. A mild soap is fine. Ask Mary about it.\n")


def make_lists(tmp_path):
    root = tmp_path / "lists"
    (root / "substitutions").mkdir(parents=True)
    (root / "t.yml").write_text("domain: t\nentries: []\nterms: [big data analytics, bed and breakfast]\n")
    (root / "substitutions" / "s.yml").write_text(
        "substitutions:\n- {word: big, pos: adj, spun: [huge]}\n- {word: data, pos: noun, spun: [facts]}\n"
        "- {word: bed, pos: noun, spun: [mattress]}\n")
    return root


def test_reverse_substitution_and_stray_capital(tmp_path):
    eng = Unspinner(builtin=False, wordlists=[make_lists(tmp_path)])
    found = {s.phrase: s for s in suggest(eng, [("a.txt", TEXT), ("b.txt", "We like huge facts.")])}
    assert found["huge facts"].fix == "big data" and found["huge facts"].count == 3
    assert found["huge facts"].files == {"a.txt", "b.txt"}
    assert found["Mild"].signal == "stray-capital"
    assert "Mary" not in found  # never written in lower case: a name, not a swap
    assert "Teams" not in found  # sentence start


def test_reverse_substitution_needs_a_whole_term_or_a_run_of_content_words(tmp_path):
    eng = Unspinner(builtin=False, wordlists=[make_lists(tmp_path)])
    text = "Buy a mattress and a pillow. Teams mine huge facts."
    found = {s.phrase: s for s in suggest(eng, [("a.txt", text)])}
    assert "mattress and" not in found  # "bed and" is part of a term, but ends in a function word
    assert found["huge facts"].fix == "big data"  # a run of content words inside a term still counts


def test_article_mismatch_names_the_swapped_word(tmp_path):
    eng = Unspinner(builtin=False, wordlists=[make_lists(tmp_path)])
    text = "Skin care is a adventure, and an viewers notices. Eat an apple, not a egg. Wait an hour."
    found = {s.phrase: s for s in suggest(eng, [("a.txt", text), ("b.txt", "It was a adventure.")])}
    adventure = found["adventure"]
    assert adventure.signal == "article-mismatch" and adventure.fix is None and adventure.count == 2
    assert "viewers" in found and "egg" in found
    assert "apple" not in found and "hour" not in found  # the article fits
    out = to_yaml(suggest(eng, [("a.txt", text)]))
    assert "# Words after an article that does not fit them" in out and "'adventure' x1" in out
    assert load_user_list(_write(tmp_path / "s.yml", out)).entries == []  # no fix: comments only


def _write(path, text):
    path.write_text(text)
    return path


def test_yaml_output_is_a_valid_user_list(tmp_path):
    lists = make_lists(tmp_path)
    eng = Unspinner(builtin=False, wordlists=[lists])
    out = tmp_path / "suggested.yml"
    out.write_text(to_yaml(suggest(eng, [("a.txt", TEXT)])))
    loaded = load_user_list(out)
    assert [e.spun[0] for e in loaded.entries] == ["huge facts"]
    assert yaml.safe_load(out.read_text())["domain"] == "suggested"
    # the suggested list, loaded back, finds the phrase
    eng2 = Unspinner(builtin=False, wordlists=[lists, out])
    assert [f.suggestion for f in eng2.detect("They sell huge facts.")] == ["big data"]


def test_cli_suggest(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(TEXT)
    r = subprocess.run([sys.executable, "-m", "unspin", "suggest", "--no-builtin", "--wordlist",
                        str(make_lists(tmp_path)), str(f)], capture_output=True, text=True)
    assert r.returncode == 0
    assert "'huge facts' -> 'big data'" in r.stdout
    r = subprocess.run([sys.executable, "-m", "unspin", "suggest", str(tmp_path / "missing.txt")],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "no such file" in r.stderr
