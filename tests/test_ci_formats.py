"""Report formats for CI, each checked against its spec.

SARIF is validated against the OASIS SARIF 2.1.0 JSON schema shipped in
tests/ci_schemas; GitHub workflow commands are parsed back; rdjson is parsed and its
UTF-8 byte columns and suggestions are checked by applying them to the file.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import click
import jsonschema
import pytest

from unspin import Unspinner
from unspin.formats import github, rdjson, sarif, text
from unspin.report import FileResult, to_json, to_text

SCHEMA = json.loads((Path(__file__).parent / "ci_schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))

LIST = """\
domain: cifmt
entries:
- spun: pores and skin
  fix: skin
  pos: noun
  examples: [Rub the cream into dry pores and skin.]
- spun: coronary heart
  fix: heart
  pos: noun
  examples: [Exercise keeps the coronary heart strong.]
- spun: scale back
  fix: reduce
  kind: awkward
  examples: [We scale back sugar at night.]
- spun: wonderful strains
  fix: null
  examples: [Wonderful strains appear with age.]
"""

SPUN = ("Café notes: rub this into dry pores and skin 😀 every night.\n"
        "Your coronary heart will thank you, and we scale back the salt.\n"
        "Wonderful strains fade; the pores\nand skin looks rested.\n")
CLEAN = "A plain note about breakfast and a walk in the park.\n"


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> Unspinner:
    p = tmp_path_factory.mktemp("cifmt") / "cifmt.yml"
    p.write_text(LIST, encoding="utf-8")
    return Unspinner(builtin=False, wordlists=[p])


def result(engine, path, text):
    findings = engine.detect(text)
    return FileResult(path, text, findings, engine.score(text, findings))


@pytest.fixture()
def results(engine):
    return [result(engine, "content/post one.md", SPUN), result(engine, "content/clean.md", CLEAN)]


def test_fixture_has_every_kind_of_finding(results):
    fs = results[0].findings
    assert {f.rule for f in fs} == {"cifmt/pores-and-skin", "cifmt/coronary-heart", "cifmt/scale-back",
                                    "cifmt/wonderful-strains"}
    assert {f.kind for f in fs} == {"tortured", "awkward"}
    assert any(f.suggestion is None for f in fs)
    assert any("\n" in f.text for f in fs)  # a finding across a line break
    assert results[1].findings == []


# ---------------------------------------------------------------- SARIF

def _offset(text: str, line: int, col: int) -> int:
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    return starts[line - 1] + col - 1


def test_sarif_validates_against_the_2_1_0_schema(results):
    log = json.loads(sarif(results, errors=[("missing.md", "missing.md: no such file")]))
    jsonschema.validate(log, SCHEMA, cls=jsonschema.Draft7Validator)
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["invocations"][0]["executionSuccessful"] is False
    note = run["invocations"][0]["toolExecutionNotifications"][0]
    assert note["message"]["text"] == "missing.md: no such file"


def test_sarif_rules_results_regions_and_fixes(engine, results):
    rules_by_id = {e.id: e for e in engine.index.entries}
    log = json.loads(sarif(results, rules_by_id))
    jsonschema.validate(log, SCHEMA, cls=jsonschema.Draft7Validator)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids)) == 4  # one rule per word-list rule that fired
    for r in rules:
        assert r["help"]["text"] and r["shortDescription"]["text"]
    assert "'pores and skin' is a spun form of 'skin'" in rules[ids.index("cifmt/pores-and-skin")]["shortDescription"]["text"]
    assert rules[ids.index("cifmt/scale-back")]["defaultConfiguration"]["level"] == "warning"
    assert len(run["results"]) == len(results[0].findings)
    text = SPUN
    for res, f in zip(run["results"], results[0].findings):
        assert res["ruleId"] == f.rule and ids[res["ruleIndex"]] == f.rule
        assert res["level"] == ("error" if f.kind == "tortured" else "warning")
        loc = res["locations"][0]["physicalLocation"]
        assert unquote(loc["artifactLocation"]["uri"]) == "content/post one.md"
        assert loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        reg = loc["region"]
        start = _offset(text, reg["startLine"], reg["startColumn"])
        end = _offset(text, reg["endLine"], reg["endColumn"])  # exclusive
        assert (start, end) == (f.start, f.end)
        assert text[start:end] == reg["snippet"]["text"]
        if f.suggestion is None:
            assert "fixes" not in res
        else:
            rep = res["fixes"][0]["artifactChanges"][0]["replacements"][0]
            assert rep["insertedContent"]["text"] == f.suggestion
            d = rep["deletedRegion"]
            assert (_offset(text, d["startLine"], d["startColumn"]), _offset(text, d["endLine"], d["endColumn"])) \
                == (f.start, f.end)
    # applying every SARIF fix reproduces unspin's own repair
    fixed = text
    for res in sorted(run["results"], key=lambda r: -_offset(text, r["locations"][0]["physicalLocation"]["region"]
                                                             ["startLine"], r["locations"][0]["physicalLocation"]
                                                             ["region"]["startColumn"])):
        for fx in res.get("fixes", []):
            rep = fx["artifactChanges"][0]["replacements"][0]
            d = rep["deletedRegion"]
            a, b = _offset(text, d["startLine"], d["startColumn"]), _offset(text, d["endLine"], d["endColumn"])
            fixed = fixed[:a] + rep["insertedContent"]["text"] + fixed[b:]
    assert fixed == engine.repair(text, unsafe=True).text


def test_sarif_with_no_findings_and_absolute_and_stdin_paths(engine, tmp_path):
    absolute = str(tmp_path / "a b.txt")
    log = json.loads(sarif([result(engine, absolute, CLEAN), result(engine, "-", SPUN)]))
    jsonschema.validate(log, SCHEMA, cls=jsonschema.Draft7Validator)
    run = log["runs"][0]
    assert run["invocations"][0]["executionSuccessful"] is True
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]} == {"stdin"}
    empty = json.loads(sarif([]))
    jsonschema.validate(empty, SCHEMA, cls=jsonschema.Draft7Validator)
    assert empty["runs"][0]["results"] == []


def test_schema_rejects_a_broken_log(results):
    """The shipped schema is the real thing: a result without a message is invalid."""
    log = json.loads(sarif(results))
    del log["runs"][0]["results"][0]["message"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(log, SCHEMA, cls=jsonschema.Draft7Validator)


# ---------------------------------------------------------------- GitHub

_CMD = re.compile(r"^::(error|warning|notice) (.*?)::(.*)$")


def _unescape(s: str) -> str:
    return s.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def parse_github(out: str) -> list[dict]:
    cmds = []
    for line in out.splitlines():
        m = _CMD.match(line)
        assert m, f"not a workflow command: {line!r}"
        props = {}
        for part in m.group(2).split(","):
            k, v = part.split("=", 1)
            props[k] = _unescape(v)
        cmds.append({"command": m.group(1), **props, "message": _unescape(m.group(3))})
    return cmds


def test_github_commands_parse_back(engine, results):
    weird = result(engine, "notes/a,b:c%.txt", "Line one.\nMy coronary heart, and the pores and skin.\n")
    cmds = parse_github(github(results + [weird]))
    per_finding = [c for c in cmds if c["command"] != "notice"]
    findings = [(r, f) for r in results + [weird] for f in r.findings]
    assert len(per_finding) == len(findings)
    for c, (r, f) in zip(per_finding, findings):
        assert c["file"] == r.path
        assert c["command"] == ("error" if f.kind == "tortured" else "warning")
        start = _offset(r.text, int(c["line"]), int(c["col"]))
        end = _offset(r.text, int(c["endLine"]), int(c["endColumn"]))
        assert (start, end) == (f.start, f.end)
        assert f.rule in c["title"]
        assert " ".join(f.text.split()) in c["message"]
        assert "\n" not in c["message"]
    notices = [c for c in cmds if c["command"] == "notice"]
    assert [n["file"] for n in notices] == [r.path for r in results + [weird] if r.score.verdict == "spun"]


def test_github_clean_input_prints_nothing(engine):
    assert github([result(engine, "a.md", CLEAN)]) == ""


# ---------------------------------------------------------------- rdjson

def _byte_offset(text: str, line: int, column: int) -> int:
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    line_bytes = text[starts[line - 1]:].encode("utf-8")
    return starts[line - 1] + len(line_bytes[:column - 1].decode("utf-8"))


def test_rdjson_parses_with_utf8_columns_and_suggestions(engine, results):
    data = json.loads(rdjson(results))
    assert data["source"]["name"] == "unspin"
    diags = data["diagnostics"]
    findings = results[0].findings
    assert len(diags) == len(findings)
    for d, f in zip(diags, findings):
        assert d["location"]["path"] == "content/post one.md"
        assert d["code"]["value"] == f.rule
        assert d["severity"] in ("ERROR", "WARNING")
        rng = d["location"]["range"]
        a = _byte_offset(SPUN, rng["start"]["line"], rng["start"]["column"])
        b = _byte_offset(SPUN, rng["end"]["line"], rng["end"]["column"])
        assert (a, b) == (f.start, f.end)
        assert ("suggestions" in d) == (f.suggestion is not None)
    # the line has 'é' and an emoji before a finding: columns count UTF-8 bytes
    first = diags[0]["location"]["range"]["start"]
    assert first["column"] == len(SPUN[:findings[0].start].encode("utf-8")) + 1
    fixed = SPUN
    for d in sorted(diags, key=lambda d: -_byte_offset(SPUN, d["location"]["range"]["start"]["line"],
                                                       d["location"]["range"]["start"]["column"])):
        for s in d.get("suggestions", []):
            a = _byte_offset(SPUN, s["range"]["start"]["line"], s["range"]["start"]["column"])
            b = _byte_offset(SPUN, s["range"]["end"]["line"], s["range"]["end"]["column"])
            fixed = fixed[:a] + s["text"] + fixed[b:]
    assert fixed == engine.repair(SPUN, unsafe=True).text


RDJSON_SCHEMA = {  # reviewdog's DiagnosticResult (proto/rdf/jsonschema), the parts unspin uses
    "type": "object", "required": ["diagnostics"],
    "properties": {
        "source": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}},
        "severity": {"enum": ["UNKNOWN_SEVERITY", "ERROR", "WARNING", "INFO"]},
        "diagnostics": {"type": "array", "items": {
            "type": "object", "required": ["message", "location"],
            "properties": {
                "message": {"type": "string"},
                "severity": {"enum": ["UNKNOWN_SEVERITY", "ERROR", "WARNING", "INFO"]},
                "code": {"type": "object", "required": ["value"], "properties": {"value": {"type": "string"}}},
                "location": {"type": "object", "required": ["path", "range"], "properties": {
                    "path": {"type": "string"}, "range": {"$ref": "#/$defs/range"}}},
                "suggestions": {"type": "array", "items": {"type": "object", "required": ["range", "text"],
                                                           "properties": {"range": {"$ref": "#/$defs/range"},
                                                                          "text": {"type": "string"}}}}}}}},
    "$defs": {
        "position": {"type": "object", "required": ["line", "column"],
                     "properties": {"line": {"type": "integer", "minimum": 1},
                                    "column": {"type": "integer", "minimum": 1}}},
        "range": {"type": "object", "required": ["start", "end"],
                  "properties": {"start": {"$ref": "#/$defs/position"}, "end": {"$ref": "#/$defs/position"}}}},
}


def test_rdjson_matches_reviewdog_diagnostic_result_shape(results):
    jsonschema.validate(json.loads(rdjson(results)), RDJSON_SCHEMA)


# ---------------------------------------------------------------- text and json

def test_coloured_text_is_the_plain_text_styled(results):
    coloured = text(results, color=True)
    assert "\x1b[" in coloured
    assert click.unstyle(coloured) == to_text(results)
    assert text(results, color=False) == to_text(results)


def test_json_contract_unchanged(results):
    data = json.loads(to_json(results))
    rec = data["files"][0]
    assert set(rec) == {"path", "words", "spin_score", "verdict", "findings"}
    for f in rec["findings"]:
        assert SPUN[f["start"]:f["end"]] == f["text"]


# ---------------------------------------------------------------- through the command

@pytest.fixture()
def listfile(tmp_path):
    p = tmp_path / "cifmt.yml"
    p.write_text(LIST, encoding="utf-8")
    return p


def unspin(*args, cwd=None, env=None):
    return subprocess.run([sys.executable, "-m", "unspin", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=env, encoding="utf-8")


def test_cli_formats(tmp_path, listfile):
    (tmp_path / "post.md").write_text(SPUN, encoding="utf-8")
    common = ["--no-config", "--no-builtin", "--wordlist", listfile, "-j", "1"]
    p = unspin("check", "--format", "sarif", *common, "post.md", cwd=tmp_path)
    assert p.returncode == 1, p.stderr
    log = json.loads(p.stdout)
    jsonschema.validate(log, SCHEMA, cls=jsonschema.Draft7Validator)
    assert log["runs"][0]["results"]
    p = unspin("check", "--format", "github", *common, "post.md", cwd=tmp_path)
    assert p.returncode == 1
    assert {c["file"] for c in parse_github(p.stdout)} == {"post.md"}
    p = unspin("check", "--format", "rdjson", *common, "post.md", cwd=tmp_path)
    assert p.returncode == 1
    jsonschema.validate(json.loads(p.stdout), RDJSON_SCHEMA)
    # not a terminal: no colour, even though the text format colours on one
    p = unspin("check", *common, "post.md", cwd=tmp_path)
    assert "\x1b[" not in p.stdout and "post.md:1:" in p.stdout
    p = unspin("check", "--color", "always", *common, "post.md", cwd=tmp_path)
    assert "\x1b[" in p.stdout


def test_cli_sarif_reports_an_unreadable_file(tmp_path, listfile):
    (tmp_path / "post.md").write_text(SPUN, encoding="utf-8")
    p = unspin("check", "--format", "sarif", "--no-config", "--no-builtin", "--wordlist", listfile, "-j", "1",
               "post.md", "missing.md", cwd=tmp_path)
    assert p.returncode == 2
    assert "missing.md" in p.stderr and "Traceback" not in p.stderr
    log = json.loads(p.stdout)
    jsonschema.validate(log, SCHEMA, cls=jsonschema.Draft7Validator)
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is False
    assert log["runs"][0]["results"]


def test_sarif_describes_word_fit_and_same_swap_rules():
    from unspin.findings import AWKWARD, Finding
    text_ = "The market worth rose. Its worth is clear."
    found = [Finding(start=11, end=16, text="worth", suggestion="value", rule="word-fit/worth", kind=AWKWARD,
                     confidence=0.5, reason="", applicability="unsafe", strong=False),
             Finding(start=27, end=32, text="worth", suggestion="value", rule="same-swap/worth", kind=AWKWARD,
                     confidence=0.4, reason="", applicability="unsafe", strong=False)]
    log = json.loads(sarif([FileResult("a.md", text_, found, Unspinner().score(text_, found))]))
    jsonschema.validate(log, SCHEMA, cls=jsonschema.Draft7Validator)
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["word-fit/worth"]["shortDescription"]["text"].endswith("given away by its neighbours ('worth')")
    assert "swapped elsewhere" in rules["same-swap/worth"]["shortDescription"]["text"]
    assert "unsafe" in rules["same-swap/worth"]["help"]["text"]
