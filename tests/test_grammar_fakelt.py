"""A small LanguageTool stand-in for the grammar tests: LanguageTool's HTTP API on 127.0.0.1.

It implements what unspin's backend uses, shaped as LanguageTool documents it:
``GET /v2/languages`` (a list of {name, code, longCode}), ``POST /v2/check`` (form
fields language, text, enabledCategories, enabledRules, enabledOnly, disabledRules;
answer {software, warnings, language, matches: [{message, shortMessage,
replacements: [{value}], offset, length, context: {text, offset, length}, sentence,
type: {typeName}, rule: {id, description, issueType, category: {id, name}},
ignoreForIncompleteSentence, contextForSureMatch}]}) and ``GET /v2/healthcheck``.

Its rules are few and made up for the tests, each in a real LanguageTool category:
``EN_A_VS_AN`` (MISC), ``FAKE_LOOK_AGREEMENT`` ("skin often look" -> "looks",
GRAMMAR), ``FAKE_NO_FIX`` ("frobnicate", no replacement, GRAMMAR), ``FAKE_STYLE``
("very", STYLE). ``mode`` makes it slow or malformed. Run as a script, it is a fake
``java -cp JAR org.languagetool.server.HTTPServer -p PORT``.

This file also tests the stand-in itself against the documented shapes.
"""
from __future__ import annotations

import json
import re
import sys
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LANGUAGES = [{"name": "English", "code": "en", "longCode": "en"},
             {"name": "English (US)", "code": "en", "longCode": "en-US"},
             {"name": "English (GB)", "code": "en", "longCode": "en-GB"},
             {"name": "German (Germany)", "code": "de", "longCode": "de-DE"}]

_RULES = [
    ("EN_A_VS_AN", "MISC", "Miscellaneous", re.compile(r"\b([aA])(?= [aeiouAEIOU]\w)"), lambda m: "an" if m.group(1) == "a" else "An",
     "Use “an” instead of ‘a’ if the following word starts with a vowel sound, e.g. ‘an article’, ‘an hour’."),
    ("FAKE_LOOK_AGREEMENT", "GRAMMAR", "Grammar", re.compile(r"(?<!\band )\bskin often (look)\b"), lambda m: "looks",
     "The verb does not agree with the subject."),
    ("FAKE_NO_FIX", "GRAMMAR", "Grammar", re.compile(r"\bfrobnicate\b"), None, "This word does not fit here."),
    ("FAKE_STYLE", "STYLE", "Style", re.compile(r"\bvery\b"), lambda m: "", "Consider a stronger word."),
]


def check(text: str, params: dict) -> dict:
    enabled_only = params.get("enabledOnly") == "true"
    cats = set(filter(None, params.get("enabledCategories", "").split(",")))
    rules = set(filter(None, params.get("enabledRules", "").split(",")))
    disabled = set(filter(None, params.get("disabledRules", "").split(",")))
    matches = []
    for rule_id, cat_id, cat_name, rx, fix, message in _RULES:
        if rule_id in disabled or (enabled_only and cat_id not in cats and rule_id not in rules):
            continue
        for m in rx.finditer(text):
            s, e = m.span(1) if rx.groups else m.span()
            c0 = max(0, s - 20)
            matches.append({
                "message": message, "shortMessage": "",
                "replacements": [{"value": fix(m)}] if fix else [],
                "offset": s, "length": e - s,
                "context": {"text": text[c0:e + 20], "offset": s - c0, "length": e - s},
                "sentence": text, "type": {"typeName": "Other"},
                "rule": {"id": rule_id, "description": message, "issueType": "grammar",
                         "category": {"id": cat_id, "name": cat_name}},
                "ignoreForIncompleteSentence": False, "contextForSureMatch": 0})
    matches.sort(key=lambda x: x["offset"])
    return {"software": {"name": "LanguageTool", "version": "6.4", "buildDate": "2024-03-28 12:00:00 +0000",
                         "apiVersion": 1, "premium": False, "status": ""},
            "warnings": {"incompleteResults": False},
            "language": {"name": "English (US)", "code": "en-US",
                         "detectedLanguage": {"name": "English (US)", "code": "en-US", "confidence": 0.99}},
            "matches": matches}


