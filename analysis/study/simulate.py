"""Seeded generator of the embedded SIMULATED dataset, calibrated to the published figures.

We do not have the authors' replication file. This module writes a dataset of the same shape,
calibrated to what is known (Eck, Hatz, Crabtree & Tago, JOP 2021; STUDY.md):

* N = 4,514; prompts (none, company, government) x options (no opinion, exit), equal allocation;
* in exit-offered cells the number leaving is fixed by construction at 6.0% (none), 6.6%
  (company) and 14.0% (government) of the cell, so the government effect is +8 pp by design;
  who leaves is random, mildly more likely among the politically uninterested; most leave early;
* "no opinion" rates of 8-25% by issue, moved by at most 1.5 pp by a prompt;
* plausible demographics of a Japanese online panel, with small subgroup differences only.

Every number here is an assumption for a demonstration, not a finding.
Run ``python -m analysis.study.simulate`` to rewrite ``data/simulated.csv`` and its mapping.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20180601
N = 4514
DATA_DIR = Path(__file__).resolve().parents[2] / "data"
DATA_FILE = DATA_DIR / "simulated.csv"
MAPPING_FILE = DATA_DIR / "simulated_mapping.toml"

# arm code -> (prompt, option); codes 1-3 offered "no opinion", 4-6 offered exit.
ARMS = {
    1: ("none", "no_opinion"),
    2: ("company", "no_opinion"),
    3: ("government", "no_opinion"),
    4: ("none", "exit"),
    5: ("company", "exit"),
    6: ("government", "exit"),
}
EXIT_SHARE = {"none": 0.060, "company": 0.066, "government": 0.140}
# Where exiters leave (issue position 1..8): most leave at the first questions.
EXIT_POSITION_PROBS = np.array([0.42, 0.18, 0.11, 0.08, 0.07, 0.05, 0.05, 0.04])
ISSUES = [
    "economy",
    "ldp",
    "same_sex_marriage",
    "death_penalty",
    "conspiracy_law",
    "nuclear_restart",
    "nuclear_weapons",
    "collective_defense",
]
NO_OPINION_BASE = np.array([0.18, 0.20, 0.15, 0.08, 0.25, 0.17, 0.12, 0.22])
NO_OPINION_SHIFT = {"none": 0.0, "company": 0.005, "government": 0.015}
SUPPORT_BASE = np.array([0.38, 0.33, 0.62, 0.78, 0.42, 0.34, 0.14, 0.44])


def _logit(p: np.ndarray) -> np.ndarray:
    return np.log(p / (1 - p))


def _expit(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def simulate(seed: int = SEED, n: int = N) -> pd.DataFrame:
    """Draw the simulated respondents (deterministic for a given seed and n)."""
    rng = np.random.default_rng(seed)
    arm = rng.permutation(np.resize(np.arange(1, 7), n))
    prompt = np.array([ARMS[a][0] for a in arm])
    option = np.array([ARMS[a][1] for a in arm])

    female = (rng.random(n) < 0.49).astype(int)
    decade = rng.choice(6, size=n, p=[0.12, 0.17, 0.22, 0.21, 0.17, 0.11])
    age = 20 + 10 * decade + rng.integers(0, 10, size=n)
    educ = rng.choice([1, 2, 3, 4], size=n, p=[0.33, 0.25, 0.37, 0.05])
    region = rng.choice(np.arange(1, 9), size=n, p=[0.04, 0.07, 0.35, 0.17, 0.17, 0.06, 0.03, 0.11])
    income = rng.choice([1, 2, 3, 4, 5, 9], size=n, p=[0.20, 0.26, 0.20, 0.15, 0.09, 0.10])
    polint = rng.choice([1, 2, 3, 4], size=n, p=[0.15, 0.40, 0.32, 0.13])

    # Post-stratification-style weights on age decade x gender towards an older population.
    target = np.array([0.14, 0.15, 0.18, 0.17, 0.19, 0.17])
    cell = decade * 2 + female
    sample_share = np.bincount(cell, minlength=12) / n
    target_share = np.repeat(target, 2) / 2
    wt = target_share[cell] / sample_share[cell]
    wt = np.round(wt / wt.mean(), 4)

    # Exits: a fixed count per exit cell (the calibration), random people, mostly early.
    exit_q = np.full(n, np.nan)
    leave_propensity = np.exp(0.25 * (polint - 2.5))
    for p, share in EXIT_SHARE.items():
        idx = np.flatnonzero((prompt == p) & (option == "exit"))
        k = int(round(share * len(idx)))
        w = leave_propensity[idx] / leave_propensity[idx].sum()
        leavers = rng.choice(idx, size=k, replace=False, p=w)
        exit_q[leavers] = rng.choice(np.arange(1, 9), size=k, p=EXIT_POSITION_PROBS)

    # Answers: 1-2 support, 3-4 oppose, 9 no opinion (only where "no opinion" was offered).
    reticence = rng.normal(0.0, 0.6, size=n)
    answers = {}
    for j, _key in enumerate(ISSUES):
        lean = (
            _logit(SUPPORT_BASE[j : j + 1])
            + 0.006 * (age - 48)
            - 0.08 * (female - 0.5)
            + rng.normal(0.0, 0.3, size=n)
        )
        support = rng.random(n) < _expit(lean)
        strong = rng.random(n) < 0.35
        code = np.where(support, np.where(strong, 1, 2), np.where(strong, 4, 3)).astype(float)
        shift = np.vectorize(NO_OPINION_SHIFT.get)(prompt)
        p_no = _expit(_logit(NO_OPINION_BASE[j] + shift) + reticence - 0.18)
        no_op = (option == "no_opinion") & (rng.random(n) < p_no)
        code[no_op] = 9
        # Those who left at position j+1 or earlier gave no answer from there on.
        code[~np.isnan(exit_q) & (exit_q <= j + 1)] = np.nan
        answers[f"q{j + 1}"] = code

    frame = pd.DataFrame(
        {
            "respondent_id": np.arange(1, n + 1),
            "arm": arm,
            "exit_q": exit_q,
            **answers,
            "female": female,
            "age": age,
            "educ": educ,
            "region": region,
            "income": income,
            "polint": polint,
            "wt": wt,
        }
    )
    for col in ["exit_q", *answers]:
        frame[col] = pd.array(np.where(np.isnan(frame[col]), pd.NA, frame[col]), dtype="Int64")
    return frame


MAPPING_TOML = """\
# Mapping for the embedded SIMULATED dataset (format version 1; see docs/mapping.md).
# Generated by `python -m analysis.study.simulate`; do not edit by hand.
version = 1

