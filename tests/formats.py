"""Write the same survey data in every supported format (test helper, shared by test suites).

The embedded simulated data is written as UTF-8 CSV, UTF-8-with-BOM CSV, CP932 (Shift-JIS) CSV,
TSV, Dataverse .tab, Stata .dta and SPSS .sav (both with value and variable labels), Excel .xlsx
and Parquet. One column gets a Japanese name and one a Japanese text column is added, so that the
CP932 file really needs decoding.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyreadstat

from analysis.study.simulate import DATA_FILE, MAPPING_FILE

JA_COLUMN = "地域"  # the region column, renamed
ANSWER_LABELS = {
    1: "Strongly approve",
    2: "Approve",
    3: "Disapprove",
    4: "Strongly disapprove",
    9: "No opinion",
}
VALUE_LABELS = {
    "female": {0: "Men", 1: "Women"},
    JA_COLUMN: {
        1: "北海道",
        2: "東北",
        3: "関東",
        4: "中部",
        5: "近畿",
        6: "中国",
        7: "四国",
        8: "九州・沖縄",
    },
    "arm": {
        1: "No prompt / no opinion",
        2: "Company / no opinion",
        3: "Government / no opinion",
        4: "No prompt / exit",
        5: "Company / exit",
        6: "Government / exit",
    },
    **{f"q{i}": ANSWER_LABELS for i in range(1, 9)},
}
VARIABLE_LABELS = {"arm": "Experimental arm (prompt x option)", "q1": "Approve of the economy"}
FORMATS = ["csv", "csv_bom", "csv_cp932", "tsv", "tab", "dta", "sav", "xlsx", "parquet"]


def source_frame() -> pd.DataFrame:
    """The simulated data with a Japanese column name and a Japanese text column."""
    frame = pd.read_csv(DATA_FILE).rename(columns={"region": JA_COLUMN})
    frame["メモ"] = frame["arm"].map(lambda a: f"群{a}・回答済み")
    return frame


def mapping_text(simulated: bool = True) -> str:
    """The embedded mapping, pointing at the renamed column."""
    text = MAPPING_FILE.read_text("utf-8").replace('column = "region"', f'column = "{JA_COLUMN}"')
    if not simulated:
        text = text.replace("simulated = true", "simulated = false")
    return text


def write_format(frame: pd.DataFrame, fmt: str, folder: Path) -> Path:
    """Write ``frame`` as ``fmt`` into ``folder``; returns the file's path."""
    suffix = {"csv_bom": "csv", "csv_cp932": "csv"}.get(fmt, fmt)
    path = folder / f"survey_{fmt}.{suffix}"
    if fmt == "csv":
        frame.to_csv(path, index=False)
    elif fmt == "csv_bom":
        frame.to_csv(path, index=False, encoding="utf-8-sig")
    elif fmt == "csv_cp932":
        frame.to_csv(path, index=False, encoding="cp932")
    elif fmt in ("tsv", "tab"):
        frame.to_csv(path, index=False, sep="\t")
    elif fmt == "dta":
        pyreadstat.write_dta(
            frame, str(path), column_labels=VARIABLE_LABELS, variable_value_labels=VALUE_LABELS
        )
    elif fmt == "sav":
        pyreadstat.write_sav(
            frame, str(path), column_labels=VARIABLE_LABELS, variable_value_labels=VALUE_LABELS
        )
    elif fmt == "xlsx":
        frame.to_excel(path, index=False, engine="openpyxl")
    elif fmt == "parquet":
        frame.to_parquet(path, index=False)
    else:
        raise ValueError(fmt)
    return path


def write_all(folder: Path) -> dict[str, Path]:
    """Every format of the same data, plus ``mapping`` (the TOML)."""
    frame = source_frame()
    paths = {fmt: write_format(frame, fmt, folder) for fmt in FORMATS}
    mapping = folder / "survey.toml"
    mapping.write_text(mapping_text(), encoding="utf-8")
    paths["mapping"] = mapping
    return paths
