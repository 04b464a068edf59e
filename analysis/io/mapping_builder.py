"""Build a mapping from choices about a data file: column suggestions, code guesses, TOML out.

The Data page uses these to let a user map a file without writing TOML: it suggests columns by
name and type, shows each column's codes with their value labels and counts, guesses which codes
mean support, oppose and "no opinion" from the labels, and writes the finished mapping as TOML
(``tomli_w``; the standard library reads TOML but does not write it). The TOML is then parsed
by :func:`analysis.io.mapping.parse_mapping` exactly like an uploaded one, so both paths are checked
the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
import tomli_w

from analysis.io.mapping import MAPPING_VERSION, STUDY_TEXT_KEYS, code_key
from analysis.io.readers import Table

OPTION_LABELS = {
    "no_opinion": {"en": "'No opinion' offered", "ja": "「意見なし」を提示"},
    "exit": {"en": "Exit offered", "ja": "離脱を提示"},
}
MAX_CODES = 60  # a column with more distinct values is not a code list
ROLE_PATTERNS = {
    "id": r"(^id$|_id$|^id_|respondent|caseid|^case$|^uid$|回答者|ＩＤ|^ID)",
    "arm": r"(arm|treat|cond|group|exp|群|条件|実験|処置)",
    "prompt": r"(prompt|surveil|monitor|告知|監視)",
    "option": r"(option|format|choice|選択肢|回答形式)",
    "exit": r"(exit|opt_?out|drop|leave|left|quit|離脱)",
    "weight": r"(^wt$|weight|^w$|^wgt|ウェイト|ウエイト|重み)",
    "issue": r"(^q_?\d+|^item|issue|争点|^問)",
    "subgroup": r"(female|male|gender|sex|age|educ|region|pref|income|interest|polint|party|"
    r"性別|年齢|学歴|地域|都道府県|収入|年収|関心|支持政党)",
}
NO_OPINION_WORDS = (
    r"(no opinion|don'?t know|dk|neither|not sure|意見なし|わからない|分からない|"
    r"どちらともいえない|どちらとも言えない)"
)
OPPOSE_WORDS = (
    r"(disagree|oppose|disapprove|against|not support|反対|支持しない|評価しない|"
    r"そう思わない|不支持)"
)
SUPPORT_WORDS = r"(agree|support|approve|favou?r|賛成|支持する|評価する|そう思う)"


def _matches(pattern: str, text: str) -> bool:
    return re.search(pattern, text, flags=re.IGNORECASE) is not None


def suggest_columns(table: Table) -> dict[str, list[str]]:
    """Columns that look like each role (by name and type), best first.

    Roles: ``id``, ``arm``, ``prompt``, ``option``, ``exit``, ``weight``, ``issue``,
    ``subgroup``.

    Examples
    --------
    >>> from analysis.io.readers import read_data
    >>> suggest_columns(read_data(b"id,arm,q1,wt\\n1,1,2,0.5\\n2,2,3,1.5\\n", "x.csv"))["arm"]
    ['arm']
    """
    frame = table.frame
    out: dict[str, list[str]] = {role: [] for role in ROLE_PATTERNS}
    for column in frame.columns:
        label = table.variable_labels.get(column, "")

        def named(role: str, column: str = str(column), label: str = label) -> bool:
            return _matches(ROLE_PATTERNS[role], column) or bool(
                label and _matches(ROLE_PATTERNS[role], label)
            )

        series = frame[column]
        distinct = series.nunique(dropna=True)
        numeric = pd.api.types.is_numeric_dtype(series)
        few = 1 < distinct <= 12
        if named("id") and distinct == series.notna().sum():
            out["id"].append(column)
            continue
        for role in ("arm", "prompt", "option"):
            if named(role) and few:
                out[role].append(column)
        if named("exit") and numeric:
            out["exit"].append(column)
        if named("weight") and numeric and distinct > 2:
            out["weight"].append(column)
        if named("issue") and few:
            out["issue"].append(column)
        elif named("subgroup"):
            out["subgroup"].append(column)
    return out


def column_codes(table: Table, column: str, limit: int = MAX_CODES) -> pd.DataFrame:
    """The distinct codes of a column with their value label and count (``code``, ``label``,
    ``rows``), in code order; at most ``limit`` codes."""
    keys = table.frame[column].map(code_key)
    counts = keys.value_counts(dropna=True)
    labels = table.value_labels.get(column, {})
    for code in labels:  # labelled codes that never occur are shown too, with 0 rows
        if code not in counts.index and len(counts) < limit:
            counts.loc[code] = 0
    order = sorted(counts.index, key=_natural)[:limit]
    return pd.DataFrame(
        {
            "code": order,
            "label": [labels.get(c, "") for c in order],
            "rows": [int(counts[c]) for c in order],
        }
    )


def _natural(key: str) -> tuple[int, float, str]:
    try:
        return (0, float(key), key)
    except ValueError:
        return (1, 0.0, key)


def guess_answer_codes(codes: pd.DataFrame) -> dict[str, list[str]]:
    """Guess ``support``, ``oppose`` and ``no_opinion`` codes from value labels.

    Without labels nothing is guessed (the user picks the codes).
    """
    out: dict[str, list[str]] = {"support": [], "oppose": [], "no_opinion": []}
    for code, label in zip(codes["code"], codes["label"], strict=True):
        if not label:
            continue
        if _matches(NO_OPINION_WORDS, label):
            out["no_opinion"].append(code)
        elif _matches(OPPOSE_WORDS, label):
            out["oppose"].append(code)
        elif _matches(SUPPORT_WORDS, label):
            out["support"].append(code)
    return out


def guess_arm(label: str) -> tuple[str, str]:
    """Guess (prompt key, option key) from an arm's value label ('' where unknown)."""
    prompt = ""
    if _matches(r"(gov|state|政府|国)", label):
        prompt = "government"
    elif _matches(r"(compan|firm|corporat|business|企業|会社)", label):
        prompt = "company"
    elif _matches(r"(control|none|no prompt|baseline|統制|なし|無し)", label):
        prompt = "none"
    option = ""
    if _matches(r"(exit|opt|leave|離脱)", label):
        option = "exit"
    elif _matches(NO_OPINION_WORDS, label):
        option = "no_opinion"
    return prompt, option


