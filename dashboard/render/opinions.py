"""The Opinions page as slides: the answer distribution under each prompt for one issue, with
its one-sentence takeaway, its table, the chi-square test and the share supporting. No
Streamlit here.

    opinion_slides(dataset, full, lang="en", cells=SmallCells(), font_size=14)

Where the exit was offered, opinions are seen only for those who stayed and the prompt changes
who stays: the sentence then says the differences are not effects of the prompt, and gives no
test verdict. Counting leaving as an answer over everyone assigned ("assigned") is randomised.
"""

from __future__ import annotations

import pandas as pd

from analysis.i18n import t
from analysis.stats.kinds import Kind, Method, Outcome
from analysis.stats.opinions import ASSIGNED, distribution_rows
from analysis.stats.select import select_rows
from analysis.study.dataset import Dataset
from dashboard.render.figures_stats import make_distribution_figure
from dashboard.render.formatting import fmt_p
from dashboard.render.slides import Slide
from dashboard.render.smallcells import SmallCells
from dashboard.render.tables_stats import distribution_table

ALPHA = 0.05  # the distributions "differ" when the chi-square test's Holm-adjusted p is below


def opinion_views(option: str) -> list[str]:
    """Who can be counted: those who answered; in exit-offered cells also everyone assigned."""
    return ["answer", "assigned"] if option == "exit" else ["answer"]


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _share(dist: pd.DataFrame, prompt: str, category: str) -> float:
    row = dist[(dist["prompt"] == prompt) & (dist["category"] == category)]
    return float(row["estimate"].iloc[0]) if len(row) else 0.0


def opinion_sentence(
    dist: pd.DataFrame,
    test: pd.DataFrame,
    *,
    lang: str,
    prompt_labels: dict[str, str],
    issue_label: str,
    option_label: str,
    option: str,
    view: str,
    cells: SmallCells,
) -> str:
    """One sentence: the share supporting (and, over everyone assigned, the share who left)
    under each prompt, then the chi-square verdict where the comparison is randomised. Among
    those who stayed in exit-offered cells it says the differences are not effects of the
    prompt instead. A suppressed prompt is named without numbers (and then no verdict, since
    the test would include it); a flagged one carries a caution."""
    if dist.empty:
        return t("takeaway_unavailable", lang)
    items, hidden = [], False
    for prompt, label in prompt_labels.items():
        part = dist[dist["prompt"] == prompt]
        if part.empty:
            continue
        n = int(part["n"].min())
        if n < cells.suppress_below:
            hidden = True
            items.append(t("tk_item_suppressed", lang, prompt=label, suppress=cells.suppress_below))
            continue
        values = {
            "prompt": label,
            "share": _pct(_share(dist, prompt, "support")),
        }
        if view == "assigned":
            item = t("tk_op_item_left", lang, left=_pct(_share(dist, prompt, "left")), **values)
        else:
            item = t("tk_op_item", lang, **values)
        if n < cells.flag_below:
            item += t("tk_few", lang, n=n, flag=cells.flag_below)
        items.append(item)
    fields = {
        "issue": issue_label,
        "option": option_label,
        "items": t("tk_clause_sep", lang).join(items),
    }
    if option == "exit" and view == "answer":
        return t("tk_op_stayed", lang, **fields)
    if hidden or test.empty or pd.isna(test["p_adjusted"].iloc[0]):
        return t("tk_op_plain", lang, **fields)
    p_adj = float(test["p_adjusted"].iloc[0])
    verdict = t("tk_op_differ" if p_adj < ALPHA else "tk_op_same", lang, p_adj=fmt_p(p_adj))
    return t("tk_op_summary", lang, verdict=verdict, **fields)