[study]
title = { en = "Surveillance prompts and opting out (SIMULATED data)", \
ja = "監視の告知と調査からの離脱（シミュレーションデータ）" }
simulated = true
citation = { en = "Eck, K., Hatz, S., Crabtree, C. & Tago, A. (2021). Evade and Deceive? Citizen \
Responses to Surveillance. Journal of Politics 83(4), 1545-1558. Data here: simulated, \
calibrated to the published figures; not the authors' data.", \
ja = "Eck, K., Hatz, S., Crabtree, C. & Tago, A. (2021). Evade and Deceive? Citizen \
Responses to Surveillance. Journal of Politics 83(4), 1545-1558. ここでのデータ：\
公表値に合わせたシミュレーションで、著者のデータではありません。" }
where_when = { en = "Japan, June 2018", ja = "日本、2018年6月" }
respondents = { en = "4,514 residents of Japan, in an online survey", \
ja = "オンライン調査に回答した日本の居住者4,514人" }
payment = { en = "At most ¥130 for taking part", ja = "最大130円" }
design = { en = "An online survey experiment. Each respondent was randomly assigned one of \
three prompts — none, a company may monitor your online activity, or the government may \
monitor it — and then one of two response options: a 'no opinion' answer, or the chance to \
leave (opt out of) the survey, told that leaving meant no payment (they were in fact paid). \
Everyone was asked about the same issues, in the same order.", \
ja = "オンライン調査実験です。各回答者には3種類の告知（なし、企業がオンライン上の行動を監視している\
可能性、政府が監視している可能性）のいずれかを無作為に割り当て、続いて2種類の回答選択肢（「意見なし」\
の回答、または無報酬になると告げたうえでの調査からの離脱。実際には謝礼を支払いました）のいずれかを\
割り当てました。全員に同じ争点を同じ順序で尋ねました。" }

[design]
id = "respondent_id"
arm = "arm"
control = "none"

[design.arms]
"1" = ["none", "no_opinion"]
"2" = ["company", "no_opinion"]
"3" = ["government", "no_opinion"]
"4" = ["none", "exit"]
"5" = ["company", "exit"]
"6" = ["government", "exit"]

[design.prompts]
none = { en = "No prompt", ja = "提示なし" }
company = { en = "Company monitoring", ja = "企業による監視" }
government = { en = "Government monitoring", ja = "政府による監視" }

[design.options]
no_opinion = { en = "'No opinion' offered", ja = "「意見なし」を提示" }
exit = { en = "Exit offered", ja = "離脱を提示" }

[exit]
position = "exit_q"

