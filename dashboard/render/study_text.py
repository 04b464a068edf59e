"""Every sentence that describes the study, built from its mapping and its data only.

The Overview's intro, the Methods page and the badge describe whatever study is loaded: the
prompts, the response options, the control and the issues come from the mapping; counts of
respondents, cells, prompts, options and issues from the data; where and when, who was asked,
the payment, the design paragraph and the citation from the mapping's ``[study]`` table. A part
the mapping leaves out is left out here too, never filled with the embedded study's text. Only
the embedded simulated data (``analysis.study.dataset.is_embedded``) quote what the simulation
was calibrated to.

No Streamlit here: the pages render what these functions return, and tests read it directly.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.i18n import t
from analysis.io.mapping import Label, Mapping
from analysis.study.dataset import Dataset, is_embedded
from dashboard.render.exports import dashboard_version
from dashboard.render.safe import md_escape
from dashboard.render.takeaways import inline_label


def has_exit(mapping: Mapping) -> bool:
    """Whether the study offered respondents the chance to leave the survey."""
    return "exit" in mapping.option_keys


def headline_outcome(mapping: Mapping) -> str:
    """The outcome a study is about first: leaving the survey when that was offered, else
    answering "no opinion"."""
    return "opt_out" if has_exit(mapping) else "no_opinion"


def count_word(n: int, lang: str) -> str:
    """A small count as a word ("eight", 八), larger ones as digits with separators."""
    words = t("st_number_words", lang).split(",")
    return words[n] if 0 <= n < len(words) else f"{n:,}"


def _text(label: Label | None, lang: str) -> str:
    return label.get(lang).strip() if label is not None else ""


def _paragraphs(text: str) -> list[str]:
    """User text as Markdown paragraphs, each escaped (shown literally)."""
    return [md_escape(p) for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


def _respondents(dataset: Dataset) -> pd.DataFrame:
    return dataset.prepared.frame


def _prompt_list(mapping: Mapping, lang: str) -> str:
    """The prompts in display order, the control marked, as a list inside a sentence."""
    items = []
    for key in mapping.prompt_keys:
        label = md_escape(inline_label(mapping.prompt_label(key, lang), lang))
        items.append(t("st_control_mark", lang, label=label) if key == mapping.control else label)
    return t("tk_list_sep", lang).join(items)


def _option_list(mapping: Mapping, lang: str) -> str:
    return t("tk_list_sep", lang).join(
        md_escape(inline_label(mapping.option_label(k, lang), lang)) for k in mapping.option_keys
    )


def overview_heading(dataset: Dataset, lang: str) -> str:
    """The Overview's title: the question its charts answer for this study's design."""
    return t(f"st_overview_heading_{headline_outcome(dataset.mapping)}", lang)


def overview_intro(dataset: Dataset, lang: str) -> str:
    """The Overview's intro (Markdown): who was assigned what, and what the charts show."""
    m = dataset.mapping
    frame = _respondents(dataset)
    n = len(frame)
    where_when = _text(m.study.where_when, lang)
    offered = frame["option"].value_counts()
    design = "both" if has_exit(m) and "no_opinion" in m.option_keys else m.option_keys[0]
    return t(
        f"st_intro_{design}",
        lang,
        n=f"{n:,}",
        where=t("st_where_clause", lang, where_when=md_escape(where_when)) if where_when else "",
        k=count_word(len(m.prompt_keys), lang),
        prompts=_prompt_list(m, lang),
        control=md_escape(inline_label(m.prompt_label(m.control, lang), lang)),
        n_exit=f"{int(offered.get('exit', 0)):,}",
        n_no=f"{int(offered.get('no_opinion', 0)):,}",
    )


def overview_sample(dataset: Dataset, lang: str) -> str:
    """How many respondents there are, and how many were offered the headline's option."""
    m = dataset.mapping
    frame = _respondents(dataset)
    option = "exit" if has_exit(m) else "no_opinion"
    n_option = int((frame["option"] == option).sum())
    everyone = n_option == len(frame)
    return t(
        f"st_sample_{'all_' if everyone else ''}{headline_outcome(m)}",
        lang,
        n=f"{len(frame):,}",
        n_option=f"{n_option:,}",
    )


def simulated_note(dataset: Dataset, lang: str) -> str:
    """The badge's note for simulated data: what the embedded data were calibrated to, or,
    for any other data marked simulated, only that they are simulated."""
    key = "simulated_note" if is_embedded(dataset.provenance) else "simulated_note_mapping"
    return t(key, lang)


@dataclass(frozen=True)
class Block:
    """One element of a Methods section: ``kind`` is markdown, caption, code or table."""

    kind: str
    value: str | pd.DataFrame


@dataclass(frozen=True)
class Section:
    """A heading and its blocks, in reading order."""

    heading: str
    blocks: tuple[Block, ...]


