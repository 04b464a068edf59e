"""Every user-visible string of the app, in English and Japanese.

``STRINGS[key]`` holds ``{"en": ..., "ja": ...}``; ``t(key, lang, **values)`` formats one.
A test checks that every key has both languages and that every ``t("...")`` in the code exists.
Later features add their strings to their own ``dashboard/strings_<feature>.py`` module, merged
here, so that parallel work does not collide in one file.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

LANGS = ("en", "ja")
LANG_NAMES = {"en": "English", "ja": "日本語"}

STRINGS: dict[str, dict[str, str]] = {
    # App frame
    "app_title": {"en": "Surveillance & opting out", "ja": "監視と調査からの離脱"},
    "language": {"en": "Language / 言語", "ja": "言語 / Language"},
    "page_overview": {"en": "Overview", "ja": "概要"},
    "page_explore": {"en": "Explore", "ja": "詳しく見る"},
    "badge_simulated": {"en": "SIMULATED DATA", "ja": "シミュレーションデータ"},
    "badge_real": {"en": "Loaded data", "ja": "読み込んだデータ"},
    "simulated_note": {
        "en": "These numbers are simulated for demonstration, calibrated to the published "
              "figures (N = 4,514; the government prompt raised opting out by 8 points). "
              "They are not the study's results. Load the replication file to see real results.",
        "ja": "この数値は説明用のシミュレーションで、公表値（N = 4,514、政府による監視の告知で"
              "離脱が8ポイント増加）に合わせて作成したものです。調査の実際の結果ではありません。"
              "実際の結果を見るには再現用データを読み込んでください。",
    },
    "provenance": {
        "en": "Data: {file} · SHA-256 {sha} · {rows} rows · mapping: {mapping}",
        "ja": "データ：{file} · SHA-256 {sha} · {rows}行 · マッピング：{mapping}",
    },
    # Outcomes and selections
    "outcome": {"en": "Outcome", "ja": "結果指標"},
    "outcome_opt_out": {"en": "Left the survey (opt-out)", "ja": "調査から離脱（オプトアウト）"},
    "outcome_no_opinion": {"en": "Answered 'no opinion'", "ja": "「意見なし」と回答"},
    "outcome_support": {"en": "Support (among those giving a view)",
                        "ja": "賛成（意見を示した人のうち）"},
    "option": {"en": "Response option offered", "ja": "提示された回答選択肢"},
    "prompts": {"en": "Prompts", "ja": "告知（プロンプト）"},
    "issue": {"en": "Issue", "ja": "争点"},
    "issue_all_opt_out": {"en": "Any issue (left at any point)",
                          "ja": "全争点（いずれかの時点で離脱）"},
    "issue_all_no_opinion": {"en": "Any issue ('no opinion' at least once)",
                             "ja": "全争点（1回以上「意見なし」）"},
    "subgroup": {"en": "Subgroup", "ja": "サブグループ"},
    "subgroup_all": {"en": "Everyone", "ja": "全員"},
    "level_all": {"en": "Everyone", "ja": "全員"},
    # Charts and tables
    "axis_rate": {"en": "Share (%)", "ja": "割合（%）"},
    "axis_effect": {"en": "Effect vs no prompt (percentage points)",
                    "ja": "提示なしとの差（パーセントポイント）"},
    "axis_effect_generic": {"en": "Effect vs {control} (percentage points)",
                            "ja": "{control}との差（パーセントポイント）"},
    "chart_rates_title": {"en": "{outcome}: rate by prompt, with 95% CI",
                          "ja": "{outcome}：告知別の割合（95%信頼区間）"},
    "chart_effects_title": {"en": "Effect of each prompt against {control}, with 95% CI",
                            "ja": "各告知の効果（{control}との差、95%信頼区間）"},
    "hover_rate": {"en": "{rate} (95% CI {low} to {high}), n = {n}",
                   "ja": "{rate}（95%信頼区間 {low}～{high}）、n = {n}"},
    "hover_effect": {
        "en": "{effect} points (95% CI {low} to {high}); {control}: {baseline}; n = {n}",
        "ja": "{effect}ポイント（95%信頼区間 {low}～{high}）；{control}：{baseline}；n = {n}",
    },
    "col_prompt": {"en": "Prompt", "ja": "告知"},
    "col_level": {"en": "Group", "ja": "グループ"},
    "col_n": {"en": "n", "ja": "n"},
    "col_rate": {"en": "Rate (%)", "ja": "割合（%）"},
    "col_ci": {"en": "95% CI", "ja": "95%信頼区間"},
    "col_effect": {"en": "Effect (points)", "ja": "効果（ポイント）"},
    "col_baseline": {"en": "Control rate (%)", "ja": "統制群の割合（%）"},
    "col_p": {"en": "p-value", "ja": "p値"},
    "col_flag": {"en": "Note", "ja": "注記"},
    "flag_small": {"en": "small cell (n < {n})", "ja": "少数セル（n < {n}）"},
    "flag_suppressed": {"en": "suppressed (n < {n})", "ja": "非表示（n < {n}）"},
    "table_view": {"en": "Table view", "ja": "表で見る"},
    "rates_heading": {"en": "Rates", "ja": "割合"},
    "effects_heading": {"en": "Effects against control", "ja": "統制群との差（効果）"},
    # Overview
    "overview_title": {"en": "Does a surveillance reminder make people leave a survey?",
                       "ja": "監視の告知で人は調査から離脱するのか"},
    "overview_intro": {
        "en": "Respondents were told that the government, or a company, may monitor their online "
              "activity, or told nothing. Half were then offered the chance to leave the survey "
              "unpaid. The charts show how many left, by prompt, and the difference each prompt "
              "made compared with no prompt.",
        "ja": "回答者には、政府または企業がオンライン上の行動を監視している可能性があると告げるか、"
              "何も告げませんでした。その後、半数には無報酬で調査を離脱できる選択肢を示しました。"
              "グラフは告知別の離脱率と、告知なしと比べた差を示します。",
    },
    "overview_rates_heading": {"en": "Share who left the survey",
                               "ja": "調査から離脱した人の割合"},
    "overview_effects_heading": {"en": "How much each prompt changed it",
                                 "ja": "各告知による変化"},
    "overview_sample": {
        "en": "{n} respondents in all; {n_exit} were offered the exit.",
        "ja": "回答者は全体で{n}人、うち{n_exit}人に離脱の選択肢を提示。",
    },
    "reading_ci": {
        "en": "How to read: bars show rates with 95% confidence intervals; the right chart shows "
              "the difference from no prompt in percentage points. Judge a difference by its own "
              "interval, not by whether two bars' intervals overlap.",
        "ja": "読み方：棒は割合と95%信頼区間です。右の図は告知なしとの差（ポイント）です。"
              "差の有無は2本の棒の区間の重なりではなく、差そのものの区間で判断してください。",
    },
    # Explore
    "explore_title": {"en": "Explore the results", "ja": "結果を詳しく見る"},
    "explore_no_rows": {
        "en": "Nothing to show for this selection. Choose at least one prompt, or another issue.",
        "ja": "この選択では表示できる結果がありません。告知を1つ以上選ぶか、別の争点を選んでください。",
    },
    "explore_support_caveat": {
        "en": "Where the exit was offered, opinions are seen only for those who stayed, and the "
              "prompt changes who stays: these opinion shares are not causal comparisons.",
        "ja": "離脱を提示した群では、残った人の意見しか観察できず、告知が誰が残るかを変えます。"
              "このため、これらの意見の割合は因果的な比較ではありません。",
    },
    "explore_option_fixed": {
        "en": "{outcome} is measured only in this cell: {option}.",
        "ja": "{outcome}：次の群でのみ測定されます（{option}）。",
    },
    # Takeaways
    "takeaway_sig": {
        "en": "Offered the exit, {rate_t} of those shown the {prompt} prompt left the survey, "
              "against {rate_c} with no prompt: {effect} points (95% CI {low} to {high}).",
        "ja": "離脱を提示された場合、{prompt}の告知を受けた人の{rate_t}が調査を離脱しました"
              "（告知なしでは{rate_c}）。差は{effect}ポイント（95%信頼区間 {low}～{high}）です。",
    },
    "takeaway_nonsig": {
        "en": "With the {prompt} prompt, {rate_t} left against {rate_c} with no prompt: "
              "{effect} points, but the 95% CI ({low} to {high}) includes zero, so the data "
              "cannot tell a rise from no change.",
        "ja": "{prompt}の告知では{rate_t}が離脱し、告知なしは{rate_c}でした。差は{effect}"
              "ポイントですが、95%信頼区間（{low}～{high}）が0を含むため、増加とも変化なしとも"
              "判断できません。",
    },
    "takeaway_generic_sig": {
        "en": "{outcome}, {issue}: {rate_t} with the {prompt} prompt against {rate_c} with "
              "{control}: {effect} points (95% CI {low} to {high}).",
        "ja": "{outcome}（{issue}）：{prompt}の告知で{rate_t}、{control}で{rate_c}。"
              "差は{effect}ポイント（95%信頼区間 {low}～{high}）。",
    },
    "takeaway_generic_nonsig": {
        "en": "{outcome}, {issue}: {rate_t} with the {prompt} prompt against {rate_c} with "
              "{control}: {effect} points; the 95% CI ({low} to {high}) includes zero.",
        "ja": "{outcome}（{issue}）：{prompt}の告知で{rate_t}、{control}で{rate_c}。"
              "差は{effect}ポイントですが、95%信頼区間（{low}～{high}）は0を含みます。",
    },
    "takeaway_small": {
        "en": " Few respondents (n = {n}): read with caution.",
        "ja": " 回答者が少ない（n = {n}）ため、慎重に解釈してください。",
    },
    "takeaway_unavailable": {"en": "Not enough data for a summary sentence.",
                             "ja": "要約文を作るのに十分なデータがありません。"},
    "url_invalid": {"en": "The link's value for '{key}' is not valid here; showing the default.",
                    "ja": "リンクの「{key}」の値はここでは使えないため、既定値を表示しています。"},
    "simulated_prefix": {"en": "[Simulated data] ", "ja": "［シミュレーションデータ］"},
}


def _merge_feature_tables() -> None:
    """Add the strings of ``dashboard/strings_*.py`` modules (each defines ``STRINGS``)."""
    here = Path(__file__).parent
    for info in sorted(pkgutil.iter_modules([str(here)]), key=lambda i: i.name):
        if info.name.startswith("strings_"):
            module = importlib.import_module(f"dashboard.{info.name}")
            for key, value in module.STRINGS.items():
                if key in STRINGS:
                    raise KeyError(f"string key {key!r} defined twice ({info.name})")
                STRINGS[key] = value


_merge_feature_tables()


def t(key: str, lang: str, /, **values: object) -> str:
    """The string ``key`` in ``lang``, formatted with ``values``."""
    entry = STRINGS[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**values) if values else text
