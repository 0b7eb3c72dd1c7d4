"""Test cases kept as data (as ftfy does): texts that must not change, with the built-in lists."""
from pathlib import Path

import pytest
import yaml

import unspin

CASES = Path(__file__).parent / "cases"
NEGATIVE = yaml.safe_load((CASES / "negative.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative_case_is_left_alone(text):
    # as part of a clean article: nothing is flagged, nothing changes
    assert [(f.text, f.rule) for f in unspin.detect(text)] == []
    assert unspin.repair(text, unsafe=True).text == text
