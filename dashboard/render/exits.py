"""The Exits page as slides: the cumulative share that has left by each question, per prompt,
with its one-sentence takeaway and its table. No Streamlit here.

    exit_slides(dataset, full, lang="en", cells=SmallCells(), font_size=14)

A study that offered no exit has no exit curve: :func:`exit_unavailable` says why, in words the
page shows as they are.
"""

from __future__ import annotations

import pandas as pd

from analysis.i18n import t
from analysis.io.mapping import Mapping
from analysis.stats.exits import OUTCOME
from analysis.stats.kinds import Kind
from analysis.study.dataset import Dataset
from dashboard.render.figures import signed
from dashboard.render.figures_stats import make_exit_curve_figure
from dashboard.render.slides import Slide
from dashboard.render.smallcells import SmallCells
from dashboard.render.tables_stats import exit_table
from dashboard.render.takeaways import inline_label, is_significant


def exit_unavailable(mapping: Mapping) -> str | None:
    """The message key saying why this study has no exit curve, or None when it has one:
    no exit option at all, or exits recorded without the question at which they happened."""
    if "exit" not in mapping.option_keys:
        return "ex_no_exit_offered"
    if not mapping.exit_position:
        return "ex_no_position"
    return None


def exit_choices(mapping: Mapping) -> list[str]:
    """What the page can show: every prompt ('all'), or one prompt against the control."""
    return ["all", *[p for p in mapping.prompt_keys if p != mapping.control]]


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _points(x: float) -> str:
    return signed(100 * x)


def exit_sentence(
    curve: pd.DataFrame,
    *,
    lang: str,
    prompt_labels: dict[str, str],
    control: str,
    last_issue: str,
    last_label: str,
    cells: SmallCells,
) -> str:
    """One sentence: the share who had left by the last question under each prompt, then each
    prompt's difference from the control with its CI, worded by whether the CI excludes zero.
    Suppressed shares and differences are named without numbers; flagged ones carry a caution."""
    last = curve[curve["issue"] == last_issue]
    rates = last[last["kind"] == Kind.RATE].set_index("prompt")
    effects = last[last["kind"] == Kind.EFFECT].set_index("prompt")
    if rates.empty:
        return t("takeaway_unavailable", lang)
    n_control = rates["n"].get(control, 0)
    rate_items, effect_items = [], []
    for prompt, label in prompt_labels.items():
        if prompt not in rates.index:
            continue
        n = int(rates.loc[prompt, "n"])
        if n < cells.suppress_below:
            rate_items.append(
                t("tk_item_suppressed", lang, prompt=label, suppress=cells.suppress_below)
            )
        else:
            item = t(
                "tk_rate_item",
                lang,
                rate=_pct(rates.loc[prompt, "estimate"]),
                prompt=inline_label(label, lang),
            )
            if n < cells.flag_below:
                item += t("tk_few", lang, n=n, flag=cells.flag_below)
            rate_items.append(item)
        if prompt == control or prompt not in effects.index:
            continue
        row = effects.loc[prompt]
        n_min = int(min(n, n_control))
        if n_min < cells.suppress_below or pd.isna(row["estimate"]):
            effect_items.append(
                t("tk_item_suppressed", lang, prompt=label, suppress=cells.suppress_below)
            )
            continue
        item = t(
            "tk_item_sig" if is_significant(row) else "tk_item_nonsig",
            lang,
            prompt=label,
            effect=_points(row["estimate"]),
            low=_points(row["ci_low"]),
            high=_points(row["ci_high"]),
        )
        if n_min < cells.flag_below:
            item += t("tk_few", lang, n=n_min, flag=cells.flag_below)
        effect_items.append(item)
    fields = {
        "issue": last_label,
        "rates": t("tk_list_sep", lang).join(rate_items),
        "control": inline_label(prompt_labels.get(control, control), lang),
    }
    if not effect_items:
        return t("tk_ex_rates", lang, **fields)
    return t("tk_ex_summary", lang, items=t("tk_clause_sep", lang).join(effect_items), **fields)


def exit_slides(
    dataset: Dataset,
    full: pd.DataFrame,
    *,
    lang: str,
    cells: SmallCells | None = None,
    font_size: int = 14,
    prompts: str = "all",
) -> list[Slide]:
    """The exit curve as a slide: every prompt (``prompts="all"``, the default) or one prompt
    against the control. None when the study has no exit curve (see :func:`exit_unavailable`).
    ``full`` is the dataset's full export (:func:`analysis.stats.report.all_estimates`)."""
    cells = cells or SmallCells()
    m = dataset.mapping
    if exit_unavailable(m) is not None:
        return []
    curve = full[full["outcome"] == OUTCOME]
    if curve.empty:
        return []
    keep = list(m.prompt_keys) if prompts not in exit_choices(m)[1:] else [m.control, prompts]
    curve = curve[curve["prompt"].isin(keep)]
    prompt_labels = {k: m.prompt_label(k, lang) for k in keep}
    issue_labels = {i.key: i.label.get(lang) for i in m.issues}
    last_issue = m.issues[-1].key
    figure = make_exit_curve_figure(
        curve[curve["kind"] == Kind.RATE],
        lang=lang,
        prompt_labels=prompt_labels,
        issue_labels=issue_labels,
        title=t("ex_chart_title", lang),
        font_size=font_size,
        prompt_order=m.prompt_keys,
        **cells.kwargs(),
    )
    table = exit_table(
        curve,
        lang=lang,
        prompt_labels=prompt_labels,
        issue_labels=issue_labels,
        control=m.control,
        **cells.kwargs(),
    )
    sentence = exit_sentence(
        curve,
        lang=lang,
        prompt_labels=prompt_labels,
        control=m.control,
        last_issue=last_issue,
        last_label=f"{len(issue_labels)}. {issue_labels[last_issue]}",
        cells=cells,
    )
    questions = [f"{i}. {label}" for i, label in enumerate(issue_labels.values(), start=1)]
    details = (
        t("ex_questions", lang, items=t("tk_clause_sep", lang).join(questions)),
        t("ex_intro", lang),
        t("ex_reading", lang, control=prompt_labels[m.control]),
        t("ex_marks_note", lang, flag=cells.flag_below, suppress=cells.suppress_below),
    )
    return [Slide("exits_curve", t("ex_heading", lang), figure, sentence, table, details)]