[weights]
column = "wt"

[adjustment]
covariates = ["female", "age", "educ", "polint"]
"""

ISSUE_LABELS = [
    ("economy", "Approve of Japan's economic conditions", "日本の経済状況を評価する"),
    ("ldp", "Support the Liberal Democratic Party", "自民党を支持する"),
    ("same_sex_marriage", "Approve of same-sex marriage", "同性婚に賛成する"),
    ("death_penalty", "Maintain capital punishment", "死刑制度を維持すべき"),
    (
        "conspiracy_law",
        "Support the anti-terror conspiracy law",
        "テロ等準備罪（共謀罪）法を支持する",
    ),
    ("nuclear_restart", "Support restarting nuclear reactors", "原発の再稼働を支持する"),
    ("nuclear_weapons", "Japan should acquire nuclear weapons", "日本は核兵器を保有すべき"),
    (
        "collective_defense",
        "The SDF may exercise collective self-defense",
        "自衛隊は集団的自衛権を行使できる",
    ),
]

SUBGROUPS_TOML = """
[[subgroups]]
key = "gender"
column = "female"
en = "Gender"
ja = "性別"
levels = { "0" = { en = "Men", ja = "男性" }, "1" = { en = "Women", ja = "女性" } }

[[subgroups]]
key = "age"
column = "age"
en = "Age"
ja = "年齢"
bins = [20, 40, 60, 80]

[[subgroups]]
key = "education"
column = "educ"
en = "Education"
ja = "学歴"
levels = { "1" = { en = "High school or less", ja = "高校卒以下" }, \
"2" = { en = "Vocational / junior college", ja = "専門学校・短大" }, \
"3" = { en = "University", ja = "大学" }, "4" = { en = "Graduate school", ja = "大学院" } }

[[subgroups]]
key = "region"
column = "region"
en = "Region"
ja = "地域"
levels = { "1" = { en = "Hokkaido", ja = "北海道" }, "2" = { en = "Tohoku", ja = "東北" }, \
"3" = { en = "Kanto", ja = "関東" }, "4" = { en = "Chubu", ja = "中部" }, \
"5" = { en = "Kinki", ja = "近畿" }, "6" = { en = "Chugoku", ja = "中国" }, \
"7" = { en = "Shikoku", ja = "四国" }, "8" = { en = "Kyushu-Okinawa", ja = "九州・沖縄" } }

[[subgroups]]
key = "income"
column = "income"
en = "Household income"
ja = "世帯年収"
levels = { "1" = { en = "Under ¥3M", ja = "300万円未満" }, \
"2" = { en = "¥3M–5M", ja = "300〜500万円" }, "3" = { en = "¥5M–7M", ja = "500〜700万円" }, \
"4" = { en = "¥7M–10M", ja = "700〜1000万円" }, "5" = { en = "¥10M or more", ja = "1000万円以上" }, \
"9" = { en = "Prefer not to say", ja = "回答しない" } }

[[subgroups]]
key = "political_interest"
column = "polint"
en = "Political interest"
ja = "政治への関心"
levels = { "1" = { en = "Very interested", ja = "非常にある" }, \
"2" = { en = "Somewhat interested", ja = "ややある" }, \
"3" = { en = "Not very interested", ja = "あまりない" }, \
"4" = { en = "Not at all interested", ja = "まったくない" } }
"""


def mapping_text() -> str:
    """The TOML mapping of the simulated dataset."""
    parts = [MAPPING_TOML]
    for j, (key, en, ja) in enumerate(ISSUE_LABELS, start=1):
        parts.append(
            f'\n[[issues]]\nkey = "{key}"\ncolumn = "q{j}"\nen = "{en}"\nja = "{ja}"\n'
            "no_opinion = [9]\nsupport = [1, 2]\noppose = [3, 4]\n"
        )
    parts.append(SUBGROUPS_TOML)
    return "".join(parts)


def write(directory: Path = DATA_DIR, seed: int = SEED) -> tuple[Path, Path]:
    """Write the dataset and its mapping; returns both paths."""
    directory.mkdir(parents=True, exist_ok=True)
    data_path = directory / DATA_FILE.name
    mapping_path = directory / MAPPING_FILE.name
    simulate(seed).to_csv(data_path, index=False, lineterminator="\n")
    mapping_path.write_text(mapping_text(), encoding="utf-8", newline="\n")
    return data_path, mapping_path


def main(argv: list[str] | None = None) -> None:
    """Command line: write the simulated data and mapping."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", type=Path, default=DATA_DIR)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    for path in write(args.out_dir, args.seed):
        print(path)


if __name__ == "__main__":
    main()
