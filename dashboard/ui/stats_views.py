"""UI glue for the statistics pages: the cached full estimate set, the effect-method switch,
and the few selections every statistics view shares."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from analysis.i18n import t
from analysis.io.mapping import Mapping
from analysis.stats.select import effects_for_view
from analysis.study.dataset import Dataset
from dashboard.render.formatting import fmt_p
from dashboard.server import prewarm
from dashboard.server.caching import args_repr
from dashboard.ui.urlstate import seed

METHODS = ("ols_hc2", "lin_hc2", "wls_hc2")


@st.cache_resource(ttl=24 * 3600, max_entries=4, show_spinner=False)
def _full(data_sha: str, mapping_sha: str, _dataset: Dataset) -> pd.DataFrame:
    # Keyed on the file and mapping hashes only: hashing the frames on every rerun costs more.
    prewarmed = prewarm.full_estimates(data_sha, mapping_sha)
    if prewarmed is not None:
        return prewarmed
    # Imported here: statsmodels takes ~0.3 s to import, on a fresh server's first page view
    # only worth it when the export is not already computed.
    from analysis.stats.report import all_estimates

    return all_estimates(_dataset.prepared, _dataset.grid)


def full_estimates(dataset: Dataset, lang: str) -> pd.DataFrame:
    """Every estimate of the dataset (the CLI export), computed once per data and mapping."""
    prov = dataset.provenance
    with st.spinner(t("stats_computing", lang)):
        return _full(prov.sha256, prov.mapping_sha256, dataset)


@st.cache_resource(ttl=3600, max_entries=1024, show_spinner=False)
def _view_effects(
    data_sha: str, mapping_sha: str, args_repr: str, _full: pd.DataFrame, _selection: dict
) -> pd.DataFrame:
    return effects_for_view(_full, **_selection)


def view_effects(dataset: Dataset, lang: str, **selection: object) -> pd.DataFrame:
    """:func:`effects_for_view` of the dataset's full export, computed once per dataset and
    selection (filtering the ~13,000-row export costs ~10 ms a rerun); a copy."""
    full = full_estimates(dataset, lang)
    prov = dataset.provenance
    return _view_effects(
        prov.sha256, prov.mapping_sha256, args_repr(selection), full, selection
    ).copy()


def available_methods(mapping: Mapping) -> list[str]:
    """Effect methods the mapping supports: unadjusted, plus Lin (covariates) and WLS (weights)."""
    out = ["ols_hc2"]
    if mapping.covariates:
        out.append("lin_hc2")
    if mapping.weight:
        out.append("wls_hc2")
    return out


def effect_method_switch(mapping: Mapping, lang: str, key: str, *, container=None) -> str:  # noqa: ANN001
    """The 'unadjusted / covariate-adjusted / weighted' switch, kept in the URL as ``key``.

    One key per page: a widget key shared by two pages loses its value when the page changes.
    """
    options = available_methods(mapping)
    seed(key, options, "ols_hc2")
    where = container or st
    return (
        where.radio(
            t("effects_switch", lang),
            options,
            key=key,
            horizontal=True,
            format_func=lambda k: t(f"method_{k}", lang),
            help=t("effects_switch_help", lang),
        )
        or "ols_hc2"
    )


def method_note(method: str, subgroup: str, lang: str) -> str | None:
    """A caption explaining the chosen method (and why a subgroup view may be empty)."""
    if method == "lin_hc2" and subgroup != "all":
        return t("method_lin_everyone_only", lang)
    if method == "ols_hc2":
        return None
    return t(f"method_{method}_note", lang)


def p_value_note(effects: pd.DataFrame, *, lang: str, prompt_labels: dict[str, str]) -> str:
    """One line with each prompt's HC2 p, Holm-adjusted p and permutation p."""
    parts = [
        t(
            "p_note_item" if pd.notna(getattr(r, "p_ri", None)) else "p_note_item_no_ri",
            lang,
            prompt=prompt_labels.get(r.prompt, r.prompt),
            p=fmt_p(r.p_value),
            p_adj=fmt_p(r.p_adjusted),
            p_ri=fmt_p(getattr(r, "p_ri", None)),
        )
        for r in effects.itertuples()
    ]
    return t("p_note", lang, items="; ".join(parts))


def select_key(
    key: str,
    label: str,
    options: Sequence[str],
    default: str,
    *,
    labels: dict[str, str],
    container=None,
) -> str:  # noqa: ANN001
    """A selectbox whose value round-trips through the URL (``key`` is the parameter)."""
    options = list(options)
    seed(key, options, default)
    where = container or st
    return where.selectbox(label, options, key=key, format_func=lambda k: labels.get(k, k))
