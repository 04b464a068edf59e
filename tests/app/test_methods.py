"""The Methods & citation page: design, issues in both languages, estimators, caveats, citing."""

from __future__ import annotations


def _text(at) -> str:
    return " ".join(
        [m.value for m in at.markdown] + [c.value for c in at.code] + [h.value for h in at.header]
    )


def test_methods_lists_the_issues_in_both_languages(app) -> None:
    app.run()
    app.switch_page("pages/methods.py").run()
    table = app.dataframe[0].value
    assert "Maintain capital punishment" in set(table["English"])
    assert "死刑制度を維持すべき" in set(table["Japanese"])


def test_methods_names_the_caveats(app) -> None:
    app.run()
    app.switch_page("pages/methods.py").run()
    text = _text(app)
    assert "Simulated data" in text and "Selection in the exit cells" in text
    assert "Multiplicity" in text and "HC2" in text and "Wilson" in text


def test_methods_gives_both_citations(app) -> None:
    app.run()
    app.switch_page("pages/methods.py").run()
    codes = [c.value for c in app.code]
    assert any("Journal of Politics" in c for c in codes)
    assert any("dashboard" in c and "version" in c for c in codes)
    assert any("SIMULATED" in c for c in codes)


def test_methods_in_japanese(app) -> None:
    app.query_params["lang"] = "ja"
    app.run()
    app.switch_page("pages/methods.py").run()
    assert "注意点" in _text(app) and "多重比較" in _text(app)
