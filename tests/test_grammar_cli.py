"""The grammar layer on the command line: check --grammar, clean --languagetool, unspin doctor."""
from __future__ import annotations

import json
from pathlib import Path
import os
import socket
import subprocess
import sys

import pytest

from test_grammar_fakelt import FakeLanguageTool

LIST = (Path(__file__).parent / "data" / "two-entry-list.yml").read_text(encoding="utf-8")
TEXT = "Your pores and skin are dry. Pay with a bank card. the the end is near. It was a calm day.\n"


def run(*args, cwd, env=None):
    e = dict(os.environ)
    e.pop("UNSPIN_LANGUAGETOOL_URL", None)
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "unspin", *args], capture_output=True, text=True, cwd=cwd, env=e,
                          timeout=120)


@pytest.fixture()
def work(tmp_path):
    (tmp_path / "list.yml").write_text(LIST, encoding="utf-8")
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    return tmp_path


LISTARGS = ("--no-builtin", "--wordlist", "list.yml")


def test_check_grammar_adds_grammar_findings(work):
    plain = run("check", "--format", "json", *LISTARGS, "a.txt", cwd=work)
    res = run("check", "--grammar", "--format", "json", *LISTARGS, "a.txt", cwd=work)
    assert plain.returncode == res.returncode == 1, res.stderr
    before = json.loads(plain.stdout)["files"][0]["findings"]
    after = json.loads(res.stdout)["files"][0]["findings"]
    assert all(f["kind"] != "grammar" for f in before)
    grammar = [(f["rule"], f["text"], f["suggestion"]) for f in after if f["kind"] == "grammar"]
    assert ("grammar/sentence-start", "the", "The") in grammar
    assert ("grammar/repeated-word", "the the", "the") not in grammar  # overlaps the sentence-start finding
    for f in after:
        assert TEXT[f["start"]:f["end"]] == f["text"]
    # the repair's own agreement fix is in the spin finding
    assert any(f["text"] == "pores and skin are" and f["suggestion"] == "skin is" for f in after)


def test_check_grammar_from_configuration(work):
    (work / ".unspin.toml").write_text("grammar = true\n", encoding="utf-8")
    res = run("check", "--format", "json", *LISTARGS, "a.txt", cwd=work)
    assert any(f["kind"] == "grammar" for f in json.loads(res.stdout)["files"][0]["findings"])


def test_check_grammar_with_languagetool_sends_sentences_around_findings(work):
    with FakeLanguageTool() as fake:
        res = run("check", "--grammar", "--languagetool", fake.url, "--format", "json", *LISTARGS, "a.txt", cwd=work)
        sent = fake.checked_texts
    assert res.returncode == 1 and "warning" not in res.stderr, res.stderr
    assert len(sent) == 1 and "bank card" in sent[0] and "calm day" not in sent[0]


def test_clean_uses_languagetool_from_environment(work):
    with FakeLanguageTool() as fake:
        res = run("clean", *LISTARGS, "a.txt", cwd=work, env={"UNSPIN_LANGUAGETOOL_URL": fake.url})
        assert fake.checked_texts, "LanguageTool was not asked"
    assert res.returncode == 0 and "warning" not in res.stderr
    assert res.stdout.startswith("Your skin is dry. Pay with a credit card.")


def test_clean_with_unreachable_languagetool_warns_once_and_still_repairs(work):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    res = run("clean", "--languagetool", f"http://127.0.0.1:{port}", *LISTARGS, "a.txt", cwd=work)
    assert res.returncode == 0
    assert res.stdout.startswith("Your skin is dry. Pay with a credit card.")
    warnings = [line for line in res.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "built-in grammar checks" in warnings[0]
    assert "Traceback" not in res.stderr


@pytest.mark.parametrize("cmd", ["check", "clean"])
def test_bad_languagetool_value_is_a_usage_error(work, cmd):
    res = run(cmd, "--languagetool", "sometimes", "a.txt", cwd=work)
    assert res.returncode == 2 and "--languagetool" in res.stderr and "Traceback" not in res.stderr


def test_bad_languagetool_in_configuration_names_the_file(work):
    (work / ".unspin.toml").write_text('languagetool = "maybe"\n', encoding="utf-8")
    res = run("check", "--grammar", "a.txt", cwd=work)
    assert res.returncode == 2 and ".unspin.toml" in res.stderr and "Traceback" not in res.stderr


def test_grammar_with_jsonl_is_refused(work):
    (work / "a.jsonl").write_text('{"text": "x"}\n', encoding="utf-8")
    res = run("check", "--grammar", "--jsonl", "a.jsonl", cwd=work)
    assert res.returncode == 2 and "--grammar" in res.stderr


def test_doctor_reports_backends(work):
    res = run("doctor", cwd=work, env={"LTP_PATH": str(work / "nothing")})
    assert res.returncode == 0, res.stderr
    assert "built-in grammar checks" in res.stdout and "local LanguageTool" in res.stdout
    assert "off from default" in res.stdout


def test_doctor_json_and_unusable_selection(work):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    res = run("doctor", "--format", "json", "--languagetool", f"http://127.0.0.1:{port}", cwd=work)
    assert res.returncode == 1
    report = json.loads(res.stdout)
    assert report["ok"] is False
    server = next(c for c in report["checks"] if c["name"] == "LanguageTool server")
    assert server["ok"] is False and "connection refused" in server["detail"]


def test_doctor_with_a_working_server(work):
    with FakeLanguageTool() as fake:
        res = run("doctor", "--languagetool", fake.url, cwd=work)
    assert res.returncode == 0, res.stdout
    assert "English included" in res.stdout
