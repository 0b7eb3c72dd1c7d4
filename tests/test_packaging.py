"""The wheel must carry every subpackage and the word lists (an editable install hides omissions)."""
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def test_every_subpackage_is_declared():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    declared = set(config["tool"]["setuptools"]["packages"])
    src = ROOT / "src"
    found = {".".join(p.parent.relative_to(src).parts) for p in src.rglob("__init__.py")}
    found |= {"unspin.data", "unspin.wordlists", "unspin.wordlists.terms", "unspin.wordlists.substitutions",
              "unspin.wordlists.swaps", "unspin.wordlists.allow"}
    assert found <= declared, f"add to pyproject [tool.setuptools] packages: {sorted(found - declared)}"
    for sub in ("terms", "substitutions", "swaps", "allow"):
        assert (ROOT / "wordlists" / sub).is_dir()
