"""The LanguageTool backend through language-tool-python: remote URL, local server, off,
and clean degradation (unreachable, slow, malformed) to the built-in checks with one warning."""
from __future__ import annotations

import os
import socket
import stat
import sys
from pathlib import Path

import pytest

from unspin import Unspinner
from unspin.grammar import BuiltinChecker, LanguageToolChecker, checker, resolve_mode
from unspin.grammar import languagetool as ltmod

from test_grammar_fakelt import FakeLanguageTool

# the shared two-entry list and the entries these tests add
LIST = (Path(__file__).parent / "data" / "two-entry-list.yml").read_text(encoding="utf-8") + """\
- spun: tasty fruit
  fix: apple
  pos: noun
  examples: [Eat a tasty fruit.]
- spun: polish up
  fix: frobnicate
  examples: [Polish up the text.]
"""


@pytest.fixture()
def engine(tmp_path):
    p = tmp_path / "list.yml"
    p.write_text(LIST, encoding="utf-8")
    return Unspinner(builtin=False, wordlists=[p])


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _lt(url, **kw):
    warnings: list[str] = []
    kw.setdefault("timeout", 2.0)
    return LanguageToolChecker(url, warn=warnings.append, **kw), warnings


# ------------------------------------------------------------------ remote URL

def test_remote_matches_become_issues_with_offsets_per_passage():
    with FakeLanguageTool() as fake:
        chk, warnings = _lt(fake.url)
        first, second = chk.check_texts(["Nothing here.", "It was a easy one."])
    assert warnings == [] and chk.active
    assert first == []
    (issue,) = second
    assert (issue.start, issue.end, issue.text, issue.suggestion) == (7, 8, "a", "an")
    assert issue.rule == "languagetool/EN_A_VS_AN" and issue.category == "articles" and issue.source == "languagetool"
    # one request for the whole batch, with the configured categories and style rules off
    (params,) = [p for path, p in fake.requests if path == "/v2/check"]
    assert params["enabledOnly"] == "true" and params["language"] == "en-US"
    assert set(params["enabledCategories"].split(",")) == {"GRAMMAR", "TYPOS"}
    assert "EN_A_VS_AN" in params["enabledRules"].split(",")
    assert "STYLE" not in params["enabledCategories"]


def test_url_with_v2_suffix_and_trailing_slash_work():
    with FakeLanguageTool() as fake:
        for url in (fake.url + "/", fake.url + "/v2", fake.url + "/v2/"):
            chk, warnings = _lt(url)
            assert chk.check_texts(["It was a easy one."])[0][0].suggestion == "an", url
            assert warnings == []


def test_categories_are_configurable():
    with FakeLanguageTool() as fake:
        chk, _ = _lt(fake.url, categories=["style"])
        (issues,) = chk.check_texts(["A very odd apple."])
        (params,) = [p for path, p in fake.requests if path == "/v2/check"]
    assert [i.rule for i in issues] == ["languagetool/FAKE_STYLE"]
    assert "STYLE" in params["enabledCategories"].split(",")
    with pytest.raises(ValueError, match="unknown LanguageTool category 'nonsense'"):
        LanguageToolChecker("http://127.0.0.1:1", categories=["nonsense"])


def test_repair_with_languagetool_sends_only_sentences_around_findings(engine):
    text = ("The first sentence is plain and long enough. Wash dry pores and skin daily. "
            "Another plain sentence follows here. The pores and skin often look tired. A last one.")
    with FakeLanguageTool() as fake:
        engine.grammar, warnings = _lt(fake.url)
        rep = engine.repair(text)
        sent = fake.checked_texts
    assert warnings == []
    assert rep.text == ("The first sentence is plain and long enough. Wash dry skin daily. "
                        "Another plain sentence follows here. The skin often looks tired. A last one.")
    assert len(sent) == 1  # one batch
    assert "plain and long" not in sent[0] and "Another plain" not in sent[0] and "A last one" not in sent[0]
    assert "Wash dry pores and skin daily." in sent[0] and "The skin often look tired." in sent[0]
    # the agreement fix LanguageTool asked for is part of the same change
    (change,) = [c for c in rep.changes if "look" in c.old]
    assert (change.old, change.new) == ("pores and skin often look", "skin often looks")


