from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"
SEED = FIXTURES / "documents" / "000_c1a018b23f0d2af6.txt"

# A Markdown and an HTML article with findings in prose, code that is not checked, entities and
# spacing: the mixed corpora of the parallel and report-memory tests are built from them.
MIXED_MARKDOWN = """# The the results of the the study

The report was published on 12.03.2021 , and it says that the costs rised by 5 %.

* Meta invests hundreds of billion US dollars in data centres .
* The CEO  has announced the construction.

```
code is not checked: the the , teh
```
"""
MIXED_HTML = """<!doctype html><html><body>
<h1>Meta’s AI strategy</h1>
<p>Mark Zuckerberg unpacks the crowbar , and the the competition lags behind.</p>
<p>The costs amount to 70 billion &euro; .</p>
</body></html>
"""


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")
