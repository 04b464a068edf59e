"""Caches on small keys: a selection change only filters precomputed results and redraws.

* Datasets: keyed by the SHA-256 of the data file and of the mapping (computed once, when a
  file arrives), never by hashing a DataFrame on a rerun.
* Selections: rows filtered from a dataset's precomputed grid, keyed by the dataset's two hashes
  and the selection's plain arguments.
* Figures: building a Plotly figure (every trace validated) costs tens of ms, more than the rest
  of a rerun. The key is the figure function, a hash of the few-row tidy frame it draws and its
  keyword arguments, so anything that changes the picture (data, selection, language, labels)
  changes the key: never a stale figure.

Cached objects are shared by sessions and never mutated: selections are returned as copies and
``st.plotly_chart`` copies a figure before sending it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.data import Dataset, build_dataset, sha256


def dataset_key(data: Dataset) -> str:
    """The identity of a dataset: hash of its file and of its mapping."""
    return f"{data.provenance.sha256}:{data.provenance.mapping_sha256}"


@st.cache_resource(ttl=3600, max_entries=2, show_spinner=False)
def _dataset(data_sha: str, mapping_sha: str, data_name: str, mapping_name: str,
             _data: bytes, _mapping_text: bytes) -> Dataset:
    return build_dataset(_data, data_name, _mapping_text, mapping_name)


def load_dataset_cached(data: bytes, data_name: str, mapping_text: bytes, mapping_name: str,
                        ) -> Dataset:
    """:func:`analysis.data.build_dataset`, once per (file, mapping) content on this server.

    Call it when a file arrives, keep the result in the session; do not call it on every rerun
    (it hashes the bytes). Raises ``MappingError`` as ``build_dataset`` does (not cached).
    """
    return _dataset(sha256(data), sha256(mapping_text), data_name, mapping_name, data,
                    mapping_text)


def _freeze(value: object) -> object:
    if isinstance(value, Mapping):  # keep the order: labels order the traces
        return ("mapping", tuple((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_freeze(v) for v in value)
    return value


def args_repr(kwargs: Mapping[str, object]) -> str:
    """A cache key for keyword arguments of plain values, lists and mappings (order kept)."""
    return repr(sorted((k, _freeze(v)) for k, v in kwargs.items()))


def _name(fn: Callable) -> str:
    return f"{fn.__module__}.{fn.__qualname__}"


@st.cache_resource(ttl=3600, max_entries=1024, show_spinner=False)
def _rows(key: str, name: str, args_repr: str, _select: Callable[..., pd.DataFrame],
          _grid: pd.DataFrame, _kwargs: dict) -> pd.DataFrame:
    return _select(_grid, **_kwargs)


def cached_rows(data: Dataset, select: Callable[..., pd.DataFrame], **kwargs: object,
                ) -> pd.DataFrame:
    """``select(data.grid, **kwargs)`` (a filter of the grid), once per dataset and arguments;
    a copy, so the caller may change it."""
    # id and shape too: a grid extended later under the same file and mapping is not the same.
    key = f"{dataset_key(data)}:{id(data.grid)}:{data.grid.shape}"
    return _rows(key, _name(select), args_repr(kwargs), select, data.grid, kwargs).copy()


def frame_key(frame: pd.DataFrame) -> str:
    """A content hash of a small frame: columns, dtypes, index and values."""
    digest = hashlib.sha256(repr((list(frame.columns), [str(d) for d in frame.dtypes])).encode())
    digest.update(pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes())
    return digest.hexdigest()


@st.cache_resource(ttl=3600, max_entries=512, show_spinner=False)
def _figure(name: str, frame_hash: str, args_repr: str, _make: Callable[..., go.Figure],
            _frame: pd.DataFrame, _kwargs: dict) -> go.Figure:
    return _make(_frame, **_kwargs)


def cached_figure(make: Callable[..., go.Figure], frame: pd.DataFrame, **kwargs: object,
                  ) -> go.Figure:
    """``make(frame, **kwargs)``, built once per distinct (function, frame, arguments)."""
    try:
        key = frame_key(frame)
    except TypeError:  # a column pandas cannot hash: build every time
        return make(frame, **kwargs)
    return _figure(_name(make), key, args_repr(kwargs), make, frame, kwargs)
