"""A second study, shaped unlike the embedded one, for tests that must hold for any study.

"Example Survey, Ruritania 2024" is made up (Ruritania is a fictional country) and its data are
drawn from a seeded generator here. It differs from the embedded study in every way the mapping
allows: four prompts with other keys and labels (control ``none_given``), text arm codes, only a
"no opinion" option (no exit, so no ``[exit]``), five other issues with other codes, other
subgroups (``region_type`` with three levels, ``student`` yes/no), no weights, one covariate and
its own ``[study]`` description. Nothing in it may appear on a page showing the embedded study,
and nothing of the embedded study's description may appear on a page showing this one.

    python -m tests.studies OUT_DIR   # writes ruritania_2024.csv and ruritania_2024.toml
"""

from __future__ import annotations

import functools
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.io.mapping import read_mapping
from analysis.study.dataset import Dataset, build_dataset
from analysis.study.simulate import DATA_FILE, MAPPING_FILE

SEED = 20240315
N = 1_600
DATA_NAME = "ruritania_2024.csv"
MAPPING_NAME = "ruritania_2024.toml"
CONTROL = "none_given"
# key -> (arm code in the data, English, Japanese); the control first.
PROMPTS = {
    "none_given": ("A", "No notice given", "通知なし"),
    "police": ("B", "Police may read messages", "警察がメッセージを読む可能性"),
    "employer": ("C", "Employer may see activity", "雇用主が活動を見る可能性"),
    "platform": ("D", "Platform may sell data", "プラットフォームがデータを売る可能性"),
}
# key -> (column, English, Japanese, base share agreeing, base share "don't know")
ISSUES = {
    "transit": (
        "item_a",
        "Expand night trams in Strelsau",
        "ストレルザウの夜間路面電車を増やす",
        0.55,
        0.10,
    ),
    "housing": ("item_b", "Build more public housing", "公営住宅を増やす", 0.48, 0.14),
    "min_wage": ("item_c", "Raise the minimum wage", "最低賃金を引き上げる", 0.61, 0.08),
    "data_law": ("item_d", "Pass a data-protection law", "データ保護法を制定する", 0.70, 0.18),
    "curfew": ("item_e", "Allow a youth curfew", "若者の夜間外出禁止を認める", 0.30, 0.12),
}
REGION_TYPES = {1: ("Urban", "都市部"), 2: ("Suburban", "郊外"), 3: ("Rural", "農村部")}
STUDENT = {0: ("Not a student", "学生ではない"), 1: ("Student", "学生")}
TITLE = (
    "Example Survey, Ruritania 2024 (fictional test data)",
    "例示調査・ルリタニア2024（架空のテストデータ）",
)
WHERE_WHEN = ("Ruritania, March 2024", "ルリタニア、2024年3月")
RESPONDENTS = (
    "Adults of the fictional Ruritanian online panel",
    "架空のルリタニアのオンライン調査パネルの成人",
)
PAYMENT = ("Five Ruritanian crowns", "ルリタニア・クローネ5枚")
DESIGN = (
    "A fictional experiment made for software tests. Each respondent read one of four notices "
    "about who may watch their messages, then answered five questions with a "
    "'don't know' answer available.",
    "ソフトウェアのテスト用に作った架空の実験です。各回答者はメッセージを誰が見る可能性があるかに"
    "ついての4種類の通知のいずれかを読み、「わからない」を選べる5つの質問に答えました。",
)
CITATION = "Example Survey Team (2024). Example Survey, Ruritania 2024. Fictional test data."
URL = "https://example.org/ruritania-2024"
# Words of this study's description that no page of another study may show.
OWN_DESCRIPTION = ("Ruritania", "ルリタニア", "Strelsau", "Example Survey Team")


def simulate(seed: int = SEED, n: int = N) -> pd.DataFrame:
    """The made-up respondents (deterministic for a given seed)."""
    rng = np.random.default_rng(seed)
    keys = list(PROMPTS)
    prompt = rng.permutation(np.resize(np.arange(len(keys)), n))
    region_type = rng.choice([1, 2, 3], size=n, p=[0.5, 0.3, 0.2])
    student = (rng.random(n) < 0.18).astype(int)
    age = np.where(student == 1, rng.integers(18, 27, n), rng.integers(18, 80, n))
    answers = {}
    for j, (column, _en, _ja, agree, dont_know) in enumerate(ISSUES.values()):
        shift = 0.02 * (prompt > 0) + 0.01 * j * (prompt == 1)
        dk = rng.random(n) < dont_know + shift
        yes = rng.random(n) < agree + 0.03 * (region_type == 1)
        answers[column] = np.where(dk, 8, np.where(yes, 1, 2))
    return pd.DataFrame(
        {
            "case_no": np.arange(1001, 1001 + n),
            "cond": [PROMPTS[keys[p]][0] for p in prompt],
            **answers,
            "region_type": region_type,
            "student": student,
            "age": age,
        }
    )


