"""Value labels of the effect chart stay off the zero line and off the next prompt's whisker."""

from __future__ import annotations

import pandas as pd

from dashboard.render.exports import wrap
from dashboard.render.figures import make_effect_figure

LABELS = {"company": "Company", "government": "Government"}


def effects(levels: list[str], estimates: list[tuple[float, float]]) -> pd.DataFrame:
    """One row per (level, prompt): company's and government's estimate per level, CI +-3 pp."""
    rows = []
    for level, pair in zip(levels, estimates, strict=True):
        for prompt, est in zip(LABELS, pair, strict=True):
            rows.append(
                {
                    "prompt": prompt,
                    "level": level,
                    "n_treated": 700,
                    "n_control": 700,
                    "n": 1400,
                    "estimate": est,
                    "ci_low": est - 0.03,
                    "ci_high": est + 0.03,
                    "baseline": 0.06,
                }
            )
    return pd.DataFrame(rows)


def figure(frame: pd.DataFrame):
    return make_effect_figure(
        frame, lang="en", prompt_labels=LABELS, control_label="No prompt", title="t"
    )


def test_a_label_near_zero_moves_to_the_side_away_from_zero() -> None:
    company, government = figure(effects(["all"], [(0.007, 0.08)])).data
    assert list(company.textposition) == ["top right"]
    assert list(government.textposition) == ["top center"]
    negative, _ = figure(effects(["all"], [(-0.004, 0.08)])).data
    assert list(negative.textposition) == ["top left"]


def test_with_levels_the_lowest_prompts_labels_go_under_its_dots() -> None:
    company, government = figure(effects(["a", "b"], [(0.05, 0.10), (0.06, 0.12)])).data
    assert list(company.textposition) == ["top center", "top center"]
    assert list(government.textposition) == ["bottom center", "bottom center"]


def test_an_opening_bracket_never_ends_a_wrapped_line() -> None:
    lines = wrap("調査から離脱（オプトアウト）：告知別の割合（95%信頼区間）", 44)
    assert len(lines) == 2
    assert not any(line.endswith("（") for line in lines)
    assert "".join(lines) == "調査から離脱（オプトアウト）：告知別の割合（95%信頼区間）"
