"""Panels of the Data page: provenance and codebook tables, problems and load results."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from analysis.i18n import t
from analysis.io.problems import Problem
from analysis.study.dataset import Dataset
from dashboard.render.safe import problem_md, t_md
from dashboard.ui.state import LOADED_AT_KEY, human_size, uses_upload


def provenance_table(dataset: Dataset, lang: str) -> pd.DataFrame:
    """Where the data in use comes from, one field per row."""
    prov = dataset.provenance
    rows = [
        ("prov_source", t("badge_simulated", lang) if prov.simulated else t("badge_real", lang)),
        ("prov_title", prov.title(lang)),
        ("prov_file", prov.file_name),
        ("prov_format", prov.format_name),
        ("prov_size", f"{human_size(prov.file_bytes)} ({prov.file_bytes:,} B)"),
        ("prov_sha", prov.sha256),
        ("prov_rows", f"{prov.rows:,}"),
        ("prov_columns", f"{prov.columns:,}"),
        ("prov_analysed", f"{len(dataset.prepared.frame):,}"),
        ("prov_mapping", f"{prov.mapping_name} (SHA-256 {prov.mapping_sha256[:12]}…)"),
        ("prov_load_seconds", f"{prov.load_seconds:.2f} s"),
    ]
    loaded_at = st.session_state.get(LOADED_AT_KEY) if uses_upload() else None
    if loaded_at:
        rows.append(("prov_loaded_at", loaded_at))
    # The citation is not a row: too long for the grid's cell, it is shown whole under it.
    return pd.DataFrame(
        {
            t("prov_field", lang): [t(k, lang) for k, _ in rows],
            t("prov_value", lang): [v for _, v in rows],
        }
    )


def codebook_table(dataset: Dataset, lang: str) -> pd.DataFrame:
    """The codebook of the file in use, with translated headers and mapped roles."""
    book = dataset.codebook.copy()
    m = dataset.mapping
    roles: dict[str, list[str]] = {}

    def add(column: str | None, text: str) -> None:
        if column:
            roles.setdefault(column, []).append(text)

    add(m.id_column, t("role_id", lang))
    add(m.arm_column, t("role_arm", lang))
    add(m.prompt_column, t("role_prompt", lang))
    add(m.option_column, t("role_option", lang))
    add(m.exit_position or m.exit_flag, t("role_exit", lang))
    add(m.weight, t("role_weight", lang))
    for issue in m.issues:
        add(issue.column, t("role_issue", lang, name=issue.label.get(lang)))
    for sub in m.subgroups:
        add(sub.column, t("role_subgroup", lang, name=sub.label.get(lang)))
    for cov in m.covariates:
        add(cov, t("role_covariate", lang))
    book.insert(1, "role", [", ".join(roles.get(c, [])) for c in book["column"]])
    book["type"] = [t(f"type_{k}", lang) for k in book["type"]]
    return book.rename(columns={c: t(f"cb_{c}", lang) for c in book.columns})


def show_problems(problems: Sequence[Problem], lang: str) -> None:
    """Every problem, errors first, each as one sentence in the user's language."""
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity != "error"]
    if errors:
        st.error(
            t("data_errors_heading", lang, n=len(errors))
            + "\n\n"
            + "\n".join(f"- {problem_md(p, lang)}" for p in errors),
            icon=":material/error:",
        )
    if warnings:
        st.warning(
            t("data_warnings_heading", lang, n=len(warnings))
            + "\n\n"
            + "\n".join(f"- {problem_md(p, lang)}" for p in warnings),
            icon=":material/warning:",
        )


def show_dataset_warnings(dataset: Dataset, lang: str) -> None:
    """The warnings of the data in use: they stay visible as long as the data is used."""
    if dataset.prepared.warnings:
        show_problems(dataset.prepared.warnings, lang)


def show_last_result(result: dict | None, lang: str) -> None:
    """What the last load attempt in this session did."""
    if not result:
        return
    if result["loaded"]:
        st.success(t_md("data_loaded", lang, file=result["file"]), icon=":material/check_circle:")
    else:
        st.error(t_md("data_not_loaded", lang, file=result["file"]), icon=":material/block:")
        show_problems(result["problems"], lang)
