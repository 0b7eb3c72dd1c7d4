import os
import tempfile
from pathlib import Path

import pytest

from unspin import Unspinner

DATA = Path(__file__).parent / "data"

# the tests (and the commands they run) compile lists into a cache of their own
os.environ.setdefault("UNSPIN_CACHE_DIR", tempfile.mkdtemp(prefix="unspin-test-cache-"))


@pytest.fixture(scope="session")
def core_engine() -> Unspinner:
    """An engine with only the small test list: findings that do not move as the lists grow."""
    return Unspinner(builtin=False, wordlists=[DATA / "core-list.yml"])