def _label(pair: tuple[str, str]) -> str:
    return f'{{ en = "{pair[0]}", ja = "{pair[1]}" }}'


def mapping_text() -> str:
    """The study's mapping (TOML), written by hand as a researcher would."""
    lines = [
        "version = 1",
        "",
        "[study]",
        f"title = {_label(TITLE)}",
        "simulated = true",
        f'citation = "{CITATION}"',
        f'url = "{URL}"',
        f"where_when = {_label(WHERE_WHEN)}",
        f"respondents = {_label(RESPONDENTS)}",
        f"payment = {_label(PAYMENT)}",
        f"design = {_label(DESIGN)}",
        "",
        "[design]",
        'id = "case_no"',
        'arm = "cond"',
        f'control = "{CONTROL}"',
        "",
        "[design.arms]",
        *[f'{code} = ["{key}", "no_opinion"]' for key, (code, _, _) in PROMPTS.items()],
        "",
        "[design.prompts]",
        *[f"{key} = {_label((en, ja))}" for key, (_, en, ja) in PROMPTS.items()],
        "",
        "[design.options]",
        'no_opinion = { en = "\'Don\'t know\' offered", ja = "「わからない」を提示" }',
        "",
        "[adjustment]",
        'covariates = ["age"]',
        "",
        "[adjustment.labels]",
        'age = { en = "Age (years)", ja = "年齢（歳）" }',
    ]
    for key, (column, en, ja, _, _) in ISSUES.items():
        lines += [
            "",
            "[[issues]]",
            f'key = "{key}"',
            f'column = "{column}"',
            f'en = "{en}"',
            f'ja = "{ja}"',
            "no_opinion = [8]",
            "support = [1]",
            "oppose = [2]",
        ]
    for key, column, label, levels in (
        ("region_type", "region_type", ("Type of area", "地域の種類"), REGION_TYPES),
        ("student", "student", ("Student", "学生"), STUDENT),
    ):
        lines += [
            "",
            "[[subgroups]]",
            f'key = "{key}"',
            f'column = "{column}"',
            f'en = "{label[0]}"',
            f'ja = "{label[1]}"',
            "levels = { "
            + ", ".join(f'"{code}" = {_label(pair)}' for code, pair in levels.items())
            + " }",
        ]
    return "\n".join(lines) + "\n"


def files() -> tuple[bytes, bytes]:
    """The data (CSV) and mapping (TOML) as bytes, as a user would upload them."""
    data = simulate().to_csv(index=False, lineterminator="\n").encode("utf-8")
    return data, mapping_text().encode("utf-8")


def write(directory: Path) -> tuple[Path, Path]:
    """Write the CSV and the mapping into ``directory``; returns both paths."""
    directory.mkdir(parents=True, exist_ok=True)
    data, mapping = files()
    data_path, mapping_path = directory / DATA_NAME, directory / MAPPING_NAME
    data_path.write_bytes(data)
    mapping_path.write_bytes(mapping)
    return data_path, mapping_path


@functools.cache
def dataset() -> Dataset:
    """The study loaded exactly as the Data page loads an upload (built once per process)."""
    data, mapping = files()
    return build_dataset(data, DATA_NAME, mapping, MAPPING_NAME)


def embedded_strings() -> list[str]:
    """What identifies the embedded study, from its own mapping: its prompts, issues and the
    description of its sample (where and when, who, payment, title)."""
    m = read_mapping(MAPPING_FILE)
    texts = m.study
    found = [
        *(m.prompt_label(k, lang) for k in m.prompt_keys for lang in ("en", "ja")),
        *(i.label.get(lang) for i in m.issues for lang in ("en", "ja")),
        *(
            label.get(lang)
            for label in (m.title, texts.where_when, texts.respondents, texts.payment)
            for lang in ("en", "ja")
        ),
    ]
    # Its sample size and year on their own, as a sentence would quote them ("4,514", "2018").
    found.append(f"{len(pd.read_csv(DATA_FILE)):,}")
    found += re.findall(
        r"\b(?:19|20)\d\d\b", texts.where_when.get("en") if texts.where_when else ""
    )
    return sorted({s for s in found if s})


if __name__ == "__main__":
    for path in write(Path(sys.argv[1] if len(sys.argv) > 1 else ".")):
        print(path)