def parse_codes(text: str | Iterable[object] | None) -> list[int | float | str]:
    """Codes typed as ``"1, 2"`` (or a list) as TOML values: numbers stay numbers."""
    if text is None:
        return []
    if isinstance(text, str):
        parts: Iterable[object] = re.split(r"[,、，;\s]+", text)
    else:
        parts = text
    out: list[int | float | str] = []
    for part in parts:
        key = code_key(part)
        if key is None:
            continue
        try:
            number = float(key)
        except ValueError:
            out.append(key)
            continue
        out.append(int(number) if number.is_integer() else number)
    return out


def slug(text: str, taken: Sequence[str] = ()) -> str:
    """A key for URLs and the CLI from a column name (ASCII, lower case, not 'all', unique)."""
    base = re.sub(r"[^a-z0-9_]+", "_", str(text).lower()).strip("_") or "item"
    if base[0].isdigit():
        base = "c" + base
    if base == "all":
        base = "all_"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


def suggest_bins(series: pd.Series, n: int = 4) -> list[float]:
    """Round bin edges at quantiles for a numeric subgroup with many values (e.g. age)."""
    values = pd.to_numeric(series, errors="coerce").dropna().to_numpy(dtype=float)
    if values.size == 0:
        return []
    edges = np.unique(np.round(np.quantile(values, np.linspace(0, 1, n + 1))))
    edges[-1] = np.floor(values.max()) + 1  # bins are [a, b): include the maximum
    edges = np.unique(edges)
    return [float(e) for e in edges] if edges.size >= 2 else []


def _label(en: object, ja: object, fallback: str) -> dict[str, str]:
    en_text = str(en).strip() if en is not None and str(en).strip() else fallback
    ja_text = str(ja).strip() if ja is not None and str(ja).strip() else en_text
    return {"en": en_text, "ja": ja_text}


