"""Problems found in a mapping or a data file, with their text in English and Japanese.

The analysis layer reports problems as codes with parameters; the same code gives the same
message in the CLI (English) and in the app (the user's language).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Every message names what is wrong and, where it helps, what to do.
MESSAGES: dict[str, dict[str, str]] = {
    "mapping_bad_toml": {
        "en": "The mapping is not valid TOML: {detail}. Check quotes and brackets on that line.",
        "ja": "マッピングが正しいTOMLではありません：{detail}。その行の引用符と括弧を確認してください。",
    },
    "mapping_not_utf8": {
        "en": "The mapping file is not UTF-8 text. Save it as UTF-8 and upload it again.",
        "ja": "マッピングファイルがUTF-8のテキストではありません。UTF-8で保存し直してください。",
    },
    "mapping_too_large": {
        "en": "The mapping file is larger than {limit} bytes; a mapping is a short text file.",
        "ja": "マッピングファイルが{limit}バイトを超えています。マッピングは短いテキストファイルです。",
    },
    "mapping_too_deep": {
        "en": "The mapping nests tables more than {limit} levels deep; see the mapping format.",
        "ja": "マッピングの入れ子が{limit}段を超えています。マッピング形式を確認してください。",
    },
    "mapping_version": {
        "en": "The mapping says version = {found}; this dashboard reads version = {expected}.",
        "ja": "マッピングのversionが{found}です。このダッシュボードはversion = {expected}を読みます。",
    },
    "mapping_missing_key": {
        "en": "The mapping has no '{key}'. Add it (see the mapping format in the README).",
        "ja": "マッピングに「{key}」がありません。追加してください（READMEのマッピング形式を参照）。",
    },
    "mapping_bad_value": {
        "en": "In the mapping, '{key}' should be {expected}.",
        "ja": "マッピングの「{key}」は{expected}である必要があります。",
    },
    "mapping_unknown_option": {
        "en": "Response option '{option}' is not known; use {allowed}.",
        "ja": "回答選択肢「{option}」は使えません。{allowed}のいずれかを使ってください。",
    },
    "mapping_unknown_control": {
        "en": "The control prompt '{control}' is not among [design.prompts].",
        "ja": "統制条件「{control}」が[design.prompts]にありません。",
    },
    "mapping_one_prompt": {
        "en": "The mapping lists fewer than two prompts; effects need a control and a treatment.",
        "ja": "プロンプトが2つ未満です。効果の推定には統制群と処置群が必要です。",
    },
    "mapping_arm_both": {
        "en": "Give either design.arm or design.prompt and design.option, not both.",
        "ja": "design.armか、design.promptとdesign.optionのどちらか一方だけを指定してください。",
    },
    "mapping_unknown_prompt_in_arm": {
        "en": "Arm code {arm} names prompt '{prompt}', which is not in [design.prompts].",
        "ja": "群コード{arm}のプロンプト「{prompt}」が[design.prompts]にありません。",
    },
    "mapping_unknown_option_in_arm": {
        "en": "Arm code {arm} names option '{option}', which is not in [design.options].",
        "ja": "群コード{arm}の選択肢「{option}」が[design.options]にありません。",
    },
    "mapping_no_issues": {
        "en": "The mapping lists no [[issues]]; add one table per survey question.",
        "ja": "マッピングに[[issues]]がありません。質問ごとに1つ追加してください。",
    },
    "mapping_codes_overlap": {
        "en": "Issue '{issue}' lists the same code as both support and oppose.",
        "ja": "争点「{issue}」で同じコードが賛成と反対の両方にあります。",
    },
    "mapping_duplicate_key": {
        "en": "The key '{key}' is used twice in {where}; keys must be unique.",
        "ja": "キー「{key}」が{where}で2回使われています。キーは一意にしてください。",
    },
    "mapping_reserved_key": {
        "en": "The key 'all' is reserved; rename that issue or subgroup.",
        "ja": "キー「all」は予約語です。争点またはサブグループの名前を変えてください。",
    },
    "mapping_bad_bins": {
        "en": "Subgroup '{key}': bins must be at least two increasing numbers.",
        "ja": "サブグループ「{key}」：binsは2つ以上の増加する数値にしてください。",
    },
    "mapping_levels_and_bins": {
        "en": "Subgroup '{key}' has both levels and bins; keep one.",
        "ja": "サブグループ「{key}」にlevelsとbinsの両方があります。一方だけにしてください。",
    },
    "data_missing_columns": {
        "en": "The data has no column(s) {columns} named in the mapping. Columns found: {found}.",
        "ja": "マッピングにある列{columns}がデータにありません。データの列：{found}。",
    },
    "data_unknown_arm_codes": {
        "en": "{rows} row(s) have codes in column '{column}' that the mapping does not list "
              "(e.g. {examples}); they are left out.",
        "ja": "{rows}行の列「{column}」のコードがマッピングにありません（例：{examples}）。これらの行は除外します。",
    },
    "data_missing_arm": {
        "en": "{rows} row(s) have no value in column '{column}'; they are left out.",
        "ja": "{rows}行は列「{column}」が空欄です。これらの行は除外します。",
    },
    "data_no_rows": {
        "en": "No row has a known arm code; check design.arm and [design.arms].",
        "ja": "既知の群コードを持つ行がありません。design.armと[design.arms]を確認してください。",
    },
    "data_no_control": {
        "en": "No respondent is in the control prompt '{control}'; effects cannot be estimated.",
        "ja": "統制条件「{control}」の回答者がいないため、効果を推定できません。",
    },
    "data_empty_cell": {
        "en": "No respondent is in the cell {prompt} × {option}; check the arm codes in the mapping "
              "against the data.",
        "ja": "{prompt} × {option}の群に回答者がいません。マッピングの群コードとデータを照合してください。",
    },
    "data_exit_non_numeric": {
        "en": "{rows} row(s) in exit column '{column}' are not numbers (e.g. {examples}). The exit "
              "position must be the issue number 1–{n} where the respondent left, or empty if they stayed.",
        "ja": "離脱列「{column}」の{rows}行が数値ではありません（例：{examples}）。離脱位置は離脱した争点の番号"
              "（1～{n}）か、残った場合は空欄にしてください。",
    },
    "data_exit_out_of_range": {
        "en": "{rows} row(s) in exit column '{column}' are outside 1–{n} (e.g. {examples}). Use the "
              "issue number where the respondent left, and leave it empty for those who stayed.",
        "ja": "離脱列「{column}」の{rows}行が1～{n}の範囲外です（例：{examples}）。離脱した争点の番号を使い、"
              "残った人は空欄にしてください。",
    },
    "data_exit_flag_values": {
        "en": "{rows} row(s) in exit flag column '{column}' are neither 0 nor 1 (e.g. {examples}).",
        "ja": "離脱フラグ列「{column}」の{rows}行が0でも1でもありません（例：{examples}）。",
    },
    "data_exit_outside_exit_cells": {
        "en": "{rows} row(s) record an exit in '{column}' although they were not offered the exit; "
              "these exits are ignored.",
        "ja": "離脱を提示されていない{rows}行で列「{column}」に離脱が記録されています。これらの離脱は無視します。",
    },
    "data_answers_after_exit": {
        "en": "{rows} respondent(s) left the survey at one issue but have answers recorded for later "
              "issues (e.g. {examples}). Check that the issues in the mapping are in the order asked "
              "and that '{column}' is the exit position.",
        "ja": "{rows}人が途中の争点で離脱したのに、その後の争点にも回答が記録されています（例：{examples}）。"
              "マッピングの争点が質問順になっているか、「{column}」が離脱位置かを確認してください。",
    },
    "data_duplicate_ids": {
        "en": "{rows} rows share a respondent ID in column '{column}' with another row (e.g. "
              "{examples}); each respondent must appear once.",
        "ja": "列「{column}」で{rows}行の回答者IDが重複しています（例：{examples}）。各回答者は1行にしてください。",
    },
    "data_weights_missing": {
        "en": "{rows} row(s) have no usable weight in column '{column}' (e.g. {examples}); every "
              "respondent needs a positive weight, or remove [weights] from the mapping.",
        "ja": "列「{column}」の{rows}行に有効なウェイトがありません（例：{examples}）。全員に正のウェイトを"
              "与えるか、マッピングから[weights]を削除してください。",
    },
    "data_weights_nonpositive": {
        "en": "{rows} row(s) have a zero or negative weight in column '{column}' (e.g. {examples}); "
              "weights must be positive.",
        "ja": "列「{column}」の{rows}行のウェイトが0以下です（例：{examples}）。ウェイトは正の値にしてください。",
    },
    "data_codes_never_occur": {
        "en": "Code(s) {codes} listed in the mapping for {where} never occur in the data; check "
              "for a typo.",
        "ja": "マッピングの{where}にあるコード{codes}はデータに一度も現れません。誤記がないか確認してください。",
    },
    "data_unlisted_codes": {
        "en": "Issue '{issue}' (column '{column}'): {rows} answer(s) have codes the mapping does not "
              "list (e.g. {examples}); they count as 'other answer'.",
        "ja": "争点「{issue}」（列「{column}」）：{rows}件の回答のコードがマッピングにありません（例：{examples}）。"
              "「その他の回答」として扱います。",
    },
    "data_covariate_non_numeric": {
        "en": "Covariate '{column}': {rows} value(s) are not numbers (e.g. {examples}); they count "
              "as missing.",
        "ja": "共変量「{column}」：{rows}個の値が数値ではありません（例：{examples}）。欠測として扱います。",
    },
    "file_too_large": {
        "en": "'{name}' is {size}; the limit is {limit}. Keep only the columns the mapping needs, or "
              "save it as Parquet or Stata, which are smaller.",
        "ja": "「{name}」は{size}で、上限の{limit}を超えています。マッピングに必要な列だけを残すか、"
              "より小さいParquetやStata形式で保存してください。",
    },
    "file_too_many_rows": {
        "en": "'{name}' has {rows} rows; the limit is {limit}.",
        "ja": "「{name}」は{rows}行あり、上限の{limit}行を超えています。",
    },
    "file_too_many_columns": {
        "en": "'{name}' has {columns} columns; the limit is {limit}. Keep only the columns the "
              "mapping needs.",
        "ja": "「{name}」は{columns}列あり、上限の{limit}列を超えています。マッピングに必要な列だけを残してください。",
    },
    "file_encoding": {
        "en": "'{name}' is neither UTF-8 nor Shift-JIS (CP932) text. Save it as CSV UTF-8 and upload "
              "it again.",
        "ja": "「{name}」はUTF-8でもShift-JIS（CP932）でもありません。CSV UTF-8で保存し直してアップロードしてください。",
    },
    "file_empty": {
        "en": "'{name}' has no data rows.",
        "ja": "「{name}」にデータ行がありません。",
    },
    "file_unsupported": {
        "en": "'{name}' is not a supported file type. Use one of: {allowed}.",
        "ja": "「{name}」は対応していないファイル形式です。対応形式：{allowed}。",
    },
    "file_unreadable": {
        "en": "'{name}' could not be read: {detail}",
        "ja": "「{name}」を読み込めませんでした：{detail}",
    },
}

UNKNOWN = {"en": "Problem: {code}", "ja": "問題：{code}"}


@dataclass(frozen=True)
class Problem:
    """One problem: a message code, ``"error"`` or ``"warning"``, and the message's values."""

    code: str
    severity: str
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str = "en") -> str:
        """The problem as a sentence in ``lang``."""
        templates = MESSAGES.get(self.code, UNKNOWN)
        template = templates.get(lang, templates["en"])
        try:
            return template.format(**{"code": self.code, **self.params})
        except (KeyError, IndexError, ValueError):
            return f"{template} {self.params}"


ProblemList = list[Problem]