class FakeLanguageTool:
    """Start with ``with FakeLanguageTool(mode) as lt: lt.url``; ``lt.requests`` records the calls.

    mode: ``ok``; ``slow`` (every /v2/check answer waits ``delay`` s); ``garbage`` (not
    JSON); ``wrong-shape`` (JSON without matches' fields); ``down-check`` (500 on check)."""

    def __init__(self, mode: str = "ok", delay: float = 3.0, port: int = 0):
        self.mode, self.delay = mode, delay
        self.requests: list[tuple[str, dict]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, code: int, body: bytes, ctype: str = "application/json") -> None:
                self.send_response(code)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def do_GET(self):
                path = urllib.parse.urlparse(self.path).path
                fake.requests.append((path, {}))
                if path == "/v2/languages":
                    self._send(200, json.dumps(LANGUAGES).encode())
                elif path == "/v2/healthcheck":
                    self._send(200, b"OK", "text/plain")
                else:
                    self._send(404, b"not found", "text/plain")

            def do_POST(self):
                path = urllib.parse.urlparse(self.path).path
                n = int(self.headers.get("Content-Length") or 0)
                params = {k: v[0] for k, v in urllib.parse.parse_qs(self.rfile.read(n).decode("utf-8"),
                                                                     keep_blank_values=True).items()}
                fake.requests.append((path, params))
                if path != "/v2/check":
                    return self._send(404, b"not found", "text/plain")
                if fake.mode == "slow":
                    time.sleep(fake.delay)
                if fake.mode == "garbage":
                    return self._send(200, b"<html>Bad Gateway</html>", "text/html")
                if fake.mode == "wrong-shape":
                    return self._send(200, json.dumps({"matches": [{"offset": 0}]}).encode())
                if fake.mode == "down-check":
                    return self._send(500, b"Internal Server Error", "text/plain")
                self._send(200, json.dumps(check(params.get("text", ""), params)).encode())

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    @property
    def checked_texts(self) -> list[str]:
        return [p.get("text", "") for path, p in self.requests if path == "/v2/check"]


# ------------------------------------------------------------------ tests of the stand-in

def _post(url: str, fields: dict) -> dict:
    data = urllib.parse.urlencode(fields).encode()
    with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=5) as r:
        return json.loads(r.read())


def test_fake_answers_in_languagetools_documented_shape():
    with FakeLanguageTool() as lt:
        with urllib.request.urlopen(lt.url + "/v2/languages", timeout=5) as r:
            langs = json.loads(r.read())
        assert all(set(x) == {"name", "code", "longCode"} for x in langs)
        body = _post(lt.url + "/v2/check", {"language": "en-US", "text": "It is a example."})
    assert set(body) == {"software", "warnings", "language", "matches"}
    (m,) = body["matches"]
    assert set(m) == {"message", "shortMessage", "replacements", "offset", "length", "context", "sentence", "type",
                      "rule", "ignoreForIncompleteSentence", "contextForSureMatch"}
    assert (m["offset"], m["length"], m["replacements"]) == (6, 1, [{"value": "an"}])
    assert set(m["rule"]) == {"id", "description", "issueType", "category"} and m["rule"]["category"]["id"] == "MISC"
    assert m["context"]["text"][m["context"]["offset"]:][:1] == "a"


def test_fake_honours_enabled_only():
    with FakeLanguageTool() as lt:
        body = _post(lt.url + "/v2/check", {"language": "en-US", "text": "a very odd apple",
                                            "enabledOnly": "true", "enabledCategories": "GRAMMAR"})
    assert body["matches"] == []


def _serve_as_java(argv: list[str]) -> None:
    """``java -cp JAR org.languagetool.server.HTTPServer -p PORT`` (and ``java -version``)."""
    if "-version" in argv:
        print('openjdk version "17.0.99" 2025-01-01', file=sys.stderr)
        return
    port = int(argv[argv.index("-p") + 1])
    fake = FakeLanguageTool(port=port)
    fake.server.serve_forever()


if __name__ == "__main__":
    _serve_as_java(sys.argv[1:])
