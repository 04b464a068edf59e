"""Subgroups, Opinions and Exits are seminar pages through the page kit: in both languages, on
screen and in presentation mode, each chart has its takeaway and its download menu; the
session's small-cell thresholds from the URL reach the figure, the table and the sentence; a
study without an exit is told so."""

from __future__ import annotations

import base64
import json
import re

import numpy as np
import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP, open_panels, plain

KIT_PAGES = ["pages/subgroups.py", "pages/opinions.py", "pages/exits.py"]
# Words that only the page's takeaway sentence (not its title or notes) contains.
TAKEAWAY = {
    ("pages/subgroups.py", "en"): "Exploratory: how each prompt's effect",
    ("pages/subgroups.py", "ja"): "探索的分析：",
    ("pages/opinions.py", "en"): "among those who stayed to answer",
    ("pages/opinions.py", "ja"): "残って回答した人の割合",
    ("pages/exits.py", "en"): "the share who had left by the last question",
    ("pages/exits.py", "ja"): "最後の質問",
}


@pytest.fixture
def app_factory():
    """Makes another fresh session, to compare two URLs."""
    return lambda: AppTest.from_file(APP, default_timeout=60)


def _open(app, page: str, **params: str):
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    app.switch_page(page).run()
    assert not app.exception
    return app


