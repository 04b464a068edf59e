"""AppTest fixture: the app as a new session sees it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def _router_pages() -> list[str]:
    """Every page script the router lists (its ``PAGES`` table), read from app.py without
    running it, so a new page is tested without editing this."""
    tree = ast.parse(Path(APP).read_text("utf-8"))
    table = next(
        node.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "PAGES" for t in node.targets)
    )
    return [f"pages/{row[0]}.py" for row in ast.literal_eval(table)]


PAGES = _router_pages()
assert len(PAGES) >= 9 and all((Path(APP).parent / p).is_file() for p in PAGES), PAGES


def plain(markdown: str) -> str:
    """Markdown source as the reader sees it: backslash escapes (of user text) removed."""
    return re.sub(r"\\(.)", r"\1", markdown)


def open_panels(app: AppTest) -> AppTest:
    """Open every chart's table and download menu, as a reader would, and rerun: their content
    is sent only while open (lazy expanders and popovers, see ``dashboard.ui.panels``)."""
    for key in [k for k in app.session_state.keys() if k.endswith(("_table", "_export"))]:
        app.session_state[key] = True
    return app.run()


@pytest.fixture(autouse=True)
def navigation_app_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    """Start every AppTest run as an ``st.navigation`` app, as a server runs all but its first.

    AppTest re-detects the old ``pages/``-folder mode before every run; the router would leave it
    and rerun at once (``dashboard/server/startup.py``), which works but starts every run twice;
    ``tests/browser/test_streamlit_run.py`` checks that path in a real server.
    """
    original = PagesManager.__init__

    def init(self, *args, **kwargs) -> None:
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


@pytest.fixture
def app() -> AppTest:
    """A fresh app session (not yet run)."""
    return AppTest.from_file(APP, default_timeout=60)
