"""Session and cache glue: the language, the active dataset and the shared page frame."""

from __future__ import annotations

import logging
import runpy
import time
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from analysis.i18n import LANG_NAMES, LANGS, t
from analysis.io.codebook import codebook
from analysis.io.mapping import MappingError
from analysis.io.problems import Problem
from analysis.io.readers import Table, read_data
from analysis.study.dataset import Dataset, build_dataset, sha256
from dashboard.render.safe import md_escape
from dashboard.render.study_text import simulated_note
from dashboard.server import diskcache, prewarm
from dashboard.server.memory import release_free_memory
from dashboard.ui.urlstate import index_of, seed

APP_PATH = Path(__file__).resolve().parents[2] / "app.py"
DATASET_KEY = "data_active"  # session-only: an uploaded dataset never leaves its session
LOADED_AT_KEY = "data_loaded_at"  # when this session loaded the dataset in use (UTC text)
UPLOAD_SHA_KEY = "data_upload_sha"  # (file id, SHA-256) of the data file in the uploader
# Parsed uploads are shared by content: the key is the SHA-256 of the bytes (and of the mapping),
# so another session gets a cached result only by uploading the very same bytes.
UPLOAD_CACHE = {"ttl": 3600, "max_entries": 8, "show_spinner": False}
log = logging.getLogger(__name__)


@st.cache_resource(ttl=24 * 3600, max_entries=1, show_spinner=False)
def embedded_dataset() -> Dataset:
    """The embedded simulated dataset and its grid, made once per server (by the prewarm, or
    here, the grid read from the disk cache when it is there)."""
    return prewarm.embedded_dataset() or diskcache.embedded_dataset()


def current_dataset() -> Dataset:
    """The dataset this session is looking at (uploaded, else the embedded one)."""
    return st.session_state.get(DATASET_KEY) or embedded_dataset()


def _unexpected(name: str, exc: Exception) -> tuple[Problem, ...]:
    """A bug while reading user data: logged for us, one plain message for the user."""
    log.exception("unexpected error while loading %s", name)
    return (Problem("file_unreadable", "error", {"name": name, "detail": type(exc).__name__}),)


@st.cache_resource(**UPLOAD_CACHE)
def _read_cached(data_sha: str, name: str, _data: bytes) -> Table | tuple[Problem, ...]:
    try:
        return read_data(_data, name)
    except MappingError as exc:
        return tuple(exc.problems)
    except Exception as exc:  # noqa: BLE001 - never a traceback for a user's file
        return _unexpected(name, exc)
    finally:
        release_free_memory()


@st.cache_resource(**UPLOAD_CACHE)
def _codebook_cached(data_sha: str, _table: Table) -> pd.DataFrame:
    return codebook(_table)


def read_codebook(table: Table, data_sha: str) -> None:
    """Make the codebook of a file just read, while the person picks its mapping: it depends on
    the file alone, and "Check and use this data" then does not wait for it (~0.1 s at a
    million rows)."""
    _codebook_cached(data_sha, table)


@st.cache_resource(**UPLOAD_CACHE)
def _build_cached(
    data_sha: str,
    name: str,
    mapping_sha: str,
    mapping_name: str,
    _data: bytes,
    _mapping: bytes,
    _table: Table | None,
    _codebook: pd.DataFrame | None = None,
) -> Dataset | tuple[Problem, ...]:
    try:
        return build_dataset(
            _data,
            name,
            _mapping,
            mapping_name,
            table=_table,
            data_sha=data_sha,
            codebook=_codebook,
        )
    except MappingError as exc:
        return tuple(exc.problems)
    except Exception as exc:  # noqa: BLE001 - never a traceback for a user's file
        return _unexpected(name, exc)
    finally:
        release_free_memory()


def upload_sha(upload: UploadedFile) -> str:
    """SHA-256 of an uploaded file, computed once per upload: the Data page needs it several
    times a run (cache keys, the last result's file), and at 50 MB each pass is ~0.1 s."""
    known = st.session_state.get(UPLOAD_SHA_KEY)
    if known and known[0] == upload.file_id:
        return known[1]
    sha = sha256(upload.getvalue())
    st.session_state[UPLOAD_SHA_KEY] = (upload.file_id, sha)
    return sha


def read_upload(data: bytes, name: str, data_sha: str | None = None) -> Table | tuple[Problem, ...]:
    """An uploaded file parsed (cached by content), or the problems that stop it.

    ``data_sha``: the bytes' SHA-256 when the caller has it (:func:`upload_sha`)."""
    return _read_cached(data_sha or sha256(data), name, data)


