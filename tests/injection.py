"""A dataset and mapping whose every user-visible text tries to inject markup (test helper).

Column names, value labels (in .dta/.sav), the study title, prompt, option, issue and subgroup
labels and subgroup level labels hold HTML, JavaScript and Markdown/Streamlit directives. The app
must show all of them as literal text. Any script that runs sets ``window.__pwned``.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd
import pyreadstat
import tomli_w

from analysis.study.simulate import DATA_FILE, MAPPING_FILE

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
LINK = "[click me](javascript:window.__pwned=1)"
MARKDOWN = "**bold** _it_ :red[red] $x^2$ # not a heading"
PAYLOADS = [SCRIPT, IMG, LINK, MARKDOWN]

TITLE = f"Study {SCRIPT} {LINK} {MARKDOWN}"
TITLE_JA = f"調査 {IMG} {MARKDOWN}"
PROMPTS = {
    "none": f"No prompt {IMG}",
    "company": f"Company {LINK}",
    "government": f"Government {SCRIPT} :red[gov] **g**",
}
OPTIONS = {"no_opinion": f"No opinion {MARKDOWN}", "exit": f"Exit {IMG}"}
ISSUE_Q1 = f"Economy {IMG} $e$"
SUBGROUP = f"Gender {SCRIPT}"
LEVELS = {"0": f"Men {IMG}", "1": f"Women :red[w] {LINK}"}
# Column names (text formats only: Stata and SPSS names must be identifiers).
COLUMNS = {"arm": f"arm {IMG}", "q1": f"q1 {SCRIPT}", "female": "female **b** :red[x]"}
# Value labels (Stata and SPSS only).
VALUE_LABELS = {
    "arm": {
        1: f"none/no opinion {SCRIPT}",
        2: f"company/no opinion {IMG}",
        3: "government/no opinion **x**",
        4: f"none/exit {LINK}",
        5: "company/exit :red[c]",
        6: "government/exit $g$",
    },
    "female": {0: f"Men {IMG}", 1: f"Women {SCRIPT}"},
    "q1": {1: f"Strongly approve {LINK}", 9: f"No opinion {IMG}"},
}
VARIABLE_LABELS = {"q1": f"Economy {SCRIPT}", "female": f"Gender {IMG}"}
# No double quote: browsers send it as %22 in an upload's file name.
FILE_NAME = "<img src=x onerror=window.__pwned=1> **data** :red[x].csv"


def mapping_doc(columns: dict[str, str] | None = None) -> dict:
    """The embedded mapping with injected labels (and columns renamed as in ``columns``)."""
    columns = columns if columns is not None else COLUMNS
    doc = tomllib.loads(MAPPING_FILE.read_text("utf-8"))
    doc["study"].update(
        title={"en": TITLE, "ja": TITLE_JA}, simulated=False, citation=f"Citation {LINK}"
    )
    doc["design"]["arm"] = columns.get("arm", "arm")
    for key, label in PROMPTS.items():
        doc["design"]["prompts"][key] = {"en": label, "ja": label}
    for key, label in OPTIONS.items():
        doc["design"]["options"][key] = {"en": label, "ja": label}
    for issue in doc["issues"]:
        issue["column"] = columns.get(issue["column"], issue["column"])
        if issue["key"] == "economy":
            issue["en"] = issue["ja"] = ISSUE_Q1
    for sub in doc["subgroups"]:
        if sub["key"] == "gender":
            sub["column"] = columns.get("female", "female")
            sub["en"] = sub["ja"] = SUBGROUP
            sub["levels"] = {k: {"en": v, "ja": v} for k, v in LEVELS.items()}
    doc["adjustment"]["covariates"] = [columns.get(c, c) for c in doc["adjustment"]["covariates"]]
    return doc


def mapping_text(columns: dict[str, str] | None = None) -> str:
    """The injected mapping as TOML text."""
    return tomli_w.dumps(mapping_doc(columns))


def frame() -> pd.DataFrame:
    """The simulated data (codes unchanged)."""
    return pd.read_csv(DATA_FILE)


def write_csv(folder: Path, name: str = "injection.csv") -> tuple[Path, Path]:
    """CSV with injected column names, and its mapping."""
    data = folder / name
    frame().rename(columns=COLUMNS).to_csv(data, index=False)
    mapping = folder / "injection.toml"
    mapping.write_text(mapping_text(), "utf-8")
    return data, mapping


def write_labelled(folder: Path, ext: str) -> tuple[Path, Path]:
    """Stata or SPSS file with injected value and variable labels, and its mapping."""
    data = folder / f"injection.{ext}"
    writer = pyreadstat.write_dta if ext == "dta" else pyreadstat.write_sav
    writer(frame(), str(data), column_labels=VARIABLE_LABELS, variable_value_labels=VALUE_LABELS)
    mapping = folder / f"injection_{ext}.toml"
    mapping.write_text(mapping_text(columns={}), "utf-8")
    return data, mapping
