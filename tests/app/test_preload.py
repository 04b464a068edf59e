"""The router's chart-code preload: the module it names exists in the installed Streamlit, and
the script is sent first in the sidebar."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard.ui.preload import _STATIC_JS, PRELOAD_SCRIPT, chart_module_name, preload_script


def test_installed_streamlit_has_one_chart_module() -> None:
    name = chart_module_name()
    assert name is not None and (_STATIC_JS / name).is_file()


def test_no_module_found_sends_nothing(tmp_path: Path) -> None:
    assert chart_module_name(tmp_path) is None
    assert preload_script(None) == ""


def test_two_candidates_send_nothing(tmp_path: Path) -> None:
    (tmp_path / "PlotlyChart.a.js").write_text("")
    (tmp_path / "PlotlyChart.b.js").write_text("")
    assert chart_module_name(tmp_path) is None


def test_script_imports_the_module_it_found(tmp_path: Path) -> None:
    (tmp_path / "PlotlyChart.abc123.js").write_text("")
    script = preload_script(chart_module_name(tmp_path))
    assert 'import(new URL("PlotlyChart.abc123.js", entry.src)' in script


def test_router_sends_the_script_in_the_sidebar(app: AppTest) -> None:
    at = app.run()
    bodies = [el.proto.body for el in at.sidebar.get("html")]
    assert PRELOAD_SCRIPT in bodies
