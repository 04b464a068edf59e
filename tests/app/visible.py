"""Everything a reader can see on an AppTest page, as strings: element text, widget labels and
options, table headers and cells, and the figure JSON's titles, ticks, legends and labels."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from google.protobuf.json_format import MessageToDict

# Proto fields that hold machine values, not text a reader sees.
HIDDEN_FIELDS = {
    "id",
    "formId",
    "key",
    "type",
    "url",
    "deferredFileId",
    "icon",
    "mimeType",
    "elementId",
    "default",
    "value",
    "rawValues",
    "setValue",
    "fileName",
}
# What an st.html element holds that a reader never sees: its scripts and stylesheets.
UNSEEN_HTML = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
# Figure JSON keys that hold text a reader sees.
FIGURE_TEXT = {"text", "name", "ticktext", "hovertext", "x", "y"}


def _strings(obj: object, keys: set[str] | None = None, parent: str = "") -> Iterator[str]:
    if isinstance(obj, str):
        if keys is None or parent in keys:
            yield obj
    elif isinstance(obj, dict):
        for key, value in obj.items():
            if keys is None and key in HIDDEN_FIELDS:
                continue
            yield from _strings(value, keys, key)
    elif isinstance(obj, list):
        for value in obj:
            yield from _strings(value, keys, parent)


def _nodes(node) -> Iterator:
    yield node
    for child in (getattr(node, "children", None) or {}).values():
        yield from _nodes(child)


def visible_text(at) -> list[str]:
    """All reader-visible strings of the last run of ``at``."""
    out: list[str] = []
    for node in _nodes(at._tree):
        kind = getattr(node, "type", "")
        if kind == "plotly_chart":
            out += _strings(json.loads(node.proto.spec), FIGURE_TEXT)
            continue
        if kind == "dataframe":
            frame = node.value
            out += [str(c) for c in frame.columns]
            out += [v for col in frame.columns for v in frame[col] if isinstance(v, str)]
            continue
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "DESCRIPTOR"):
            out += _strings(MessageToDict(proto))
    return [UNSEEN_HTML.sub("", text) for text in out]
