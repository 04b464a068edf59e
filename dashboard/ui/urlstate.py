"""Share links: every selection round-trips through the URL as language-independent keys.

Why our own sync and not ``bind="query-params"``: Streamlit's binding writes the *formatted*
option (the translated label) into the URL, so a link made in Japanese would not open in English
and labels with spaces make ugly links. Here the URL carries keys (``?issue=death_penalty``):
read once per session before the widget is drawn, written back after every run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from analysis.i18n import has, t

SEEDED = "_url_seeded"
NOTICES = "_url_notices"
REGISTRY = "_url_registry"
SHADOW = "_url_kept"  # last value of each selection, kept while its widget is not drawn


def _from_url(
    key: str, default: object, parse: Callable[[list[str]], tuple[object | None, bool]]
) -> None:
    """Register ``key`` for ``write_back``; the first time this session sees it, give it its URL
    value through ``parse`` (which returns the value or None, and whether every part was valid:
    if not, a notice is shown); then bring back a value kept while its widget was not drawn.
    The callers check the result against what is valid now."""
    seeded: set[str] = st.session_state.setdefault(SEEDED, set())
    st.session_state.setdefault(REGISTRY, {})[key] = default
    if key not in seeded:
        seeded.add(key)
        if key in st.query_params:
            value, complete = parse(st.query_params.get_all(key))
            if not complete:
                st.session_state.setdefault(NOTICES, []).append(key)
            if value is not None:
                st.session_state[key] = value
    if key not in st.session_state and key in st.session_state.get(SHADOW, {}):
        st.session_state[key] = st.session_state[SHADOW][key]


def seed(
    key: str, options: Sequence[str], default: str | list[str], *, multi: bool = False
) -> None:
    """Give ``st.session_state[key]`` its value from the URL (first time this session sees the
    key) or ``default``; a value not among ``options`` falls back to the default with a notice.
    Also drops a stored value that is no longer a valid option (e.g. after the data changed)."""
    options = list(options)

    def parse(parts: list[str]) -> tuple[object | None, bool]:
        if multi:
            wanted = [v for part in parts for v in part.split(",")]
            valid = [v for v in wanted if v in options]
            return (valid or None), bool(valid) and len(valid) == len(wanted)
        value = parts[-1] if parts else None
        return (value, True) if value in options else (None, False)

    _from_url(key, default, parse)
    current = st.session_state.get(key)
    if multi:
        if not isinstance(current, list) or any(v not in options for v in current):
            kept = [v for v in current or [] if v in options] if isinstance(current, list) else []
            st.session_state[key] = kept or list(default)
    elif current not in options:
        st.session_state[key] = default if default in options else options[0]


def seed_flag(key: str, default: bool = False) -> None:
    """Like ``seed`` for an on/off switch: ``?key=1`` / ``?key=0`` in the URL, a bool in state."""

    def parse(parts: list[str]) -> tuple[object | None, bool]:
        value = parts[-1] if parts else None
        return (FLAG_VALUES[value], True) if value in FLAG_VALUES else (None, False)

    _from_url(key, default, parse)
    if not isinstance(st.session_state.get(key), bool):
        st.session_state[key] = default


def seed_int(key: str, default: int, low: int, high: int) -> None:
    """Like ``seed`` for a whole number in ``[low, high]`` (e.g. a threshold)."""

    def parse(parts: list[str]) -> tuple[object | None, bool]:
        value = parts[-1] if parts else ""
        ok = value.isdigit() and low <= int(value) <= high
        return (int(value), True) if ok else (None, False)

    _from_url(key, default, parse)
    current = st.session_state.get(key)
    if not isinstance(current, int) or isinstance(current, bool) or not low <= current <= high:
        st.session_state[key] = default


def seed_float(key: str, default: float, low: float, high: float) -> None:
    """Like ``seed`` for a number in ``[low, high]`` (e.g. a rate in percent)."""

    def parse(parts: list[str]) -> tuple[object | None, bool]:
        try:
            value = float(parts[-1]) if parts else None
        except ValueError:
            value = None
        ok = value is not None and low <= value <= high
        return (value, True) if ok else (None, False)

    _from_url(key, default, parse)
    current = st.session_state.get(key)
    valid = isinstance(current, int | float) and not isinstance(current, bool)
    if not valid or not low <= current <= high:
        st.session_state[key] = default


FLAG_VALUES = {"1": True, "0": False, "true": True, "false": False}


# A widget whose value comes from session state (seeded from the URL) is also given that value
# as its default (``index=``, ``value=``, ``default=``). Why: the browser falls back to a widget's
# default when it holds no value for it, and reports that default on the next run. Seen when a
# click arrived before the browser had drawn the previous run (a fast click on a page link): the
# small-cell thresholds, drawn without ``value=``, came back as their minimum, 0, so nothing was
# flagged or hidden and the URL said flag=0&suppress=0. With the current value as the default,
# the fallback is the value itself. (Streamlit keys these widgets by ``key`` alone, so the default
# changing does not make a new widget; .streamlit/config.toml silences the log line Streamlit
# writes when a keyed widget has both a default and a session-state value.)
def index_of(key: str, options: Sequence[str]) -> int:
    """The position of ``key``'s current value among ``options`` (0 if it is not there)."""
    value = st.session_state.get(key)
    return list(options).index(value) if value in options else 0


def write_back() -> None:
    """Put every registered selection that differs from its default into the URL."""
    registry: dict[str, object] = st.session_state.get(REGISTRY, {})
    kept: dict[str, object] = st.session_state.setdefault(SHADOW, {})
    wanted: dict[str, str | list[str]] = {}
    for key, default in registry.items():
        if key in st.session_state:
            kept[key] = st.session_state[key]
        value = kept.get(key)
        if value is None or value == default:
            continue
        if isinstance(value, bool):
            wanted[key] = "1" if value else "0"
        else:
            wanted[key] = ",".join(value) if isinstance(value, list) else str(value)
    current = {k: st.query_params.get(k) for k in st.query_params}
    seeded: set[str] = st.session_state.get(SEEDED, set())
    # Keep values meant for widgets this session has not drawn yet (another page's selection).
    for key, value in current.items():
        if key not in seeded and key not in wanted:
            wanted[key] = value
    if current != wanted:
        st.query_params.from_dict(wanted)


# URL key -> translation key of its label, so a notice names the setting in the reader's language.
# Pages that add URL keys may add their labels here (unknown keys are shown as they are).
KEY_LABELS = {
    "lang": "language",
    "outcome": "outcome",
    "option": "option",
    "issue": "issue",
    "subgroup": "subgroup",
    "prompts": "prompts",
    "present": "present_toggle",
    "slide": "present_slide",
    "flag": "cells_flag",
    "suppress": "cells_suppress",
}


def key_label(key: str, lang: str) -> str:
    """The label of a URL key in ``lang`` (the key itself if it has none)."""
    name = KEY_LABELS.get(key)
    return t(name, lang) if name and has(name) else key


def stop() -> None:
    """``st.stop()`` that first puts the selections into the URL.

    Why: after ``st.stop()`` the next Streamlit call raises again, so the ``write_back()`` in
    ``app.py``'s ``finally`` cannot update the URL of a stopped run.
    """
    write_back()
    st.stop()


def pop_notices() -> list[str]:
    """Keys whose URL value was invalid (shown once as a short notice)."""
    return st.session_state.pop(NOTICES, [])
