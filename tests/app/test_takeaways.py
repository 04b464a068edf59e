"""Wording rules of the generated sentences: direction only when the CI excludes zero, "cannot
tell" otherwise, a caution for small n, nothing at all for suppressed cells, both languages."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.render.takeaways import (
    effect_sentence,
    effects_summary,
    inline_label,
    rates_sentence,
)

LABELS = {
    "lang": "en",
    "prompt_label": "Government monitoring",
    "control_label": "No prompt",
    "outcome_label": "Left the survey (opt-out)",
    "issue_label": "Any issue",
}


def row(
    estimate: float = 0.081, low: float = 0.052, high: float = 0.110, n: int = 750, **extra: float
) -> pd.Series:
    return pd.Series(
        {
            "estimate": estimate,
            "ci_low": low,
            "ci_high": high,
            "baseline": 0.060,
            "rate_treated": 0.060 + estimate,
            "n_treated": n,
            "n_control": n,
            "prompt": "government",
            "level": "all",
            **extra,
        }
    )


def test_headline_matches_the_issue_example() -> None:
    text = effect_sentence(row(), headline=True, **LABELS)
    assert text == (
        "Offered the exit, 14.1% of those shown the government monitoring prompt "
        "left the survey, against 6.0% with no prompt: +8.1 points "
        "(95% CI +5.2 to +11.0)."
    )


def test_significant_rise_says_higher() -> None:
    assert "8.1 points higher (95% CI +5.2 to +11.0)" in effect_sentence(row(), **LABELS)


def test_significant_fall_says_lower() -> None:
    text = effect_sentence(row(-0.05, -0.08, -0.02), **LABELS)
    assert "5.0 points lower" in text


def test_ci_including_zero_never_claims_a_direction() -> None:
    text = effect_sentence(row(0.007, -0.018, 0.031), **LABELS)
    assert "cannot tell" in text and "higher" not in text and "lower" not in text


def test_ci_including_zero_is_not_called_no_effect() -> None:
    text = effect_sentence(row(0.007, -0.018, 0.031), **LABELS)
    assert "not proof of no effect" in text


def test_headline_ci_including_zero_cannot_tell() -> None:
    text = effect_sentence(row(0.007, -0.018, 0.031), headline=True, **LABELS)
    assert "cannot tell a change from no change" in text


def test_small_cell_adds_a_caution() -> None:
    assert "read with caution" in effect_sentence(row(n=80), **LABELS)


def test_large_cell_has_no_caution() -> None:
    assert "caution" not in effect_sentence(row(n=750), **LABELS)


def test_suppressed_cell_gives_no_number() -> None:
    text = effect_sentence(row(n=20), **LABELS)
    assert "too few respondents" in text and "%" not in text and "CI" not in text


def test_thresholds_are_configurable() -> None:
    assert "caution" in effect_sentence(row(n=750), flag_below=1000, **LABELS)
    assert "too few" in effect_sentence(row(n=750), suppress_below=800, **LABELS)


def test_adjusted_p_is_quoted_when_present() -> None:
    text = effect_sentence(row(p_adjusted=0.0123, family_size=8), **LABELS)
    assert "Holm" in text and "p = 0.012" in text


def test_missing_estimate_says_unavailable() -> None:
    assert "Not enough data" in effect_sentence(row(estimate=float("nan")), **LABELS)


@pytest.mark.parametrize(
    ("estimate", "low", "high", "word"),
    [
        (0.081, 0.052, 0.110, "高く"),
        (-0.05, -0.08, -0.02, "低く"),
        (0.007, -0.018, 0.031, "区別できません"),
    ],
)
def test_japanese_follows_the_same_rules(estimate, low, high, word) -> None:
    labels = {**LABELS, "lang": "ja", "prompt_label": "政府による監視", "control_label": "提示なし"}
    assert word in effect_sentence(row(estimate, low, high), **labels)


def test_japanese_small_cell_caution() -> None:
    labels = {**LABELS, "lang": "ja", "prompt_label": "政府による監視"}
    assert "慎重に解釈" in effect_sentence(row(n=80), **labels)


def test_inline_label_lowercases_words_not_acronyms() -> None:
    assert inline_label("Government monitoring", "en") == "government monitoring"
    assert inline_label("LDP members", "en") == "LDP members"
    assert inline_label("政府による監視", "ja") == "政府による監視"


def effects_frame() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {**row(0.007, -0.018, 0.031).to_dict(), "prompt": "company"},
            row().to_dict(),
        ]
    )


def test_effects_summary_is_one_sentence_covering_every_prompt() -> None:
    text = effects_summary(
        effects_frame(),
        lang="en",
        prompt_labels={"company": "Company", "government": "Government"},
        control_label="No prompt",
        outcome_label="Left",
        issue_label="Any issue",
    )
    assert text.endswith(".") and ". " not in text  # one sentence
    assert "Company +0.7 points" in text and "cannot be told from no difference" in text
    assert "Government +8.1 points (95% CI +5.2 to +11.0)" in text


def test_effects_summary_with_levels_points_to_interactions() -> None:
    frame = effects_frame().assign(level=["0", "1"])
    text = effects_summary(
        frame,
        lang="en",
        prompt_labels={"government": "Government"},
        control_label="No prompt",
        outcome_label="Left",
        issue_label="Any issue",
        subgroup_label="Gender",
    )
    assert "interaction" in text


def test_rates_sentence_hides_suppressed_cells() -> None:
    rates = pd.DataFrame(
        {
            "prompt": ["none", "government"],
            "level": ["all", "all"],
            "estimate": [0.06, 0.14],
            "n": [750, 12],
        }
    )
    text = rates_sentence(
        rates,
        lang="en",
        prompt_labels={"none": "No prompt", "government": "Government"},
        outcome_label="Left",
        issue_label="Any issue",
    )
    assert "6.0% with no prompt" in text and "14.0%" not in text and "not shown" in text


def test_adjusted_p_is_quoted_on_real_output(embedded, embedded_full) -> None:
    # An issue's effect belongs to a family of one test per issue (Holm across the issues).
    from dashboard.render.smallcells import SmallCells
    from dashboard.render.views import explore_view, export_cells

    view = explore_view(
        embedded,
        export_cells(embedded, embedded_full),
        lang="en",
        outcome="support",
        option="exit",
        issue="death_penalty",
        subgroup="all",
        prompts=list(embedded.mapping.prompt_keys),
        method="ols_hc2",
        cells=SmallCells(),
        font_size=14,
    )
    n_issues = len(embedded.mapping.issues)
    assert view.sentences
    assert all(f"the {n_issues} tests of its family (Holm)" in s for s in view.sentences)


def test_a_family_of_one_quotes_no_adjusted_p() -> None:
    assert "Holm" not in effect_sentence(row(p_adjusted=0.0123, family_size=1), **LABELS)
