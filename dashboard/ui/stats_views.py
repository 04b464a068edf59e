"""UI glue for the statistics pages: the cached full estimate set, the effect-method switch,
and the few selections every statistics view shares."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from analysis.i18n import t
from analysis.io.mapping import Mapping
from analysis.stats.kinds import EFFECT_METHODS, STAGE_NAMES, Method
from analysis.stats.select import effects_for_view
from analysis.study.dataset import Dataset
from dashboard.render.formatting import fmt_p
from dashboard.render.views import ExportCells, export_cells
from dashboard.server import prewarm, staged
from dashboard.server.caching import args_repr, cached_call
from dashboard.ui.urlstate import index_of, seed

METHODS = EFFECT_METHODS


# The stages an effect method's rows come from: the page waits for these only.
METHOD_STAGES = {
    Method.OLS_HC2: ("grid",),
    Method.LIN_HC2: ("grid", "adjusted"),
    Method.WLS_HC2: ("grid", "weighted"),
}
# Stages that add to a method's rows when they arrive (the permutation p beside each unadjusted
# effect): the page draws without them, says so, and is drawn again the moment they are done.
METHOD_EXTRAS = {Method.OLS_HC2: ("permutation",)}
POLL_SECONDS = 0.25


def method_stages(method: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The stages a view of ``method`` waits for, and those it shows once they are done."""
    return METHOD_STAGES.get(method, ("grid",)), METHOD_EXTRAS.get(method, ())


def _job(dataset: Dataset) -> staged.Job:
    """The dataset's staged export (finished at once when the prewarm or disk cache has it).
    A new job's stages start once this page run has ended (or when the page needs one)."""
    job = prewarm.dataset_job(dataset, start=False)
    job.ask()
    return job


def _stage_text(job: staged.Job, lang: str) -> str:
    running = job.running or (STAGE_NAMES[len(job.parts)] if job.waiting else None)
    stage = t(f"stage_{running}", lang) if running else t("stage_done", lang)
    return t(
        "stats_stage_progress",
        lang,
        stage=stage,
        done=len(job.parts),
        total=job.stage_count,
    )


@st.fragment(run_every=1.0)
def _background_progress(
    key: tuple[str, str], lang: str, shows: tuple[str, ...] = (), drawn: tuple[str, ...] = ()
) -> None:
    """A progress bar for the stages still running; reruns the page the moment a stage it
    shows (``shows``) arrives that it was drawn without (``drawn``: those it had), and once
    they are all done, so that what was drawn from a partial export is drawn again from the
    whole one."""
    job = staged.job_for_key(key)
    if job is None or job.done or any(s in job.parts and s not in drawn for s in shows):
        st.rerun()
    st.progress(job.fraction, text=_stage_text(job, lang))