def test_repair_with_an_unfixable_languagetool_error_is_held_back(engine):
    text = "Please polish up the text. Pay with a bank card, and dry pores and skin."
    with FakeLanguageTool() as fake:
        engine.grammar, warnings = _lt(fake.url)
        rep = engine.repair(text)
    assert warnings == []
    assert rep.text == "Please polish up the text. Pay with a credit card, and dry skin."
    (held,) = [f for f in rep.held_back if f.text == "polish up"]
    assert held.applicability == "display-only" and "grammar error" in held.reason


# ------------------------------------------------------------------ degradation

def _degrades(chk, warnings, texts=("It was a easy one.",)):
    results = chk.check_texts(list(texts))
    again = chk.check_texts(list(texts))
    assert not chk.active
    assert len(warnings) == 1, warnings  # one warning, however many calls
    assert "using the built-in grammar checks" in warnings[0] and "\n" not in warnings[0]
    builtin = BuiltinChecker().check_texts(list(texts))
    assert results == builtin and again == builtin
    return warnings[0]


def test_unreachable_server_degrades_with_one_warning():
    chk, warnings = _lt(f"http://127.0.0.1:{_closed_port()}")
    assert "connection refused" in _degrades(chk, warnings)


def test_slow_server_times_out_and_degrades():
    with FakeLanguageTool("slow", delay=3.0) as fake:
        chk, warnings = _lt(fake.url, timeout=0.5)
        assert "no answer in time" in _degrades(chk, warnings)


@pytest.mark.parametrize("mode", ["garbage", "wrong-shape", "down-check"])
def test_malformed_answers_degrade(mode):
    with FakeLanguageTool(mode) as fake:
        chk, warnings = _lt(fake.url)
        message = _degrades(chk, warnings)
    assert fake.url in message


def test_engine_repair_survives_a_dead_server(engine):
    chk, warnings = _lt(f"http://127.0.0.1:{_closed_port()}")
    engine.grammar = chk
    assert engine.repair("An pores and skin routine.").text == "A skin routine."
    assert len(warnings) == 1


def test_default_warning_is_a_python_warning():
    from unspin.grammar import GrammarWarning

    chk = LanguageToolChecker(f"http://127.0.0.1:{_closed_port()}", timeout=1.0)
    with pytest.warns(GrammarWarning, match="built-in grammar checks"):
        chk.check_texts(["It is a example."])


# ------------------------------------------------------------------ local server

