"""Write the corpus of broken inputs kept in tests/corpus/cases (run from the repo root).

    python -m tests.corpus.build

Each case is a data file plus a mapping (``<case>.<ext>`` and ``<case>.toml``). Every case must
give either a usable dataset or a clear message — never a traceback (tests/analysis/test_corpus.py).
"""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.study.simulate import mapping_text, simulate

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
GOOD_MAPPING = mapping_text()


def _csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def _written(frame: pd.DataFrame, ext: str, **labels: object) -> bytes:
    """``frame`` as the bytes of a .dta, .sav, .xlsx or .parquet file."""
    import pyreadstat

    if ext == "xlsx":
        out = io.BytesIO()
        frame.to_excel(out, index=False, engine="openpyxl")
        return out.getvalue()
    if ext == "parquet":
        out = io.BytesIO()
        frame.to_parquet(out, index=False)
        return out.getvalue()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"case.{ext}"
        writer = pyreadstat.write_dta if ext == "dta" else pyreadstat.write_sav
        writer(frame, str(path), **labels)
        return path.read_bytes()


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _replace_member(data: bytes, member: str, content: bytes | None) -> bytes:
    """A copy of the zip ``data`` with ``member`` replaced by ``content`` (None: removed)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    members.pop(member, None)
    if content is not None:
        members[member] = content
    return _zip(members)


def format_cases(
    base: pd.DataFrame,
    rng: np.random.Generator,
) -> list[tuple[str, str, bytes, str]]:
    """Binary formats broken in their own ways: magic bytes, containers, schemas, labels."""
    cases: list[tuple[str, str, bytes, str]] = []

    def add(name: str, ext: str, data: bytes, mapping: str = GOOD_MAPPING) -> None:
        cases.append((name, ext, data, mapping))

    labels = {
        "column_labels": {"arm": "<b>arm</b>"},
        "variable_value_labels": {"arm": {1: "none/no opinion", 6: "government/exit"}},
    }
    for ext in ("dta", "sav", "xlsx", "parquet"):
        extra = labels if ext in ("dta", "sav") else {}
        good = _written(base, ext, **extra)
        add(f"{ext}_valid_control", ext, good)  # a control case: it must load
        add(f"{ext}_wrong_magic", ext, b"\x00\x00\x00\x00" + good[4:])
        add(f"{ext}_first_kb_zeroed", ext, b"\x00" * 1024 + good[1024:])
        for frac in (0.1, 0.5, 0.9):
            add(f"{ext}_truncated_{int(frac * 100)}", ext, good[: int(len(good) * frac)])
        add(f"{ext}_tail_garbage", ext, good[: len(good) // 2] + rng.bytes(len(good) // 2))
        add(f"{ext}_is_csv", ext, _csv(base))
        add(f"{ext}_all_arm_missing", ext, _written(base.assign(arm=np.nan), ext, **extra))
        add(f"{ext}_one_column", ext, _written(base[["q1"]], ext))
        add(f"{ext}_header_only", ext, _written(base.head(0), ext))
        add(
            f"{ext}_arm_as_text",
            ext,
            _written(base.assign(arm="arm " + base["arm"].astype(str)), ext),
        )
        add(f"{ext}_columns_renamed", ext, _written(base.rename(columns=str.upper), ext))
        add(f"{ext}_one_arm", ext, _written(base.assign(arm=3), ext, **extra))
        add(
            f"{ext}_everyone_exited",
            ext,
            _written(base.assign(exit_q=np.where(base["arm"] >= 4, 1, np.nan)), ext, **extra),
        )
    # Stata and SPSS: a valid header with garbage after it, and labels that are wrong.
    for ext in ("dta", "sav"):
        good = _written(base, ext, **labels)
        add(f"{ext}_header_then_garbage", ext, good[:300] + rng.bytes(len(good) - 300))
        add(
            f"{ext}_labels_everywhere",
            ext,
            _written(
                base,
                ext,
                variable_value_labels={
                    c: {1: f"<i>{c}</i>", 9: "**nine**"} for c in ("arm", "q1", "q2", "female")
                },
            ),
        )
        add(
            f"{ext}_arm_labels_no_codes",
            ext,
            _written(base.assign(arm=np.where(base["arm"] > 0, 99, 0)), ext, **labels),
        )
    # Excel: zips that are not workbooks, workbooks with broken parts.
    xlsx = _written(base, "xlsx")
    add("xlsx_zip_of_nothing", "xlsx", _zip({}))
    add("xlsx_zip_of_text", "xlsx", _zip({"readme.txt": b"hello"}))
    add("xlsx_zip_of_csv", "xlsx", _zip({"data.csv": _csv(base)}))
    add(
        "xlsx_sheet_xml_garbage",
        "xlsx",
        _replace_member(xlsx, "xl/worksheets/sheet1.xml", b"<worksheet><oops"),
    )
    add(
        "xlsx_sheet_xml_binary",
        "xlsx",
        _replace_member(xlsx, "xl/worksheets/sheet1.xml", rng.bytes(2000)),
    )
    add("xlsx_workbook_xml_empty", "xlsx", _replace_member(xlsx, "xl/workbook.xml", b""))
    add("xlsx_content_types_missing", "xlsx", _replace_member(xlsx, "[Content_Types].xml", None))
    add("xlsx_empty_sheet", "xlsx", _written(pd.DataFrame(), "xlsx"))
    add("xlsx_is_xls_magic", "xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + rng.bytes(2000))
    # Parquet: valid files with a schema this study cannot use.
    nested = pd.DataFrame({"arm": [[1, 2]] * 20, "q1": [{"a": 1}] * 20})
    add("parquet_nested_columns", "parquet", _written(nested, "parquet"))
    add(
        "parquet_binary_columns",
        "parquet",
        _written(base.assign(arm=[bytes([int(a)]) for a in base["arm"]]), "parquet"),
    )
    add(
        "parquet_wrong_schema",
        "parquet",
        _written(pd.DataFrame({"x": rng.normal(size=50), "y": ["a"] * 50}), "parquet"),
    )
    add(
        "parquet_datetime_arm",
        "parquet",
        _written(base.assign(arm=pd.to_datetime(base["arm"], unit="D")), "parquet"),
    )
    add(
        "parquet_categorical_arm",
        "parquet",
        _written(base.assign(arm=base["arm"].astype(str).astype("category")), "parquet"),
    )
    add("parquet_footer_only", "parquet", b"PAR1" + rng.bytes(100) + b"PAR1")
    # Compressed SPSS (.zsav) and text under .txt (read as tab-separated).
    with tempfile.TemporaryDirectory() as tmp:
        import pyreadstat

        path = Path(tmp) / "case.zsav"
        pyreadstat.write_sav(base, str(path), compress=True)
        zsav = path.read_bytes()
    add("zsav_valid_control", "zsav", zsav)
    add("zsav_truncated_50", "zsav", zsav[: len(zsav) // 2])
    add("zsav_is_plain_sav", "zsav", _written(base.assign(arm=np.nan), "sav"))
    add("txt_is_csv", "txt", _csv(base))
    add(
        "txt_is_tsv_one_arm",
        "txt",
        base.assign(arm=2).to_csv(index=False, sep="\t", lineterminator="\n").encode("utf-8"),
    )
    # Excel: a sheet that claims a huge size, and a zip that unpacks to far more than it weighs.
    add(
        "xlsx_huge_dimension",
        "xlsx",
        _replace_member(
            xlsx, "xl/worksheets/sheet1.xml", _sheet_xml_with_dimension(xlsx, "A1:ZZZ9999999")
        ),
    )
    add("xlsx_zip_bomb", "xlsx", _zip({"[Content_Types].xml": b" " * 300_000_000}))
    return cases


def _sheet_xml_with_dimension(xlsx: bytes, ref: str) -> bytes:
    """The first sheet of ``xlsx`` stating ``ref`` as its dimension."""
    import re

    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="' + ref.encode() + b'"', sheet)


def build() -> int:
    """Write every case; returns how many."""
    if CASES.exists():
        shutil.rmtree(CASES)
    CASES.mkdir(parents=True)
    base = simulate(seed=11, n=240)
    good = _csv(base)
    rng = np.random.default_rng(5)
    cases: list[tuple[str, str, bytes, str]] = []  # (name, ext, data, mapping)

    def add(name: str, data: bytes, mapping: str = GOOD_MAPPING, ext: str = "csv") -> None:
        cases.append((name, ext, data, mapping))

    # Truncated files, at many points (some still parse: fewer rows, or a broken last row).
    for k in (
        0,
        1,
        5,
        17,
        40,
        80,
        81,
        82,
        120,
        200,
        333,
        500,
        777,
        1000,
        1500,
        2500,
        4000,
        6000,
        8000,
        9999,
    ):
        add(f"truncated_{k}", good[:k])
    # Binary and garbage bytes under every supported and an unsupported suffix.
    for ext in ("csv", "tsv", "tab", "dta", "sav", "xlsx", "parquet", "txt", "json", "zip"):
        for j in range(2):
            add(f"binary_{ext}_{j}", rng.bytes(64 + 500 * j), ext=ext)
    # Empty and whitespace-only files in every format.
    for ext in ("csv", "tsv", "tab", "dta", "sav", "xlsx", "parquet"):
        add(f"empty_{ext}", b"", ext=ext)
    add("whitespace_only", b"   \n\n  \n")
    add("newlines_only", b"\n" * 50)
    # Wrong or mixed encodings.
    text = base.to_csv(index=False)
    for enc in ("utf-16", "utf-16-le", "utf-32", "euc_jp", "iso2022_jp", "latin-1"):
        add(f"encoding_{enc.replace('-', '_')}", text.encode(enc))
    add("encoding_mixed", good[:3000] + "日本語".encode("cp932") + good[3000:])
    add("encoding_bad_utf8_header", b"\xff\xfe\xfa" + good)
    # Header only, one row, one column.
    header = good.split(b"\n", 1)[0] + b"\n"
    add("header_only", header)
    add("header_only_no_newline", header.rstrip(b"\n"))
    add("one_row", _csv(base.head(1)))
    add("one_column", _csv(base[["arm"]]))
    add("no_header_numbers", b"1,2,3\n4,5,6\n")
    # Design problems.
    for arm in range(1, 7):
        add(f"one_arm_{arm}", _csv(base.assign(arm=arm)))
    add("only_control", _csv(base[base["arm"].isin([1, 4])]))
    add("no_control", _csv(base[~base["arm"].isin([1, 4])]))
    add("only_exit_cells", _csv(base[base["arm"] >= 4]))
    add("only_no_opinion_cells", _csv(base[base["arm"] <= 3]))
    add("arm_all_missing", _csv(base.assign(arm=np.nan)))
    add("arm_unknown_codes", _csv(base.assign(arm=base["arm"] + 10)))
    add("arm_text", _csv(base.assign(arm="treated")))
    add(
        "arm_mixed_text",
        _csv(base.assign(arm=base["arm"].astype(str).where(base.index % 3 > 0, "x"))),
    )
    # Exits.
    everyone = base.copy()
    everyone.loc[everyone["arm"] >= 4, "exit_q"] = 1
    for j in range(1, 9):
        everyone.loc[everyone["arm"] >= 4, f"q{j}"] = pd.NA
    add("everyone_exited", _csv(everyone))
    add("no_one_exited", _csv(base.assign(exit_q=pd.NA)))
    for value in ("0", "9", "-1", "2.5", "abc", "1e9", "inf", "-inf", "nan", "99999999999999999"):
        frame = base.astype({"exit_q": object}).copy()
        frame.loc[frame.index[:5], "exit_q"] = value
        add(f"exit_value_{value.replace('.', '_').replace('-', 'minus')}", _csv(frame))
    answered_after = base.copy()
    leavers = answered_after["exit_q"].notna()
    answered_after.loc[leavers, "q8"] = 1
    add("answers_after_exit", _csv(answered_after))
    # Answers.
    all_no = base.copy()
    for j in range(1, 9):
        all_no.loc[all_no["arm"] <= 3, f"q{j}"] = 9
    add("all_no_opinion", _csv(all_no))
    all_missing = base.copy()
    for j in range(1, 9):
        all_missing[f"q{j}"] = pd.NA
    add("all_answers_missing", _csv(all_missing))
    for j, value in enumerate(
        ("yes", "1,5", "１", "∞", "NaN", "inf", "1e308", "-1e308", "10**30", "")
    ):
        frame = base.astype({"q1": object}).copy()
        frame["q1"] = value
        add(f"answers_odd_{j}", _csv(frame))
    # Huge numbers, NaN and inf in every numeric column.
    for col in ("arm", "exit_q", "q3", "female", "age", "educ", "region", "income", "polint", "wt"):
        for j, value in enumerate((1e308, -1e308, float("inf"), float("nan"), 10**30)):
            frame = base.astype({col: object}).copy()
            frame.loc[frame.index[::7], col] = value
            add(f"extreme_{col}_{j}", _csv(frame))
    # Weights.
    for j, value in enumerate((0, -1, np.nan, "", "heavy")):
        frame = base.astype({"wt": object}).copy()
        frame.loc[frame.index[:10], "wt"] = value
        add(f"weights_bad_{j}", _csv(frame))
    # Respondent ids.
    add("duplicate_ids", _csv(base.assign(respondent_id=1)))
    add("missing_ids", _csv(base.assign(respondent_id=np.nan)))
    # Duplicated and odd column names.
    dup = good.replace(b"q1,q2", b"q1,q1", 1)
    add("duplicated_column_names", dup)
    add("duplicated_arm_column", good.replace(b"respondent_id,arm", b"arm,arm", 1))
    add("blank_column_names", good.replace(b"female,age", b",", 1))
    add("html_column_names", good.replace(b"female", b"<script>alert(1)</script>", 1))
    # A very wide file.
    wide = pd.DataFrame(
        rng.integers(0, 5, size=(5, 10_000)), columns=[f"c{i}" for i in range(10_000)]
    )
    add("ten_thousand_columns", _csv(wide))
    wide_ok = pd.concat([base.head(30).reset_index(drop=True), wide.reindex(range(30))], axis=1)
    add("ten_thousand_columns_plus_study", _csv(wide_ok))
    # Delimiters and quoting.
    add("semicolon_delimited", good.replace(b",", b";"))
    add("unbalanced_quotes", good.replace(b"\n2,", b'\n"2,', 1))
    add("tab_in_csv", good.replace(b",", b"\t"))
    add("nul_bytes", good[:500] + b"\x00" * 20 + good[500:])
    add("crlf_mixed", good.replace(b"\n", b"\r\n", 50))
    # Mappings: malformed, too deep, wrong types, missing columns.
    bad_mappings = {
        "toml_empty": "",
        "toml_garbage": "\x00\x01\x02 not toml at all ][",
        "toml_unclosed_table": GOOD_MAPPING.replace("[design]", "[design", 1),
        "toml_unclosed_string": GOOD_MAPPING.replace('arm = "arm"', 'arm = "arm', 1),
        "toml_duplicate_key": GOOD_MAPPING.replace('arm = "arm"', 'arm = "arm"\narm = "x"', 1),
        "toml_version_2": GOOD_MAPPING.replace("version = 1", "version = 2", 1),
        "toml_version_missing": GOOD_MAPPING.replace("version = 1", "", 1),
        "toml_version_text": GOOD_MAPPING.replace("version = 1", 'version = "one"', 1),
        "toml_too_deep": "version = 1\nx = " + "[" * 40 + "1" + "]" * 40 + "\n",
        "toml_deep_tables": "version = 1\n"
        + "".join(f"[{'.'.join(['a'] * k)}]\n" for k in range(1, 30)),
        "toml_missing_columns": GOOD_MAPPING.replace('column = "q3"', 'column = "nope"', 1),
        "toml_missing_arm_column": GOOD_MAPPING.replace('arm = "arm"', 'arm = "treatment"', 1),
        "toml_arm_number": GOOD_MAPPING.replace('arm = "arm"', "arm = 5", 1),
        "toml_arms_not_pairs": GOOD_MAPPING.replace(
            '"1" = ["none", "no_opinion"]', '"1" = "none"', 1
        ),
        "toml_unknown_prompt": GOOD_MAPPING.replace(
            '"3" = ["government", "no_opinion"]', '"3" = ["police", "no_opinion"]', 1
        ),
        "toml_unknown_option": GOOD_MAPPING.replace(
            '"4" = ["none", "exit"]', '"4" = ["none", "leave"]', 1
        ),
        "toml_control_missing": GOOD_MAPPING.replace('control = "none"', "", 1),
        "toml_control_unknown": GOOD_MAPPING.replace('control = "none"', 'control = "x"', 1),
        "toml_no_issues": GOOD_MAPPING.split("[[issues]]")[0],
        "toml_issue_no_column": GOOD_MAPPING.replace('column = "q1"\n', "", 1),
        "toml_issue_codes_table": GOOD_MAPPING.replace("support = [1, 2]", "support = {a = 1}", 1),
        "toml_overlapping_codes": GOOD_MAPPING.replace("oppose = [3, 4]", "oppose = [2, 3]", 1),
        "toml_issue_key_all": GOOD_MAPPING.replace('key = "economy"', 'key = "all"', 1),
        "toml_duplicate_issue": GOOD_MAPPING.replace('key = "ldp"', 'key = "economy"', 1),
        "toml_bad_bins": GOOD_MAPPING.replace("bins = [20, 40, 60, 80]", "bins = [80, 20]", 1),
        "toml_bins_text": GOOD_MAPPING.replace("bins = [20, 40, 60, 80]", 'bins = ["a"]', 1),
        "toml_levels_list": GOOD_MAPPING.replace(
            'levels = { "0" = { en = "Men", ja = "男性" }, "1" = { en = "Women", ja = "女性" } }',
            "levels = [1, 2]",
            1,
        ),
        "toml_subgroup_missing_column": GOOD_MAPPING.replace(
            'column = "polint"', 'column = "interest"', 1
        ),
        "toml_weights_missing_column": GOOD_MAPPING.replace('column = "wt"', 'column = "w"', 1),
        "toml_covariate_missing": GOOD_MAPPING.replace('"polint"]', '"polint", "zzz"]', 1),
        "toml_covariates_not_list": GOOD_MAPPING.replace(
            'covariates = ["female", "age", "educ", "polint"]', 'covariates = "age"', 1
        ),
        "toml_exit_missing": GOOD_MAPPING.replace('position = "exit_q"', "", 1),
        "toml_exit_number": GOOD_MAPPING.replace('position = "exit_q"', "position = 3", 1),
        "toml_design_not_table": GOOD_MAPPING.replace("[design]\n", "design = 3\n[x]\n", 1),
        "toml_prompts_empty": GOOD_MAPPING.split("[design.prompts]")[0]
        + "[design.prompts]\n"
        + GOOD_MAPPING.split("[design.options]")[1].join(["[design.options]", ""]),
        "toml_html_title": GOOD_MAPPING.replace(
            'title = { en = "Surveillance prompts and opting out (SIMULATED data)"',
            'title = { en = "<script>alert(1)</script>"',
            1,
        ),
        "toml_huge_numbers": GOOD_MAPPING.replace(
            "no_opinion = [9]", "no_opinion = [1e308, -1e308]", 1
        ),
        "toml_inf_nan": GOOD_MAPPING.replace("no_opinion = [9]", "no_opinion = [inf, nan]", 1),
        "toml_big_int": GOOD_MAPPING.replace(
            "no_opinion = [9]", "no_opinion = [99999999999999999999]", 1
        ),
        "toml_utf16": GOOD_MAPPING,  # written as UTF-16 below
        "toml_binary": "",  # random bytes below
        # A 200,000-character line in a comment: long, yet a valid mapping (an unknown key
        # would now be refused for being unknown, not tested for being long).
        "toml_long_line": GOOD_MAPPING + "# " + "a" * 200_000 + "\n",
        "toml_two_column_design_incomplete": GOOD_MAPPING.replace(
            'arm = "arm"', 'prompt = "arm"', 1
        ),
        "toml_both_designs": GOOD_MAPPING.replace('arm = "arm"', 'arm = "arm"\nprompt = "x"', 1),
    }
    for name, mapping in bad_mappings.items():
        add(name, good, mapping)
    cases += format_cases(base, rng)
    cases_written = 0
    for name, ext, data, mapping in cases:
        (CASES / f"{name}.{ext}").write_bytes(data)
        if name == "toml_utf16":
            mapping_bytes = mapping.encode("utf-16")
        elif name == "toml_binary":
            mapping_bytes = rng.bytes(300)
        else:
            mapping_bytes = mapping.encode("utf-8")
        (CASES / f"{name}.toml").write_bytes(mapping_bytes)
        cases_written += 1
    return cases_written


def case_files() -> list[tuple[Path, Path]]:
    """(data file, mapping file) of every case, sorted by name."""
    out = []
    for mapping in sorted(CASES.glob("*.toml")):
        data = [p for p in CASES.glob(mapping.stem + ".*") if p.suffix != ".toml"]
        out.append((data[0], mapping))
    return out


if __name__ == "__main__":
    print(f"wrote {build()} cases to {CASES}")