def build_mapping(
    *,
    title_en: str,
    title_ja: str = "",
    citation: str = "",
    control: str,
    prompts: Sequence[tuple[str, str, str]],
    issues: Sequence[dict[str, Any]],
    arm_column: str | None = None,
    arms: Sequence[tuple[object, str, str]] = (),
    prompt_column: str | None = None,
    option_column: str | None = None,
    prompt_codes: dict[str, object] | None = None,
    option_codes: dict[str, object] | None = None,
    id_column: str | None = None,
    exit_position: str | None = None,
    exit_flag: str | None = None,
    weight: str | None = None,
    subgroups: Sequence[dict[str, Any]] = (),
    simulated: bool = False,
    citation_ja: str = "",
    description: dict[str, tuple[str, str]] | None = None,
    doi: str = "",
    url: str = "",
) -> dict[str, Any]:
    """The mapping document (a dict in the TOML layout of ``docs/mapping.md``).

    ``prompts`` holds ``(key, English, Japanese)``; ``arms`` holds ``(code, prompt, option)``
    for one arm column, or give ``prompt_column``/``option_column`` with ``prompt_codes`` and
    ``option_codes`` (key -> code). ``issues`` are dicts with ``key``, ``column``, ``en``,
    ``ja``, ``no_opinion``, ``support``, ``oppose``; ``subgroups`` dicts with ``key``,
    ``column``, ``en``, ``ja`` and optionally ``levels`` (code -> label) or ``bins``.
    ``description`` holds the optional ``[study]`` texts (``where_when``, ``respondents``,
    ``payment``, ``design``) as ``(English, Japanese)``; a text left empty is left out.
    """
    design: dict[str, Any] = {}
    if id_column:
        design["id"] = id_column
    used_options: list[str] = []
    if arm_column:
        design["arm"] = arm_column
        design["control"] = control
        design["arms"] = {code_key(c) or str(c): [p, o] for c, p, o in arms}
        used_options = list(dict.fromkeys(o for _, _, o in arms))
        design["prompts"] = {k: _label(en, ja, k) for k, en, ja in prompts}
    else:
        design["prompt"] = prompt_column
        design["option"] = option_column
        design["control"] = control
        design["prompts"] = {
            k: {**_label(en, ja, k), "code": _toml_code((prompt_codes or {})[k])}
            for k, en, ja in prompts
        }
        used_options = list(option_codes or {})
    options: dict[str, dict[str, str | int | float]] = {}
    for key in ("no_opinion", "exit"):
        if key in used_options:
            options[key] = dict(OPTION_LABELS[key])
            if not arm_column:
                options[key]["code"] = _toml_code((option_codes or {})[key])
    design["options"] = options

    study: dict[str, Any] = {
        "title": _label(title_en, title_ja, "Survey experiment"),
        "simulated": bool(simulated),
    }
    texts = {**(description or {}), "citation": (citation, citation_ja)}
    for name in STUDY_TEXT_KEYS:
        text = _optional_label(*texts.get(name, ("", "")))
        if text:
            study[name] = text
    for name, value in (("doi", doi), ("url", url)):
        if value and value.strip():
            study[name] = value.strip()
    doc: dict[str, Any] = {"version": MAPPING_VERSION, "study": study, "design": design}
    # [exit] only where an exit was offered: the parser refuses an [exit] it would not use.
    if "exit" in options and exit_position:
        doc["exit"] = {"position": exit_position}
    elif "exit" in options and exit_flag:
        doc["exit"] = {"flag": exit_flag}
    if weight:
        doc["weights"] = {"column": weight}
    doc["issues"] = [
        {
            "key": i["key"],
            "column": i["column"],
            **_label(i.get("en"), i.get("ja"), i["key"]),
            "no_opinion": parse_codes(i.get("no_opinion")),
            "support": parse_codes(i.get("support")),
            "oppose": parse_codes(i.get("oppose")),
        }
        for i in issues
    ]
    subs = []
    for s in subgroups:
        item: dict[str, Any] = {
            "key": s["key"],
            "column": s["column"],
            **_label(s.get("en"), s.get("ja"), s["key"]),
        }
        if s.get("bins"):
            item["bins"] = [int(b) if float(b).is_integer() else float(b) for b in s["bins"]]
        elif s.get("levels"):
            item["levels"] = {
                code_key(c) or str(c): _label(lab, lab, code_key(c) or str(c))
                for c, lab in s["levels"].items()
            }
        subs.append(item)
    if subs:
        doc["subgroups"] = subs
    return doc


def _optional_label(en: object, ja: object) -> dict[str, str] | str | None:
    """An optional text as TOML: a table with the languages given, None when both are empty."""
    texts = {
        lang: str(value).strip()
        for lang, value in (("en", en), ("ja", ja))
        if value is not None and str(value).strip()
    }
    if not texts:
        return None
    return texts["en"] if list(texts) == ["en"] else texts


def _toml_code(value: object) -> int | float | str:
    codes = parse_codes([value])
    return codes[0] if codes else str(value)


def mapping_toml(doc: dict[str, Any]) -> str:
    """The mapping document as TOML text, with a header saying how it was made."""
    header = (
        "# Mapping written by the dashboard's Data page (format version 1; see docs/mapping.md).\n"
    )
    return header + tomli_w.dumps(doc)
