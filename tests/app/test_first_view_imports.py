"""A server draws its first page without importing the statistics libraries or the whole
export's module, restarted or not.

Why it matters: SciPy's ``stats`` and statsmodels take about a second to import on this
machine, and under a plain ``streamlit run app.py`` nothing can load them before the first
browser session arrives. With the embedded dataset's grid and export in the disk cache
(``dashboard.server.diskcache``), every number on the Overview and Explore is read, not
computed, so neither they nor python-pptx (decks) belong on that path. On a first start (empty
cache) the grid is computed from group sums with ``scipy.special``'s quantiles, and the staged
export (``analysis.stats.report``: every statistic, ~0.7 s to import) starts only after that
page's run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.test_prewarm import fresh_interpreter

FILL_CACHE = """
from analysis.stats.report import all_estimates
from dashboard.server import diskcache
dataset = diskcache.embedded_dataset()  # computes and keeps the grid
prov = dataset.provenance
key = diskcache.export_key(prov.sha256, prov.mapping_sha256)
diskcache.save(key, all_estimates(dataset.prepared, dataset.grid))
print(sorted(p.name.split("-")[0] for p in diskcache.cache_dir().iterdir()))
"""

FIRST_VIEW = """
import sys
from streamlit.testing.v1 import AppTest
page = sys.argv[1]
app = AppTest.from_file("app.py", default_timeout=120)
if page != "overview":
    app.switch_page(f"pages/{page}.py")
app.run()
assert not app.exception, [e.value for e in app.exception]
assert len(app.get("plotly_chart")) >= 1, "no chart drawn"
if sys.argv[2:] == ["then-the-export"]:
    from dashboard.server import staged
    assert all(j.wait(None, 120) for j in list(staged._JOBS.values()))
heavy = ("scipy.stats", "statsmodels", "pptx", "analysis.stats.report")
print(sorted({h for h in heavy for m in sys.modules if m == h or m.startswith(h + ".")}))
"""


@pytest.fixture(scope="module")
def filled_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("restart")
    kinds = fresh_interpreter(FILL_CACHE, where)
    assert kinds == "['full', 'grid']", kinds
    return where


@pytest.mark.parametrize("page", ["overview", "explore"])
def test_first_page_from_the_disk_cache_imports_no_statistics_library(
    filled_cache: Path, page: str
) -> None:
    assert fresh_interpreter(FIRST_VIEW, filled_cache, page) == "[]"


@pytest.mark.parametrize("page", ["overview", "explore"])
def test_first_page_of_a_first_start_imports_no_statistics_library(
    tmp_path: Path, page: str
) -> None:
    assert fresh_interpreter(FIRST_VIEW, tmp_path, page) == "[]"
    assert [p.name.split("-")[0] for p in (tmp_path / "cache").iterdir()] == ["grid"]


def test_the_staged_export_imports_them(tmp_path: Path) -> None:
    """The checks above can fail: once the export's stages have run, the module of the whole
    export (every statistic: ~0.7 s to import) is loaded."""
    out = fresh_interpreter(FIRST_VIEW, tmp_path, "overview", "then-the-export")
    assert "analysis.stats.report" in out