def opinion_details(
    dist: pd.DataFrame,
    test: pd.DataFrame,
    support: pd.DataFrame,
    *,
    lang: str,
    prompt_labels: dict[str, str],
    option: str,
    view: str,
    cells: SmallCells,
) -> list[str]:
    """The caveat (or the note on counting everyone), the chi-square line (left out when a
    prompt is suppressed) and each prompt's share supporting among those giving a view."""
    lines = []
    if option == "exit" and view == "answer":
        lines.append(t("op_selection_caveat", lang))
    elif view == "assigned":
        lines.append(t("op_assigned_note", lang))
    if not test.empty and not pd.isna(test["estimate"].iloc[0]):
        if (dist["n"] < cells.suppress_below).any():
            lines.append(t("op_chi2_hidden", lang, n=cells.suppress_below))
        else:
            lines.append(
                t(
                    "op_chi2",
                    lang,
                    chi2=f"{test['estimate'].iloc[0]:.2f}",
                    p=fmt_p(test["p_value"].iloc[0]),
                    p_adj=fmt_p(test["p_adjusted"].iloc[0]),
                )
            )
    for r in support.itertuples():
        label = prompt_labels.get(r.prompt, r.prompt)
        if r.n < cells.suppress_below:
            lines.append(t("tk_item_suppressed", lang, prompt=label, suppress=cells.suppress_below))
            continue
        line = t(
            "op_support_line",
            lang,
            prompt=label,
            share=f"{100 * r.estimate:.1f}",
            low=f"{100 * r.ci_low:.1f}",
            high=f"{100 * r.ci_high:.1f}",
            n=f"{int(r.n):,}",
        )
        if r.n < cells.flag_below:
            line += t("tk_few", lang, n=int(r.n), flag=cells.flag_below)
        lines.append(line)
    return lines


def opinion_slides(
    dataset: Dataset,
    full: pd.DataFrame,
    *,
    lang: str,
    cells: SmallCells | None = None,
    font_size: int = 14,
    issue: str | None = None,
    option: str | None = None,
    view: str | None = None,
) -> list[Slide]:
    """The Opinions chart of one selection as a slide. ``full`` is the dataset's full export
    (:func:`analysis.stats.report.all_estimates`). Left out, each selection is the page's
    default: the first issue, the last response option, those who answered."""
    cells = cells or SmallCells()
    m = dataset.mapping
    issue = issue or m.issues[0].key
    option = option if option in m.option_keys else m.option_keys[-1]
    view = view if view in opinion_views(option) else "answer"
    dist = distribution_rows(full, issue=issue, option=option, view=view)
    if dist.empty:
        return []
    prompt_labels = {k: m.prompt_label(k, lang) for k in m.prompt_keys}
    category_labels = {c: t(f"answer_{c}", lang) for c in ASSIGNED}
    issue_label = m.issue(issue).label.get(lang)
    option_label = m.option_label(option, lang)
    test = select_rows(
        full, kind=Kind.CHI2_TEST, outcome=view, issue=issue, option=option, prompts=["all"]
    )
    support = select_rows(
        full,
        kind=Kind.RATE,
        outcome=Outcome.SUPPORT,
        issue=issue,
        option=option,
        method=Method.WILSON,
    )
    figure = make_distribution_figure(
        dist,
        lang=lang,
        prompt_labels=prompt_labels,
        category_labels=category_labels,
        title=t("op_chart_title", lang, issue=issue_label, option=option_label),
        font_size=font_size,
        **cells.kwargs(),
    )
    table = distribution_table(
        dist,
        lang=lang,
        prompt_labels=prompt_labels,
        category_labels=category_labels,
        **cells.kwargs(),
    )
    sentence = opinion_sentence(
        dist,
        test,
        lang=lang,
        prompt_labels=prompt_labels,
        issue_label=issue_label,
        option_label=option_label,
        option=option,
        view=view,
        cells=cells,
    )
    details = opinion_details(
        dist,
        test,
        support,
        lang=lang,
        prompt_labels=prompt_labels,
        option=option,
        view=view,
        cells=cells,
    )
    return [
        Slide(
            "opinions_distribution",
            t("op_heading", lang, issue=issue_label),
            figure,
            sentence,
            table,
            tuple(details),
        )
    ]
