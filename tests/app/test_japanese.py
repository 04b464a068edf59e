"""A page rendered in Japanese shows no English label: every page, several selections, both
screen and presentation mode, including chart titles, axes, legends and table headers."""

from __future__ import annotations

import re

import pytest

from analysis.i18n import LANG_NAMES, table
from analysis.study.dataset import load_embedded_dataset
from tests.app.conftest import PAGES
from tests.app.visible import visible_text

STRINGS = table()

CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def english_only_fragments() -> set[str]:
    """Literal pieces of English strings (between placeholders) that no Japanese string has."""
    japanese = " ".join(v["ja"] for v in STRINGS.values())
    pieces: set[str] = set()
    for texts in STRINGS.values():
        if CJK.search(texts["en"]) or texts["en"] == texts["ja"]:
            continue  # bilingual on purpose (the language switch) or a symbol such as "n"
        for piece in re.split(r"\{\w+\}", texts["en"]):
            piece = piece.strip(" .,:;")
            if re.search(r"[A-Za-z]{3,}", piece) and len(piece) >= 5 and piece not in japanese:
                pieces.add(piece)
    m = load_embedded_dataset().mapping
    labels = [m.title] + [i.label for i in m.issues] + [s.label for s in m.subgroups]
    labels += [lab for _, lab in m.prompts] + [lab for _, lab in m.options]
    pieces |= {lab.en for lab in labels if lab.en != lab.ja}
    # Language names are shown in their own language on purpose (the language switch).
    return pieces - set(LANG_NAMES.values())


FRAGMENTS = english_only_fragments()
# The Methods page lists the issues in both languages on purpose (an "英語" column).
BILINGUAL = {"pages/methods.py": {i.label.en for i in load_embedded_dataset().mapping.issues}}
VIEWS = {
    "default": {},
    "subgroup": {"subgroup": "gender", "outcome": "no_opinion", "issue": "death_penalty"},
    "support": {"outcome": "support", "option": "exit", "issue": "ldp"},
    "present": {"present": "1"},
}


def test_fragments_cover_the_tables() -> None:
    assert "Left the survey (opt-out)" in FRAGMENTS
    assert "Government monitoring" in FRAGMENTS


@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize("page", PAGES)
def test_japanese_page_shows_no_english_label(app, page, view) -> None:
    app.query_params["lang"] = "ja"
    for key, value in VIEWS[view].items():
        app.query_params[key] = value
    app.run()
    app.switch_page(page).run()
    assert not app.exception
    text = "\n".join(visible_text(app))
    assert CJK.search(text)
    for shown_on_purpose in BILINGUAL.get(page, set()):
        text = text.replace(shown_on_purpose, "")
    # Whole words only: "weight" must not match the stylesheet's "font-weight".
    leaked = sorted(f for f in FRAGMENTS if re.search(rf"(?<![\w-]){re.escape(f)}(?![\w-])", text))
    assert not leaked, leaked
