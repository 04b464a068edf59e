"""The mapping form of the Data page: pick columns and codes, get the mapping's TOML text.

Every choice starts from a suggestion (``analysis.io.mapping_builder``): columns by name and type,
arm prompts/options and answer codes from value labels. The form only collects choices; the TOML
it returns is checked by the same parser and validator as an uploaded mapping.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from analysis.i18n import t
from analysis.io.mapping_builder import (
    build_mapping,
    column_codes,
    guess_answer_codes,
    guess_arm,
    mapping_toml,
    slug,
    suggest_bins,
    suggest_columns,
)
from analysis.io.readers import Table
from analysis.study.columns import codes_as_keys
from dashboard.render.safe import t_md

NONE = ""  # "no column" in optional selectboxes
OPTIONS = ["no_opinion", "exit", NONE]
MAX_LEVELS = 12  # more distinct values than this: bins (numbers) or not a subgroup


def _pick(
    label: str,
    columns: list[str],
    suggested: list[str],
    key: str,
    lang: str,
    optional: bool = False,
    where=st,
) -> str:
    options = ([NONE] if optional else []) + columns
    default = suggested[0] if suggested else (NONE if optional else columns[0])
    return where.selectbox(
        label,
        options,
        index=options.index(default),
        key=key,
        format_func=lambda c: t("map_no_column", lang) if c == NONE else c,
    )


def _code_preview(table: Table, column: str, limit: int = 8) -> str:
    codes = column_codes(table, column)
    parts = [
        f"{c}={lab}" if lab else c for c, lab in zip(codes["code"], codes["label"], strict=True)
    ]
    return ", ".join(parts[:limit]) + (", …" if len(parts) > limit else "")


def _arm_editor(table: Table, column: str, lang: str, key: str, role: str) -> pd.DataFrame:
    """Codes of an arm column with a prompt and/or option for each."""
    codes = column_codes(table, column)
    guesses = [guess_arm(lab) for lab in codes["label"]]
    frame = codes.assign(prompt=[g[0] for g in guesses], option=[g[1] for g in guesses])
    config = {
        "code": st.column_config.TextColumn(t("map_code", lang), disabled=True),
        "label": st.column_config.TextColumn(t("map_value_label", lang), disabled=True),
        "rows": st.column_config.NumberColumn(t("map_rows", lang), disabled=True),
        "prompt": st.column_config.TextColumn(
            t("map_prompt_key", lang), help=t("map_prompt_key_help", lang)
        ),
        "option": st.column_config.SelectboxColumn(
            t("map_option", lang), options=OPTIONS, help=t("map_option_help", lang)
        ),
    }
    if role == "prompt":
        frame, config = (
            frame.drop(columns="option"),
            {k: v for k, v in config.items() if k != "option"},
        )
    elif role == "option":
        frame, config = (
            frame.drop(columns="prompt"),
            {k: v for k, v in config.items() if k != "prompt"},
        )
    return st.data_editor(frame, column_config=config, hide_index=True, key=key, width="stretch")


def _clean(value: object) -> str:
    return (
        "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).strip()
    )


def _study_description(lang: str) -> tuple[dict[str, tuple[str, str]], str, str, str]:
    """The optional ``[study]`` texts, English and Japanese side by side, in a closed expander.

    Returns ``(description, Japanese citation, DOI, URL)``; empty fields stay empty (left out).
    """
    description: dict[str, tuple[str, str]] = {}
    with st.expander(t("map_desc_heading", lang)):
        st.caption(t("map_desc_help", lang))
        for name in ("where_when", "respondents", "payment", "design"):
            columns = st.columns(2)
            texts = []
            for column, code in zip(columns, ("en", "ja"), strict=True):
                widget = column.text_area if name == "design" else column.text_input
                label = t(
                    "map_desc_field",
                    lang,
                    field=t(f"map_desc_{name}", lang),
                    language=t(f"map_lang_{code}", lang),
                )
                texts.append(widget(label, value="", key=f"map_desc_{name}_{code}"))
            description[name] = (texts[0], texts[1])
        citation_ja = st.text_input(
            t(
                "map_desc_field",
                lang,
                field=t("map_desc_citation", lang),
                language=t("map_lang_ja", lang),
            ),
            value="",
            key="map_citation_ja",
        )
        c1, c2 = st.columns(2)
        doi = c1.text_input(t("map_doi", lang), value="", key="map_doi")
        url = c2.text_input(t("map_url", lang), value="", key="map_url")
    return description, citation_ja, doi, url


def mapping_form(table: Table, lang: str, *, file_name: str) -> str | None:
    """Render the form for ``table``; the mapping as TOML text, or None while incomplete."""
    columns = [str(c) for c in table.frame.columns]
    hints = suggest_columns(table)
    st.markdown(f"**{t('map_heading', lang)}** — {t('map_intro', lang)}")

    c1, c2 = st.columns(2)
    title_en = c1.text_input(
        t("map_title_en", lang), value=Path(file_name).stem, key="map_title_en"
    )
    title_ja = c2.text_input(t("map_title_ja", lang), value="", key="map_title_ja")
    citation = st.text_input(t("map_citation", lang), value="", key="map_citation")
    description, citation_ja, doi, url = _study_description(lang)

    st.markdown(f"**{t('map_arms_heading', lang)}**")
    layout = st.radio(
        t("map_arm_layout", lang),
        ["one", "two"],
        horizontal=True,
        key="map_arm_layout",
        format_func=lambda k: t(f"map_arm_{k}", lang),
    )
    arms: list[tuple[str, str, str]] = []
    prompt_codes: dict[str, str] = {}
    option_codes: dict[str, str] = {}
    arm_column = prompt_column = option_column = None
    if layout == "one":
        arm_column = _pick(t("map_arm_column", lang), columns, hints["arm"], "map_arm_col", lang)
        edited = _arm_editor(table, arm_column, lang, f"map_arms_{arm_column}", "both")
        arms = [
            (str(r.code), _clean(r.prompt), _clean(r.option))
            for r in edited.itertuples()
            if _clean(r.prompt) and _clean(r.option)
        ]
        prompt_keys = list(dict.fromkeys(p for _, p, _ in arms))
        options_used = {o for _, _, o in arms}
    else:
        c1, c2 = st.columns(2)
        with c1:
            prompt_column = _pick(
                t("map_prompt_column", lang),
                columns,
                hints["prompt"] or hints["arm"],
                "map_prompt_col",
                lang,
            )
            edited_p = _arm_editor(table, prompt_column, lang, f"map_pc_{prompt_column}", "prompt")
        with c2:
            option_column = _pick(
                t("map_option_column", lang),
                columns,
                hints["option"] or hints["arm"],
                "map_option_col",
                lang,
            )
            edited_o = _arm_editor(table, option_column, lang, f"map_oc_{option_column}", "option")
        prompt_codes = {
            _clean(r.prompt): str(r.code) for r in edited_p.itertuples() if _clean(r.prompt)
        }
        option_codes = {
            _clean(r.option): str(r.code) for r in edited_o.itertuples() if _clean(r.option)
        }
        prompt_keys = list(prompt_codes)
        options_used = set(option_codes)

    if not prompt_keys:
        st.info(t("map_need_arms", lang), icon=":material/info:")
        return None
    labels = st.data_editor(
        pd.DataFrame({"key": prompt_keys, "en": prompt_keys, "ja": prompt_keys}),
        column_config={
            "key": st.column_config.TextColumn(t("map_prompt_key", lang), disabled=True),
            "en": st.column_config.TextColumn(t("map_label_en", lang)),
            "ja": st.column_config.TextColumn(t("map_label_ja", lang)),
        },
        hide_index=True,
        key="map_prompt_labels_" + "_".join(prompt_keys),
        width="stretch",
    )
    control = st.selectbox(
        t("map_control", lang),
        prompt_keys,
        index=prompt_keys.index("none") if "none" in prompt_keys else 0,
        key="map_control",
    )

    st.markdown(f"**{t('map_columns_heading', lang)}**")
    c1, c2, c3 = st.columns(3)
    id_column = _pick(
        t("map_id_column", lang), columns, hints["id"], "map_id_col", lang, optional=True, where=c1
    )
    weight = _pick(
        t("map_weight_column", lang),
        columns,
        hints["weight"],
        "map_weight_col",
        lang,
        optional=True,
        where=c2,
    )
    exit_position = exit_flag = None
    if "exit" in options_used:
        exit_column = _pick(
            t("map_exit_column", lang),
            columns,
            hints["exit"],
            "map_exit_col",
            lang,
            optional=True,
            where=c3,
        )
        exit_kind = c3.radio(
            t("map_exit_kind", lang),
            ["position", "flag"],
            key="map_exit_kind",
            format_func=lambda k: t(f"map_exit_{k}", lang),
        )
        if exit_column:
            exit_position = exit_column if exit_kind == "position" else None
            exit_flag = exit_column if exit_kind == "flag" else None

    st.markdown(f"**{t('map_issues_heading', lang)}**")
    issue_columns = st.multiselect(
        t("map_issue_columns", lang), columns, default=hints["issue"], key="map_issue_cols"
    )
    issues: list[dict] = []
    if issue_columns:
        rows = []
        taken: list[str] = []
        for column in issue_columns:
            key = slug(column, taken)
            taken.append(key)
            guess = guess_answer_codes(column_codes(table, column))
            label = table.variable_labels.get(column, "") or column
            rows.append(
                {
                    "column": column,
                    "key": key,
                    "en": label,
                    "ja": label,
                    "no_opinion": ", ".join(guess["no_opinion"]),
                    "support": ", ".join(guess["support"]),
                    "oppose": ", ".join(guess["oppose"]),
                    "values": _code_preview(table, column),
                }
            )
        edited = st.data_editor(
            pd.DataFrame(rows),
            column_config={
                "column": st.column_config.TextColumn(t("map_column", lang), disabled=True),
                "key": st.column_config.TextColumn(t("map_key", lang)),
                "en": st.column_config.TextColumn(t("map_label_en", lang)),
                "ja": st.column_config.TextColumn(t("map_label_ja", lang)),
                "no_opinion": st.column_config.TextColumn(t("map_no_opinion_codes", lang)),
                "support": st.column_config.TextColumn(t("map_support_codes", lang)),
                "oppose": st.column_config.TextColumn(t("map_oppose_codes", lang)),
                "values": st.column_config.TextColumn(t("map_values", lang), disabled=True),
            },
            hide_index=True,
            key="map_issues_" + "_".join(issue_columns),
            width="stretch",
        )
        st.caption(t("map_issues_help", lang))
        issues = [{k: _clean(v) for k, v in r.items()} for r in edited.to_dict("records")]

    st.markdown(f"**{t('map_subgroups_heading', lang)}**")
    sub_columns = st.multiselect(
        t("map_subgroup_columns", lang),
        columns,
        default=[c for c in hints["subgroup"] if c not in issue_columns],
        key="map_sub_cols",
    )
    subgroups = []
    taken = []
    for column in sub_columns:
        series = table.frame[column]
        key = slug(column, taken)
        taken.append(key)
        label = table.variable_labels.get(column, "") or column
        item: dict = {"key": key, "column": column, "en": label, "ja": label}
        distinct = series.nunique(dropna=True)
        if pd.api.types.is_numeric_dtype(series) and distinct > MAX_LEVELS:
            item["bins"] = suggest_bins(series)
        elif distinct <= MAX_LEVELS * 4:
            labels_of = table.value_labels.get(column, {})
            found = sorted(
                set(codes_as_keys(series).dropna()),
                key=lambda k: (0, float(k)) if k.replace(".", "", 1).isdigit() else (1, k),
            )
            item["levels"] = {k: labels_of.get(k, k) for k in found}
        else:
            st.caption(t_md("map_subgroup_skipped", lang, column=column))
            continue
        subgroups.append(item)
    if subgroups:
        st.caption(t("map_subgroups_help", lang))

    prompt_rows = [(r["key"], _clean(r["en"]), _clean(r["ja"])) for r in labels.to_dict("records")]
    if not issues:
        st.info(t("map_need_issues", lang), icon=":material/info:")
        return None
    doc = build_mapping(
        title_en=title_en,
        title_ja=title_ja,
        citation=citation,
        control=control,
        prompts=prompt_rows,
        issues=issues,
        arm_column=arm_column,
        arms=arms,
        prompt_column=prompt_column,
        option_column=option_column,
        prompt_codes=prompt_codes,
        option_codes=option_codes,
        id_column=id_column or None,
        exit_position=exit_position,
        exit_flag=exit_flag,
        weight=weight or None,
        subgroups=subgroups,
        citation_ja=citation_ja,
        description=description,
        doi=doi,
        url=url,
    )
    text = mapping_toml(doc)
    with st.expander(t("map_show_toml", lang)):
        st.code(text, language="toml")
    return text
