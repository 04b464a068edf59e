"""Server hardening that a shared deployment relies on."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
SOURCES = [p for d in ("analysis", "dashboard", "pages") for p in (ROOT / d).rglob("*.py")]
SOURCES.append(ROOT / "app.py")


def test_xsrf_protection_is_on() -> None:
    assert CONFIG["server"]["enableXsrfProtection"] is True


def test_error_details_stay_in_the_server_log() -> None:
    assert CONFIG["client"]["showErrorDetails"] == "none"


def test_upload_size_is_limited() -> None:
    assert 1 <= CONFIG["server"]["maxUploadSize"] <= 200


def test_server_binds_loopback_by_default() -> None:
    assert CONFIG["server"]["address"] == "127.0.0.1"
    makefile = (ROOT / "Makefile").read_text("utf-8")
    assert "ADDRESS ?= 127.0.0.1" in makefile


def test_no_usage_statistics_are_sent() -> None:
    assert CONFIG["browser"]["gatherUsageStats"] is False


# Presentation mode's stylesheet, the document-language script and the chart-code preload are
# constant strings of ours, never user content (checked below).
ALLOWED = {
    "st.html(ROOM_CSS)",
    "st.html(A11Y_CSS)",
    "st.html(LANGUAGE_SCRIPTS[lang], unsafe_allow_javascript=True)",
    "st.html(PRELOAD_SCRIPT, unsafe_allow_javascript=True)",
    "st.html(_arrival_script(path, tuple(paths)), unsafe_allow_javascript=True)",
}


def test_no_unsafe_constructs_in_app_code() -> None:
    pattern = re.compile(
        r"unsafe_allow_html\s*=\s*True|\beval\(|\bexec\(|\bpickle\b|"
        r"st\.html\(|components\.html\("
    )
    offenders = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in SOURCES
        for n, line in enumerate(p.read_text("utf-8").splitlines(), 1)
        if pattern.search(line) and line.strip() not in ALLOWED
    ]
    assert not offenders, offenders


def test_the_one_html_call_renders_a_constant_stylesheet() -> None:
    from dashboard.ui import presentation

    assert isinstance(presentation.ROOM_CSS, str)
    assert presentation.ROOM_CSS.lstrip().startswith("<style>")
    assert "<script" not in presentation.ROOM_CSS.lower()


def test_the_preload_script_names_only_a_file_of_the_installed_streamlit() -> None:
    # Made once at import from the name of Streamlit's own chart module: nothing a user sends
    # reaches it, and the only string it puts into JavaScript is that file name.
    from dashboard.ui import preload

    name = preload.chart_module_name()
    assert name is not None and re.fullmatch(r"PlotlyChart\.[\w-]+\.js", name)
    assert preload.PRELOAD_SCRIPT == preload.preload_script(name)
    assert preload.PRELOAD_SCRIPT.count("<script") == 1


def test_the_accessibility_stylesheet_is_constant_css() -> None:
    from dashboard.ui import accessibility

    css = accessibility.A11Y_CSS.strip()
    assert css.startswith("<style>") and css.endswith("</style>")
    assert "<script" not in css.lower() and css.count("<") == 2
    # It hides the elements of our two scripts (they hold nothing to see).
    assert f"#{accessibility.LANGUAGE_SCRIPT_ID}, #{accessibility.ARRIVAL_SCRIPT_ID}" in css


def test_the_language_scripts_differ_only_in_the_language_they_declare() -> None:
    # Built once from the catalog's language codes: nothing a user sends reaches them.
    from analysis.i18n import LANGS
    from dashboard.ui.accessibility import LANGUAGE_SCRIPTS

    assert set(LANGUAGE_SCRIPTS) == set(LANGS)
    for lang, script in LANGUAGE_SCRIPTS.items():
        assert script.startswith('<script id="dashboard-language">')
        assert script.endswith("</script>") and script.lower().count("<script") == 1
        declaration = f'w.dashboardLang = "{lang}";'
        assert declaration in script
        as_english = script.replace(declaration, 'w.dashboardLang = "en";', 1)
        assert as_english == LANGUAGE_SCRIPTS["en"]


def test_the_page_arrival_script_holds_only_the_routers_page_paths() -> None:
    # Its only inputs are app.py's URL paths (constants of ours), and app.py passes them as
    # the router made them: a path a reader typed never reaches it (st.navigation answers an
    # unknown path with its own "page not found" and the default page).
    import ast

    from dashboard.ui.accessibility import _arrival_script

    tree = ast.parse((ROOT / "app.py").read_text("utf-8"))
    table = next(
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "PAGES"
    )
    paths = tuple(row[2] for row in ast.literal_eval(table))
    assert all(re.fullmatch(r"[a-z]+", p) for p in paths)
    for path in ("", *paths):
        script = _arrival_script(path, paths)
        assert script.startswith('<script id="dashboard-page-arrival">')
        assert script.endswith("</script>") and script.lower().count("<script") == 1
        assert script.replace(f"path = {json.dumps(path)},", 'path = "",', 1) == _arrival_script(
            "", paths
        )
    assert "page_arrival(page.url_path, [path for _script, _icon, path in PAGES])" in (
        ROOT / "app.py"
    ).read_text("utf-8")


def test_streamlit_reads_our_garbage_collection_setting() -> None:
    # Read by Streamlit's own loader in a fresh interpreter, so a misspelt section or option
    # (silently ignored by Streamlit) fails here. Why it is off: see .streamlit/config.toml.
    import subprocess
    import sys

    code = (
        "from streamlit import config; config.get_config_options(force_reparse=True); "
        "print(config.get_option('runner.postScriptGC'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    assert out.stdout.strip() == "False"