def load_upload(
    data: bytes,
    name: str,
    mapping: bytes,
    mapping_name: str,
    data_sha: str | None = None,
) -> tuple[bool, tuple[Problem, ...]]:
    """Check and load an uploaded file with its mapping into this session only.

    Returns ``(loaded, problems)``: on success the warnings (the dataset is now in use); on
    failure every problem, and the dataset in use is left as it was.

    The file is parsed once: the table the Data page read (cached by content) is the one
    checked and prepared; once loaded, that raw table is dropped from the read cache (the
    prepared frame is what the pages use; at a million rows the raw one is ~150 MB more). Its
    staged export is made now and starts once the page opened next has been drawn from the
    grid (``dashboard.server.staged``).
    """
    data_sha = data_sha or sha256(data)
    table = _read_cached(data_sha, name, data)
    read = table if isinstance(table, Table) else None  # a file that failed: its problems again
    result = _build_cached(
        data_sha,
        name,
        sha256(mapping),
        mapping_name,
        data,
        mapping,
        read,
        None if read is None else _codebook_cached(data_sha, read),
    )
    if isinstance(result, Dataset):
        prewarm.dataset_job(result, start=False)
        _read_cached.clear(data_sha, name, b"")  # this entry only (``_data`` is not in the key)
        del table, read
        release_free_memory()
        st.session_state[DATASET_KEY] = result
        st.session_state[LOADED_AT_KEY] = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
        return True, tuple(result.prepared.warnings)
    return False, tuple(result)


def use_embedded() -> None:
    """Go back to the embedded simulated data in this session."""
    st.session_state.pop(DATASET_KEY, None)
    st.session_state.pop(LOADED_AT_KEY, None)


def uses_upload() -> bool:
    """Whether this session is looking at an uploaded dataset."""
    return st.session_state.get(DATASET_KEY) is not None


def language_selector() -> str:
    """The sidebar language switch, kept in the URL parameter ``lang``."""
    seed("lang", LANGS, "en")
    return (
        st.sidebar.selectbox(
            "Language / 言語",
            LANGS,
            index=index_of("lang", LANGS),  # the current value as default: urlstate.index_of
            key="lang",
            format_func=LANG_NAMES.__getitem__,
        )
        or "en"
    )


def lang() -> str:
    """The current language."""
    value = st.session_state.get("lang", "en")
    return value if value in LANGS else "en"


def data_badge(dataset: Dataset, language: str) -> None:
    """The data-source badge and provenance line shown at the top of every page."""
    prov = dataset.provenance
    if prov.simulated:
        st.warning(
            f"**{t('badge_simulated', language)}** — {simulated_note(dataset, language)}",
            icon=":material/science:",
        )
    else:
        title = prov.title(language)
        st.info(f"**{t('badge_real', language)}** — {md_escape(title)}", icon=":material/database:")
    st.caption(provenance_line(dataset, language))


def provenance_line(dataset: Dataset, language: str) -> str:
    """File, format, size, checksum, shape, mapping and load time in one line."""
    prov = dataset.provenance
    # File and mapping names (and a text encoding) come from the user: escaped for Markdown.
    text = t(
        "provenance_line",
        language,
        file=md_escape(prov.file_name),
        format=md_escape(prov.format_name),
        size=human_size(prov.file_bytes),
        sha=prov.sha256[:12] + "…",
        rows=f"{prov.rows:,}",
        columns=f"{prov.columns:,}",
        mapping=md_escape(prov.mapping_name),
        seconds=f"{prov.load_seconds:.1f}",
    )
    loaded_at = st.session_state.get(LOADED_AT_KEY) if uses_upload() else None
    if loaded_at:
        text += t("provenance_loaded_at", language, when=loaded_at)
    n_warnings = len(dataset.prepared.warnings)
    if n_warnings:
        text += t("provenance_warnings", language, n=n_warnings)
    return text


def human_size(n_bytes: int) -> str:
    """A file size as kB or MB."""
    return f"{n_bytes / 1e6:,.1f} MB" if n_bytes >= 1e6 else f"{n_bytes / 1e3:,.0f} kB"


ROUTED = "_routed"


def require_router() -> None:
    """Make sure a page runs inside ``app.py`` (the badge, language and URL state live there).

    Why: with a ``pages/`` folder Streamlit may run a page script on its own (its old multipage
    mode, in a process where no session has called ``st.navigation`` yet, and in ``AppTest``).
    Then we run the router here, which runs this page properly, and stop the bare run.
    """
    if st.session_state.get(ROUTED):
        return
    runpy.run_path(str(APP_PATH), run_name="__main__")
    st.stop()
