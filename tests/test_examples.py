"""The shipped example article: the README's first command must give exactly its cleaned version."""
import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).parent.parent / "examples"


def test_example_article_cleans_to_the_original():
    r = subprocess.run([sys.executable, "-m", "unspin", "clean", str(EXAMPLES / "chemical-peels-spun.txt")],
                       capture_output=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode("utf-8") == (EXAMPLES / "chemical-peels.txt").read_text(encoding="utf-8")


def test_example_article_is_spun_and_the_original_is_clean():
    r = subprocess.run([sys.executable, "-m", "unspin", "check", str(EXAMPLES / "chemical-peels-spun.txt"),
                        str(EXAMPLES / "chemical-peels.txt")], capture_output=True, text=True)
    assert r.returncode == 1
    summary = [line for line in r.stdout.splitlines() if "spin score" in line]
    assert summary[0].endswith("spun") and summary[1].endswith("clean")


def test_pipeline_example_runs(tmp_path):
    article = tmp_path / "a-spun.txt"
    article.write_text((EXAMPLES / "chemical-peels-spun.txt").read_text(encoding="utf-8"), encoding="utf-8")
    r = subprocess.run([sys.executable, str(EXAMPLES / "pipeline.py"), str(article)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "spun" in r.stdout and "'Pores and skin' -> 'Skin'" in r.stdout
    assert (tmp_path / "a-spun.cleaned.txt").read_text(encoding="utf-8") == \
        (EXAMPLES / "chemical-peels.txt").read_text(encoding="utf-8")