def _design_section(dataset: Dataset, lang: str) -> Section:
    m = dataset.mapping
    frame = _respondents(dataset)
    blocks: list[Block] = []
    design = _text(m.study.design, lang)
    blocks += [Block("markdown", p) for p in _paragraphs(design)]
    facts = [
        t("st_fact_line", lang, name=t(f"st_fact_{name}", lang), value=md_escape(text))
        for name in ("where_when", "respondents", "payment")
        if (text := _text(getattr(m.study, name), lang))
    ]
    if facts:
        blocks.append(Block("markdown", "\n".join(facts)))
    found = frame.groupby(["prompt", "option"], observed=True).size()
    order = [(p, o) for p in m.prompt_keys for o in m.option_keys if (p, o) in found.index]
    counts = found.reindex(order)
    blocks.append(
        Block(
            "markdown",
            t(
                "st_data_summary" if len(m.option_keys) > 1 else "st_data_summary_one_option",
                lang,
                n=f"{len(frame):,}",
                k=count_word(len(m.prompt_keys), lang),
                prompts=_prompt_list(m, lang),
                j=count_word(len(m.option_keys), lang),
                options=_option_list(m, lang),
                cells=count_word(len(counts), lang),
                i=count_word(len(m.issues), lang),
            ),
        )
    )
    blocks.append(
        Block(
            "caption",
            t(
                "methods_cells",
                lang,
                cells=t("tk_list_sep", lang).join(
                    f"{md_escape(m.prompt_label(p, lang))} × {md_escape(m.option_label(o, lang))}"
                    f": n = {n:,}"
                    for (p, o), n in counts.items()
                ),
            ),
        )
    )
    return Section(t("methods_design_h", lang), tuple(blocks))


def _issues_section(dataset: Dataset, lang: str) -> Section:
    m = dataset.mapping
    table = pd.DataFrame(
        {
            t("methods_col_key", lang): [i.key for i in m.issues],
            t("methods_col_en", lang): [i.label.en for i in m.issues],
            t("methods_col_ja", lang): [i.label.ja for i in m.issues],
        }
    )
    heading = t("st_issues_h", lang, n=count_word(len(m.issues), lang))
    return Section(heading, (Block("table", table),))


def caveats(dataset: Dataset, lang: str, *, flag_below: int, suppress_below: int) -> list[str]:
    """The caveats that hold for this study's data and design, one Markdown item each."""
    m = dataset.mapping
    items = []
    if dataset.provenance.simulated:
        embedded = is_embedded(dataset.provenance)
        items.append(t("st_caveat_simulated_embedded" if embedded else "st_caveat_simulated", lang))
    if has_exit(m):
        items.append(t("st_caveat_selection", lang))
    if has_exit(m) and "no_opinion" in m.option_keys:
        items.append(t("st_caveat_where_options", lang))
    values = {
        "issues": count_word(len(m.issues), lang),
        "subgroups": count_word(len(m.subgroups), lang),
    }
    key = "st_caveat_multiplicity" if m.subgroups else "st_caveat_multiplicity_no_subgroups"
    items.append(t(key, lang, **values))
    items.append(t("st_caveat_nonsig", lang))
    items.append(t("st_caveat_small", lang, flag=flag_below, suppress=suppress_below))
    return items


def study_citation(dataset: Dataset, lang: str) -> str:
    """The study's citation with its DOI or URL, from the mapping ("" when it gives none)."""
    return dataset.provenance.source(lang)


def methods_sections(
    dataset: Dataset, lang: str, *, flag_below: int = 100, suppress_below: int = 30
) -> list[Section]:
    """The Methods page: design, issues, estimators, caveats and how to cite, for this study."""
    m = dataset.mapping
    control = md_escape(inline_label(m.prompt_label(m.control, lang), lang))
    citation = study_citation(dataset, lang)
    cite: list[Block] = [Block("markdown", t("methods_cite_study", lang))]
    cite.append(
        Block("code", citation) if citation else Block("caption", t("st_no_citation", lang))
    )
    cite += [
        Block("markdown", t("methods_cite_dashboard", lang)),
        Block("code", t("cite_dashboard", lang, version=dashboard_version())),
        Block("markdown", t("methods_cite_data", lang)),
        Block("code", dataset.provenance.stamp(lang)),
        Block("caption", t("methods_cite_note", lang)),
    ]
    return [
        _design_section(dataset, lang),
        _issues_section(dataset, lang),
        Section(
            t("methods_estimators_h", lang),
            (Block("markdown", t("st_estimators", lang, control=control)),),
        ),
        Section(
            t("methods_caveats_h", lang),
            (
                Block(
                    "markdown",
                    "\n".join(
                        f"- {item}"
                        for item in caveats(
                            dataset, lang, flag_below=flag_below, suppress_below=suppress_below
                        )
                    ),
                ),
            ),
        ),
        Section(t("methods_cite_h", lang), tuple(cite)),
    ]