@pytest.fixture()
def fake_java(tmp_path, monkeypatch):
    """A LanguageTool folder with a jar, and a 'java' on PATH that serves the fake API."""
    jar_dir = tmp_path / "LanguageTool-6.4"
    jar_dir.mkdir()
    (jar_dir / "languagetool-server.jar").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    java = bin_dir / "java"
    helper = Path(__file__).with_name("test_grammar_fakelt.py")
    java.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{helper}" "$@"\n', encoding="utf-8")
    java.chmod(java.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    yield jar_dir
    ltmod.stop_local_servers()


def test_local_server_from_jar_folder_is_started_once_and_reused(fake_java, monkeypatch):
    monkeypatch.setenv("LTP_JAR_DIR_PATH", str(fake_java))
    chk, warnings = _lt("local")
    assert chk.check_texts(["It was a easy one."])[0][0].suggestion == "an"
    (proc, url, _pid) = ltmod._SERVERS[str(fake_java / "languagetool-server.jar")]
    other, _ = _lt("local")
    assert other.check_texts(["An other a apple."])[0][0].text == "a"
    assert ltmod._SERVERS[str(fake_java / "languagetool-server.jar")][0] is proc  # reused, not restarted
    assert warnings == []
    ltmod.stop_local_servers()
    assert proc.poll() is not None  # stopped


def test_local_server_found_in_language_tool_python_download_folder(fake_java, monkeypatch):
    monkeypatch.delenv("LTP_JAR_DIR_PATH", raising=False)
    monkeypatch.setenv("LTP_PATH", str(fake_java.parent))
    jar, where = ltmod.find_jar()
    assert jar == fake_java / "languagetool-server.jar" and "LTP_PATH" in where
    chk, warnings = _lt("local")
    assert chk.check_texts(["It was a easy one."])[0][0].rule == "languagetool/EN_A_VS_AN" and not warnings


def test_jar_folder_given_directly(fake_java):
    chk, warnings = _lt(str(fake_java))
    assert chk.check_texts(["It was a easy one."])[0][0].suggestion == "an" and not warnings


def test_local_without_languagetool_degrades_and_never_downloads(tmp_path, monkeypatch):
    monkeypatch.delenv("LTP_JAR_DIR_PATH", raising=False)
    monkeypatch.setenv("LTP_PATH", str(tmp_path / "empty"))
    chk, warnings = _lt("local")
    message = _degrades(chk, warnings)
    assert "no LanguageTool-* folder" in message and "does not download" in message
    assert not (tmp_path / "empty").exists()


def test_local_server_that_exits_degrades(tmp_path, monkeypatch):
    jar_dir = tmp_path / "lt"
    jar_dir.mkdir()
    (jar_dir / "languagetool.jar").write_bytes(b"")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    java = bin_dir / "java"
    java.write_text("#!/bin/sh\nexit 3\n", encoding="utf-8")
    java.chmod(java.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    chk, warnings = _lt(str(jar_dir))
    assert "exited with status 3" in _degrades(chk, warnings)


# ------------------------------------------------------------------ off and selection

def test_off_is_the_builtin_checker(monkeypatch):
    monkeypatch.delenv("UNSPIN_LANGUAGETOOL_URL", raising=False)
    assert resolve_mode() == ("off", "default")
    assert isinstance(checker("off"), BuiltinChecker)


def test_mode_precedence(monkeypatch):
    monkeypatch.setenv("UNSPIN_LANGUAGETOOL_URL", "http://lt.example:8081")
    assert resolve_mode("off", "local") == ("off", "--languagetool")
    assert resolve_mode(None, "local") == ("http://lt.example:8081", "UNSPIN_LANGUAGETOOL_URL")
    monkeypatch.delenv("UNSPIN_LANGUAGETOOL_URL")
    assert resolve_mode(None, "local", "x.toml") == ("local", "x.toml")
    with pytest.raises(ValueError, match="not 'ftp://x'"):
        resolve_mode("ftp://x")


# ------------------------------------------------------------------ a real LanguageTool

def _real_server() -> str | None:
    url = os.environ.get("UNSPIN_LANGUAGETOOL_URL")
    if url:
        return url
    jar, _ = ltmod.find_jar()
    return "local" if jar is not None and ltmod.find_java() else None


@pytest.mark.skipif(_real_server() is None,
                    reason="no real LanguageTool: set UNSPIN_LANGUAGETOOL_URL to a server, or install one where "
                           "language-tool-python finds it (LTP_PATH, LTP_JAR_DIR_PATH)")
def test_real_languagetool_finds_a_vs_an_and_helps_repairs(engine):
    chk, warnings = _lt(_real_server(), timeout=30.0)
    (issues,) = chk.check_texts(["This is a example of a sentence."])
    assert not warnings, warnings
    assert any(i.rule == "languagetool/EN_A_VS_AN" and i.suggestion == "an" for i in issues)
    engine.grammar = chk
    assert engine.repair("She has an bank card.").text == "She has a credit card."