def _decoded(obj: object) -> object:
    """A figure's JSON with Plotly's base64 typed arrays (``{"dtype", "bdata"}``) as lists."""
    if isinstance(obj, dict):
        if set(obj) >= {"dtype", "bdata"}:
            data = np.frombuffer(base64.b64decode(obj["bdata"]), dtype=obj["dtype"])
            return data.reshape(obj["shape"]).tolist() if "shape" in obj else data.tolist()
        return {k: _decoded(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_decoded(v) for v in obj]
    return obj


def _figures(app) -> list[go.Figure]:
    return [go.Figure(_decoded(json.loads(chart.proto.spec))) for chart in app.get("plotly_chart")]


def _markdown(app) -> list[str]:
    return [plain(m.value) for m in app.markdown]


def _takeaway(app, page: str, lang: str = "en") -> str:
    found = [m for m in _markdown(app) if TAKEAWAY[(page, lang)] in m]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("page", KIT_PAGES)
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_each_chart_has_a_takeaway(app, page, lang) -> None:
    _open(app, page, lang=lang)
    assert len(app.get("plotly_chart")) == 1
    _takeaway(app, page, lang)


@pytest.mark.parametrize("page", KIT_PAGES)
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_each_chart_has_a_download_menu(app, page, lang) -> None:
    _open(app, page, lang=lang)
    menus = [k for k in app.session_state.keys() if k.endswith("_export")]
    assert len(menus) == len(app.get("plotly_chart")) == 1


@pytest.mark.parametrize("page", KIT_PAGES)
def test_download_menu_offers_csv_png_and_svg(app, page) -> None:
    open_panels(_open(app, page))
    labels = [b.proto.label for b in app.get("download_button")]
    for label in ("Table (CSV)", "Chart (PNG)", "Chart (SVG)"):
        assert labels.count(label) == 1, label


@pytest.mark.parametrize("page", KIT_PAGES)
def test_page_offers_both_offline_reports(app, page) -> None:
    _open(app, page)
    labels = [b.proto.label for b in app.get("download_button")]
    assert "This view as an offline report (HTML)" in labels
    assert "All headline results as an offline report (HTML)" in labels


@pytest.mark.parametrize("page", KIT_PAGES)
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_presentation_shows_one_chart_with_its_takeaway(app, page, lang) -> None:
    _open(app, page, lang=lang, present="1")
    assert len(app.get("plotly_chart")) == 1
    _takeaway(app, page, lang)


@pytest.mark.parametrize("page", KIT_PAGES)
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_presentation_has_previous_and_next_and_no_controls(app, page, lang) -> None:
    _open(app, page, lang=lang, present="1")
    keys = {b.key for b in app.button}
    assert {"present_prev", "present_next"} <= keys
    assert [s.key for s in app.selectbox] == ["lang"]  # the hidden sidebar only


@pytest.mark.parametrize("page", KIT_PAGES)
def test_presentation_chart_text_is_at_least_20px(app, page) -> None:
    _open(app, page, present="1")
    fig = _figures(app)[0]
    assert fig.layout.font.size >= 20
    assert fig.layout.xaxis.tickfont.size >= 20 and fig.layout.yaxis.tickfont.size >= 20


@pytest.mark.parametrize(
    ("page", "selection"),
    [
        ("pages/subgroups.py", {"sg_subgroup": "region"}),
        ("pages/opinions.py", {"op_issue": "ldp", "op_option": "no_opinion"}),
        ("pages/exits.py", {"ex_prompts": "government"}),
    ],
)
def test_presentation_keeps_the_link_selection(app, page, selection) -> None:
    _open(app, page, present="1", **selection)
    for key, value in selection.items():
        assert app.session_state[key] == value


# --- Thresholds from the URL reach the figure, the table and the sentence ----------------


def _rounded(values) -> set[str]:
    return {f"{v:+.1f}" for v in values if v is not None and v == v}


def _interactions_drawn(fig: go.Figure) -> set[str]:
    return _rounded(
        v
        for tr in fig.data
        if tr.xaxis == "x2" and tr.mode == "markers"
        for v in (() if tr.x is None else tr.x)
    )


def test_subgroups_url_thresholds_hide_a_difference_everywhere(app, app_factory) -> None:
    before = open_panels(_open(app, "pages/subgroups.py", sg_subgroup="region"))
    quoted = re.findall(r"([+-]\d+\.\d) points", _takeaway(before, "pages/subgroups.py"))
    assert quoted
    value = quoted[0]
    column = "Difference from reference (points)"
    assert value in _interactions_drawn(_figures(before)[0])
    assert value in set(before.dataframe[0].value[column])

    after = app_factory()
    open_panels(
        _open(after, "pages/subgroups.py", sg_subgroup="region", flag="200", suppress="150")
    )
    assert value not in _takeaway(after, "pages/subgroups.py")
    assert value not in _interactions_drawn(_figures(after)[0])
    assert value not in set(after.dataframe[0].value[column])


def test_subgroups_url_thresholds_hide_a_small_level_effect(app, app_factory) -> None:
    before = open_panels(_open(app, "pages/subgroups.py", sg_subgroup="region"))
    table = before.dataframe[0].value
    after = app_factory()
    open_panels(
        _open(after, "pages/subgroups.py", sg_subgroup="region", flag="200", suppress="150")
    )
    hidden = after.dataframe[0].value["Effect (points)"].isna()
    assert hidden.any() and not hidden.all()
    assert table["Effect (points)"][hidden].notna().any()  # shown before, hidden now
    assert after.dataframe[0].value["Note"][hidden].str.contains("n < 150").all()


def _opinion_rows(app):
    table = app.dataframe[0].value
    return table[table["Answer"] == "Support"].set_index("Prompt")


def test_opinions_url_thresholds_hide_the_smallest_prompt_everywhere(app, app_factory) -> None:
    page = "pages/opinions.py"
    before = open_panels(_open(app, page, op_issue="economy", op_option="exit"))
    support = _opinion_rows(before)
    smallest = support["n"].idxmin()
    assert (support["n"] > support["n"].min()).sum() == len(support) - 1
    share = f"{smallest} {support.loc[smallest, 'Share (%)']:.1f}%"
    assert share in _takeaway(before, page)

    after = app_factory()
    suppress = str(int(support["n"].min()) + 1)
    open_panels(
        _open(after, page, op_issue="economy", op_option="exit", flag="1000", suppress=suppress)
    )
    assert share not in _takeaway(after, page)
    assert f"{smallest} not shown" in _takeaway(after, page)
    rows = _opinion_rows(after)
    assert rows["Share (%)"].isna().tolist() == [p == smallest for p in rows.index]
    # The drawn bars (legend-only twins, which carry a series' pattern, draw nothing).
    bars = [tr for tr in _figures(after)[0].data if tr.hoverinfo != "skip"]
    row = [i for i, y in enumerate(bars[0].y) if y.startswith(smallest)][0]
    assert all(tr.x[row] is None or tr.x[row] != tr.x[row] for tr in bars)


def test_exits_url_thresholds_hide_the_shares_everywhere(app, app_factory) -> None:
    page = "pages/exits.py"
    before = open_panels(_open(app, page))
    table = before.dataframe[0].value
    n = int(table["n"].max())
    last = table[table["Question"] == table["Question"].iloc[-1]]
    shares = [f"{v:.1f}%" for v in last["Left by then (%)"]]
    assert all(s in _takeaway(before, page) for s in shares)

    after = app_factory()
    open_panels(_open(after, page, flag="1000", suppress=str(n + 1)))
    sentence = _takeaway(after, page)
    assert not any(s in sentence for s in shares)
    assert after.dataframe[0].value["Left by then (%)"].isna().all()
    drawn = [v for tr in _figures(after)[0].data for v in tr.y if v is not None and v == v]
    assert drawn == []


def test_exits_url_flag_marks_the_lines_without_colour(app) -> None:
    _open(app, "pages/exits.py", flag="1000")
    fig = _figures(app)[0]
    # Flagged cells: hollow markers, while each prompt keeps its own dash (series marks and
    # small-cell marks never share a mark), and the legend says so in words.
    assert all(str(tr.marker.symbol).endswith("-open") for tr in fig.data)
    assert len({tr.line.dash for tr in fig.data}) == len(fig.data)
    assert all("small cell" in tr.name for tr in fig.data)


# --- A study without an exit ------------------------------------------------------------


@pytest.fixture
def no_exit(app):
    from dashboard.ui.state import DATASET_KEY
    from tests.render.studies import no_exit_study

    app.session_state[DATASET_KEY] = no_exit_study()
    return app


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "did not offer the chance to leave the survey"),
        ("ja", "離脱する選択肢を示していない"),
    ],
)
def test_exits_page_says_the_study_offered_no_exit(no_exit, lang, words) -> None:
    _open(no_exit, "pages/exits.py", lang=lang)
    assert any(words in i.value for i in no_exit.info)
    assert not any("[exit]" in e.value for e in [*no_exit.info, *no_exit.warning])
    # The reader is not told the mapping's key for the option.
    assert not any("'exit'" in i.value or "「exit」" in i.value for i in no_exit.info)


def test_exits_page_without_exit_offers_only_the_way_out_in_presentation(no_exit) -> None:
    """No chart to step through: the way out of presentation mode, not a Previous and a Next
    that lead nowhere beside "Chart 1 of 0"."""
    _open(no_exit, "pages/exits.py", present="1")
    keys = {b.key for b in no_exit.button}
    assert "present_exit" in keys
    assert not keys & {"present_prev", "present_next"}


@pytest.mark.parametrize("page", ["pages/subgroups.py", "pages/opinions.py"])
@pytest.mark.parametrize("present", ["0", "1"])
def test_other_pages_work_without_an_exit(no_exit, page, present) -> None:
    _open(no_exit, page, present=present)
    assert len(no_exit.get("plotly_chart")) == 1


def test_exits_page_of_a_study_without_positions_says_so(app) -> None:
    from dashboard.ui.state import DATASET_KEY
    from tests.render.studies import exit_flag_study

    app.session_state[DATASET_KEY] = exit_flag_study()
    _open(app, "pages/exits.py")
    assert any("not at which question" in i.value for i in app.info)