def estimates_with_stages(
    dataset: Dataset,
    lang: str,
    needs: tuple[str, ...] | None = None,
    shows: tuple[str, ...] = (),
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """The dataset's export with at least the stages ``needs`` (None: every stage), and the
    names of the stages it holds (taken together: a stage finishing meanwhile is in both or in
    neither). Waits for ``needs`` with a progress bar naming the stage; the rest keeps running
    in the background, with its own progress bar, and the page is drawn again when a stage in
    ``shows`` arrives."""
    job = _job(dataset)
    if not job.has(needs):
        bar = st.progress(job.fraction, text=_stage_text(job, lang))
        while not job.wait(needs, POLL_SECONDS) and not job.done:
            bar.progress(job.fraction, text=_stage_text(job, lang))
        bar.empty()
        if not job.has(needs):
            st.error(t("stats_stage_failed", lang, stage=t(f"stage_{job.failed}", lang)))
    full, stages = job.export_and_stages()
    if not job.done and needs is not None:
        _background_progress(job.key, lang, shows, tuple(s for s in shows if s in stages))
    return full, stages


def full_estimates(
    dataset: Dataset, lang: str, needs: tuple[str, ...] | None = None
) -> pd.DataFrame:
    """The dataset's export with at least the stages ``needs`` (None: every stage), computed
    once per data and mapping (see :func:`estimates_with_stages`)."""
    return estimates_with_stages(dataset, lang, needs)[0]


def finished_export(dataset: Dataset, timeout: float = 300.0) -> pd.DataFrame:
    """The whole export, for work done outside a page's run (a download made when its button
    is pressed): waits for the stages still running, and draws nothing."""
    job = _job(dataset)
    job.wait(None, timeout)
    return job.export()


def staged_export_cells(data: Dataset, full: pd.DataFrame, stages: tuple[str, ...]) -> ExportCells:
    """:func:`export_cells` of an export of ``stages``, marked with them (``export_stages``):
    ``cached_call`` keys a view built from it on those stages, so a view drawn before a stage
    was done is not shown again once it is."""
    cells = export_cells(data, full, len(stages))
    cells.export_stages = stages
    return cells


def explore_export(dataset: Dataset, lang: str, method: str) -> ExportCells:
    """Explore's export by cell, with the stages ``method`` needs (drawn again when those it
    shows arrive); keyed by the stages in it, so a view never keeps a partial export once
    more is ready."""
    full, stages = estimates_with_stages(dataset, lang, *method_stages(method))
    return cached_call(dataset, staged_export_cells, full, stages=stages)


@st.cache_resource(ttl=3600, max_entries=1024, show_spinner=False)
def _view_effects(
    data_sha: str,
    mapping_sha: str,
    args_repr: str,
    stages: tuple[str, ...],
    _full: pd.DataFrame,
    _selection: dict,
) -> pd.DataFrame:
    return effects_for_view(_full, **_selection)


def effects_and_stages(
    dataset: Dataset, lang: str, **selection: object
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """:func:`effects_for_view` of the dataset's export (a copy) and the stages of the method
    they come from (its needs and extras) that it holds: a view built from these effects is
    keyed on them (``cached_call(..., with_stages=...)``). Computed once per dataset,
    selection and those stages (filtering the ~13,000-row export costs ~10 ms a rerun)."""
    needs, shows = method_stages(str(selection.get("method", Method.OLS_HC2)))
    full, stages = estimates_with_stages(dataset, lang, needs, shows)
    used = tuple(s for s in (*needs, *shows) if s in stages)
    prov = dataset.provenance
    effects = _view_effects(
        prov.sha256, prov.mapping_sha256, args_repr(selection), used, full, selection
    )
    return effects.copy(), used


def view_effects(dataset: Dataset, lang: str, **selection: object) -> pd.DataFrame:
    """:func:`effects_for_view` of the dataset's export for ``selection`` (see
    :func:`effects_and_stages`); a copy."""
    return effects_and_stages(dataset, lang, **selection)[0]


def available_methods(mapping: Mapping) -> list[str]:
    """Effect methods the mapping supports: unadjusted, plus Lin (covariates) and WLS (weights)."""
    # Plain strings: they are widget options and URL values.
    out = [Method.OLS_HC2.value]
    if mapping.covariates:
        out.append(Method.LIN_HC2.value)
    if mapping.weight:
        out.append(Method.WLS_HC2.value)
    return out


def effect_method_switch(mapping: Mapping, lang: str, key: str, *, container=None) -> str:
    """The 'unadjusted / covariate-adjusted / weighted' switch, kept in the URL as ``key``.

    One key per page: a widget key shared by two pages loses its value when the page changes.
    """
    options = available_methods(mapping)
    seed(key, options, Method.OLS_HC2.value)
    where = container or st
    return (
        where.radio(
            t("effects_switch", lang),
            options,
            index=index_of(key, options),  # the current value as default: urlstate.index_of
            key=key,
            horizontal=True,
            format_func=lambda k: t(f"method_{k}", lang),
            help=t("effects_switch_help", lang),
        )
        or Method.OLS_HC2.value
    )


def method_note(
    method: str,
    subgroup: str,
    lang: str,
    *,
    mapping: Mapping,
    weighted_rates: bool = False,
) -> str | None:
    """A caption explaining the chosen method (naming the covariates adjusted for);
    ``weighted_rates`` when the page draws weighted rates for "Weighted"."""
    if method == Method.OLS_HC2:
        return None
    if method == Method.WLS_HC2 and weighted_rates:
        return t("method_wls_hc2_note_weighted_rates", lang)
    if method == Method.LIN_HC2:
        names = [mapping.covariate_label(c, lang) for c in mapping.covariates]
        return t("method_lin_hc2_note", lang, covariates=t("tk_list_sep", lang).join(names))
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
) -> str:
    """A selectbox whose value round-trips through the URL (``key`` is the parameter)."""
    options = list(options)
    seed(key, options, default)
    where = container or st
    return where.selectbox(
        label,
        options,
        index=index_of(key, options),  # the current value as default: urlstate.index_of
        key=key,
        format_func=lambda k: labels.get(k, k),
    )
