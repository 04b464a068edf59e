"""Caches on small keys: a selection change only looks up precomputed results and redraws.

* A dataset is identified by the SHA-256 of its data file and of its mapping (computed once,
  when a file arrives), never by hashing a DataFrame on a rerun.
* ``cached_call`` keeps what a page shows for one selection (rows, figures, tables, sentences:
  see ``dashboard.render.views``), keyed by the dataset's two hashes and the selection's plain
  arguments, so anything that changes the picture (data, selection, language, thresholds)
  changes the key: never a stale view. Building a view costs ~20-30 ms; a hit costs well under
  a millisecond.

Cached objects are shared by sessions and never mutated: ``st.plotly_chart`` copies a figure
before sending it, and exports copy before they add their stamps.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import streamlit as st

from analysis.study.dataset import Dataset


def dataset_key(data: Dataset) -> str:
    """The identity of a dataset: hash of its file and of its mapping."""
    return f"{data.provenance.sha256}:{data.provenance.mapping_sha256}"


def _freeze(value: object) -> object:
    if isinstance(value, Mapping):  # keep the order: labels order the traces
        return ("mapping", tuple((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_freeze(v) for v in value)
    return value


def args_repr(kwargs: Mapping[str, object]) -> str:
    """A cache key for keyword arguments of plain values, lists, mappings and frozen
    dataclasses (whose repr shows every field)."""
    return repr(sorted((k, _freeze(v)) for k, v in kwargs.items()))


def _name(fn: Callable) -> str:
    return f"{fn.__module__}.{fn.__qualname__}"


@st.cache_resource(ttl=3600, max_entries=256, show_spinner=False)
def _call(
    key: str,
    name: str,
    args: str,
    _fn: Callable[..., object],
    _data: Dataset,
    _derived: tuple,
    _kwargs: dict,
) -> object:
    return _fn(_data, *_derived, **_kwargs)


def cached_call(
    data: Dataset,
    fn: Callable[..., object],
    *derived: object,
    with_stages: tuple[str, ...] = (),
    **kwargs: object,
) -> object:
    """``fn(data, *derived, **kwargs)``, once per dataset (file and mapping hashes), function
    and keyword arguments. ``derived`` are passed along but are not part of the key, so they
    must follow from the dataset alone (e.g. its full export) and the stages of its staged
    export they were made from: ``with_stages`` (part of the key, not passed to ``fn``), or a
    derived object's own ``export_stages`` (see ``dashboard.ui.stats_views.explore_export``).
    The result is shared by sessions: never change it."""
    stages = [*with_stages, *(s for d in derived for s in getattr(d, "export_stages", ()))]
    key = dataset_key(data) + (f":{','.join(stages)}" if stages else "")
    return _call(key, _name(fn), args_repr(kwargs), fn, data, derived, kwargs)
