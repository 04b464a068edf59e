"""Strings of issue 5: takeaways, presentation mode, exports, small-cell settings, methods page."""

STRINGS: dict[str, dict[str, str]] = {
    # Takeaways (dashboard/takeaways.py)
    "tk_rise": {"en": "higher", "ja": "高く"},
    "tk_fall": {"en": "lower", "ja": "低く"},
    "tk_effect_sig": {
        "en": "{outcome} — {issue}: {rate_t} with the {prompt} prompt against {rate_c} with "
              "{control}, {effect} points {direction} (95% CI {low} to {high}).",
        "ja": "{outcome}・{issue}：{prompt}の告知で{rate_t}、{control}で{rate_c}となり、"
              "{effect}ポイント{direction}なりました（95%信頼区間 {low}～{high}）。",
    },
    "tk_effect_nonsig": {
        "en": "{outcome} — {issue}: {rate_t} with the {prompt} prompt against {rate_c} with "
              "{control}, a difference of {effect} points; the 95% CI ({low} to {high}) "
              "includes zero, so the data cannot tell this from no difference (not proof of "
              "no effect).",
        "ja": "{outcome}・{issue}：{prompt}の告知で{rate_t}、{control}で{rate_c}、差は"
              "{effect}ポイントです。95%信頼区間（{low}～{high}）が0を含むため、差がないことと"
              "区別できません（効果がないことの証明ではありません）。",
    },
    "tk_headline_sig": {
        "en": "Offered the exit, {rate_t} of those shown the {prompt} prompt left the survey, "
              "against {rate_c} with {control}: {effect} points (95% CI {low} to {high}).",
        "ja": "離脱を提示された場合、{prompt}の告知を受けた人の{rate_t}が調査を離脱しました"
              "（{control}では{rate_c}）。差は{effect}ポイント（95%信頼区間 {low}～{high}）です。",
    },
    "tk_headline_nonsig": {
        "en": "Offered the exit, {rate_t} of those shown the {prompt} prompt left the survey, "
              "against {rate_c} with {control}: {effect} points, but the 95% CI ({low} to "
              "{high}) includes zero, so the data cannot tell a change from no change.",
        "ja": "離脱を提示された場合、{prompt}の告知を受けた人の{rate_t}が調査を離脱しました"
              "（{control}では{rate_c}）。差は{effect}ポイントですが、95%信頼区間（{low}～"
              "{high}）が0を含むため、変化があったとも、なかったとも判断できません。",
    },
    "tk_small": {
        "en": " Based on few respondents (smallest group n = {n}, below {flag}): read with "
              "caution.",
        "ja": " 回答者が少ない（最小の群でn = {n}、{flag}未満）ため、慎重に解釈してください。",
    },
    "tk_suppressed": {
        "en": "{prompt}: too few respondents (n = {n}, below {suppress}) to report a result.",
        "ja": "{prompt}：回答者が少なすぎる（n = {n}、{suppress}未満）ため、結果を示しません。",
    },
    "tk_adjusted_p": {
        "en": " After adjusting for the {m} comparisons shown (Holm), p = {p}.",
        "ja": " 表示中の{m}件の比較について多重比較補正（Holm法）後のp = {p}。",
    },
    "tk_rates": {
        "en": "{outcome} — {issue}: {items}.",
        "ja": "{outcome}・{issue}：{items}。",
    },
    "tk_rate_item": {"en": "{rate} with {prompt}", "ja": "{prompt}で{rate}"},
    "tk_rates_levels": {
        "en": "{outcome} — {issue}, by prompt and {subgroup}; the bars show each group's rate "
              "with its 95% CI.",
        "ja": "{outcome}・{issue}を告知と{subgroup}別に示します。棒は各群の割合と95%信頼区間"
              "です。",
    },
    "tk_effects_levels": {
        "en": "Effects against {control} by {subgroup}: compare groups by the difference "
              "between their effects (an interaction), not by which group's interval excludes "
              "zero.",
        "ja": "{subgroup}別の{control}との差：群の比較は、どの群の区間が0を含むかではなく、"
              "効果の差（交互作用）で判断してください。",
    },
    "tk_list_sep": {"en": ", ", "ja": "、"},
    "tk_clause_sep": {"en": "; ", "ja": "；"},
    "tk_effects_summary": {"en": "{outcome} — {issue}, against {control}: {items}.",
                           "ja": "{outcome}・{issue}（{control}との差）：{items}。"},
    "tk_item_sig": {"en": "{prompt} {effect} points (95% CI {low} to {high})",
                    "ja": "{prompt}は{effect}ポイント（95%信頼区間 {low}～{high}）"},
    "tk_item_nonsig": {
        "en": "{prompt} {effect} points (95% CI {low} to {high}, cannot be told from no "
              "difference)",
        "ja": "{prompt}は{effect}ポイント（95%信頼区間 {low}～{high}、差がないことと区別できない）",
    },
    "tk_item_suppressed": {"en": "{prompt} not shown (n < {suppress})",
                           "ja": "{prompt}は非表示（n < {suppress}）"},
    # Presentation mode (dashboard/presentation.py)
    "present_toggle": {"en": "Presentation mode", "ja": "プレゼンテーションモード"},
    "present_help": {
        "en": "Full screen for a room: one chart per screen with its one-sentence takeaway, "
              "large text, no sidebar. Also in the link (present=1).",
        "ja": "会場向けの全画面表示：1画面に1つのグラフと1文の要点、大きな文字、サイドバーなし。"
              "リンクにも保存されます（present=1）。",
    },
    "present_slide": {"en": "Chart shown", "ja": "表示中のグラフ"},
    "present_selection": {"en": "Selection", "ja": "選択内容"},
    "present_exit": {"en": "Exit presentation", "ja": "発表を終了"},
    "present_prev": {"en": "Previous", "ja": "前へ"},
    "present_next": {"en": "Next", "ja": "次へ"},
    "present_counter": {"en": "Chart {i} of {n}", "ja": "グラフ {i} / {n}"},
    "present_nothing": {"en": "Nothing to present for this selection.",
                        "ja": "この選択では表示できるグラフがありません。"},
    # Exports (dashboard/exports.py)
    "export_heading": {"en": "Download", "ja": "ダウンロード"},
    "export_csv": {"en": "Table (CSV)", "ja": "表（CSV）"},
    "export_png": {"en": "Chart (PNG)", "ja": "グラフ（PNG）"},
    "export_svg": {"en": "Chart (SVG)", "ja": "グラフ（SVG）"},
    "export_html_view": {"en": "This view as an offline report (HTML)",
                         "ja": "この画面をオフライン用レポートに（HTML）"},
    "export_html_all": {"en": "All headline results as an offline report (HTML)",
                        "ja": "主要な結果すべてをオフライン用レポートに（HTML）"},
    "export_help": {
        "en": "Each file carries its source, the data's provenance and the citation. Images are "
              "made at slide size (1600 × 900, PNG at 2× resolution). The camera icon on a chart "
              "also saves it as it looks on screen.",
        "ja": "各ファイルには出典、データの由来、引用情報が記載されます。画像はスライド用の大きさ"
              "（1600 × 900、PNGは2倍の解像度）で作成します。グラフのカメラアイコンからも画面表示の"
              "まま保存できます。",
    },
    "export_image_unavailable": {
        "en": "Image export is not available on this server ({reason}). Use the camera icon on "
              "the chart, or the offline report.",
        "ja": "このサーバーでは画像を書き出せません（{reason}）。グラフのカメラアイコンか、"
              "オフライン用レポートをご利用ください。",
    },
    "export_exported": {"en": "Exported {date} from the dashboard: {dashboard}",
                        "ja": "{date}にダッシュボードから書き出し：{dashboard}"},
    "export_view": {"en": "View: {view}", "ja": "表示内容：{view}"},
    "cite_dashboard": {
        "en": "Surveillance & opting out: a results dashboard for survey experiments "
              "(software, version {version}).",
        "ja": "「監視と調査からの離脱」調査実験の結果ダッシュボード（ソフトウェア、"
              "バージョン{version}）。",
    },
    "source_short": {"en": "Source: Eck, Hatz, Crabtree & Tago (2021), J. of Politics",
                     "ja": "出典：Eck, Hatz, Crabtree & Tago (2021), J. of Politics"},
    "report_title": {"en": "Surveillance & opting out — report",
                     "ja": "監視と調査からの離脱 — レポート"},
    "report_headline_title": {"en": "Surveillance & opting out — headline results",
                              "ja": "監視と調査からの離脱 — 主要な結果"},
    "report_about": {"en": "About these numbers", "ja": "この数値について"},
    "report_table": {"en": "Table", "ja": "表"},
    "report_no_opinion_by_issue": {
        "en": "Effect on answering 'no opinion', by issue",
        "ja": "「意見なし」回答への効果（争点別）",
    },
    "report_no_opinion_by_issue_takeaway": {
        "en": "Effects of each prompt on answering 'no opinion' at each issue, against "
              "{control}; eight issues were tested, so read single issues as exploratory.",
        "ja": "各争点での「意見なし」回答に対する各告知の効果（{control}との差）。8つの争点を"
              "検定しているため、個々の争点の結果は探索的なものとして読んでください。",
    },
    "col_issue": {"en": "Issue", "ja": "争点"},
    "axis_issue_effect_title": {"en": "'No opinion': effect of each prompt by issue, with 95% CI",
                                "ja": "「意見なし」：争点別の各告知の効果（95%信頼区間）"},
    # Small cells (dashboard/smallcells.py)
    "advanced": {"en": "Advanced settings", "ja": "詳細設定"},
    "cells_flag": {"en": "Flag estimates with n below", "ja": "次の数未満のnを注意表示"},
    "cells_suppress": {"en": "Hide estimates with n below", "ja": "次の数未満のnを非表示"},
    "cells_help": {
        "en": "Small groups give unstable estimates. Defaults: flag below 100, hide below 30 "
              "(the server may set others in .streamlit/secrets.toml, [small_cells]).",
        "ja": "少人数の群の推定値は不安定です。既定値：100未満を注意表示、30未満を非表示"
              "（サーバー側で.streamlit/secrets.tomlの[small_cells]により変更可能）。",
    },
    "cells_fixed": {"en": "The hiding threshold cannot exceed the flag threshold; using {n}.",
                    "ja": "非表示の基準は注意表示の基準を超えられないため、{n}を使います。"},
    # Methods & citation page (pages/methods.py)
    "page_methods": {"en": "Methods & citation", "ja": "方法と引用"},
    "methods_title": {"en": "Methods, caveats and how to cite",
                      "ja": "方法・注意点・引用の仕方"},
    "methods_design_h": {"en": "The design", "ja": "調査設計"},
    "methods_design": {
        "en": "An online survey experiment in Japan in June 2018 with 4,514 residents, paid at "
              "most ¥130. Each respondent was randomly assigned one of three prompts — none, a "
              "company may monitor your online activity, or the government may monitor it — and "
              "then one of two response options: a 'no opinion' answer, or the chance to leave "
              "(opt out of) the survey, told that leaving meant no payment (they were in fact "
              "paid). That makes six cells of about equal size. Everyone was asked about the "
              "same eight issues.",
        "ja": "2018年6月に日本で行ったオンライン調査実験で、回答者は4,514人、謝礼は最大130円です。"
              "各回答者には3種類の告知（なし、企業がオンライン上の行動を監視している可能性、"
              "政府が監視している可能性）のいずれかを無作為に割り当て、続いて2種類の回答選択肢"
              "（「意見なし」の回答、または無報酬になると告げたうえでの調査からの離脱。実際には"
              "謝礼を支払いました）のいずれかを割り当てました。これにより、ほぼ同じ大きさの6つの"
              "群ができます。全員に同じ8つの争点を尋ねました。",
    },
    "methods_cells": {"en": "Cells in the data loaded now: {cells}.",
                      "ja": "現在読み込んでいるデータの群：{cells}。"},
    "methods_issues_h": {"en": "The eight issues", "ja": "8つの争点"},
    "methods_col_key": {"en": "Key (in links and files)", "ja": "キー（リンク・ファイル内）"},
    "methods_col_en": {"en": "English", "ja": "英語"},
    "methods_col_ja": {"en": "Japanese", "ja": "日本語"},
    "methods_estimators_h": {"en": "Estimators and why", "ja": "推定方法とその理由"},
    "methods_estimators": {
        "en": "- **Rates** (share who left, share answering 'no opinion', share supporting) "
              "carry **Wilson 95% confidence intervals**: they stay inside 0–100% and keep "
              "their coverage for small shares such as a 6% exit rate (the same as R "
              "`prop.test(correct = FALSE)`).\n"
              "- **Effects** are differences from the no-prompt group in **percentage points**, "
              "from a regression on the prompt with **HC2 robust standard errors** and t "
              "intervals (the same as R `estimatr::lm_robust`): randomisation makes the "
              "difference in means unbiased, and HC2 does not assume equal variance in the "
              "arms.\n"
              "- We show the **interval of the difference** itself, because two overlapping "
              "rate intervals do not mean 'no difference'.\n"
              "- **Subgroups** are compared by the difference between their effects (an "
              "interaction), never by 'significant here, not there'.\n"
              "- With many issues and subgroups, **Holm-adjusted p-values** guard against "
              "chance findings; single issues and subgroups are exploratory.\n"
              "- Every interval is checked in the test suite against statsmodels and R.",
        "ja": "- **割合**（離脱した人、「意見なし」と答えた人、賛成した人の割合）には**Wilson法の"
              "95%信頼区間**を付けます。0～100%の範囲に収まり、6%の離脱率のような小さな割合でも"
              "適切な被覆率を保つためです（Rの`prop.test(correct = FALSE)`と同じ）。\n"
              "- **効果**は告知なしの群との差を**パーセントポイント**で示し、告知を説明変数とする"
              "回帰と**HC2頑健標準誤差**、t分布による区間で求めます（Rの`estimatr::lm_robust`と"
              "同じ）。無作為割当により平均の差は不偏となり、HC2は群間で分散が等しいことを仮定"
              "しません。\n"
              "- 2つの割合の信頼区間が重なっても「差がない」ことにはならないため、**差そのものの"
              "信頼区間**を示します。\n"
              "- **サブグループ**は効果の差（交互作用）で比較し、「こちらでは有意、あちらでは有意"
              "でない」という比較はしません。\n"
              "- 多数の争点・サブグループを扱うため、偶然の発見を避けるよう**Holm法で補正した"
              "p値**を示します。個々の争点やサブグループの結果は探索的なものです。\n"
              "- すべての区間は、テストでstatsmodelsおよびRの結果と照合しています。",
    },
    "methods_caveats_h": {"en": "Caveats", "ja": "注意点"},
    "methods_caveats": {
        "en": "- **Simulated data.** We do not have the authors' replication file. The data "
              "shipped with this dashboard is generated by seeded code and calibrated to the "
              "published figures (N = 4,514; the government prompt raised opting out by about 8 "
              "points, the company prompt did not). Its numbers are not findings. Every page and "
              "every export says so; load the real file through a mapping to see real results.\n"
              "- **Selection in the exit cells.** Where leaving was offered, opinions are seen "
              "only for those who stayed, and the prompt changes who stays. Opinion shares "
              "there are not causal comparisons; leaving itself is the outcome to compare.\n"
              "- **Where 'no opinion' and 'exit' exist.** Each exists only in its own "
              "response-option cells, so each outcome uses half of the sample.\n"
              "- **Multiplicity.** Eight issues, several subgroups and two prompts make many "
              "comparisons; some will look notable by chance. Trust the pre-stated headline "
              "(government vs no prompt, leaving the survey) most.\n"
              "- **A non-significant result is not a zero effect**: look at how wide its "
              "interval is.\n"
              "- **Small groups**: estimates from fewer than {flag} respondents are flagged, "
              "and those from fewer than {suppress} are not shown.",
        "ja": "- **シミュレーションデータ。** 著者の再現用データは手元にありません。本ダッシュボード"
              "に同梱のデータは、乱数の種を固定したコードで生成し、公表値（N = 4,514、政府の告知で"
              "離脱が約8ポイント増加、企業の告知では増加せず）に合わせたものです。数値は研究結果で"
              "はありません。すべてのページと書き出しファイルにその旨を表示します。実際の結果を"
              "見るには、マッピングを使って実データを読み込んでください。\n"
              "- **離脱群での選択。** 離脱を提示した群では、残った人の意見しか観察できず、告知が"
              "誰が残るかを変えます。そこでの意見の割合は因果的な比較ではありません。比較すべき"
              "結果は離脱そのものです。\n"
              "- **「意見なし」と「離脱」の範囲。** それぞれの回答選択肢の群にしか存在しないため、"
              "各指標は標本の半分を用います。\n"
              "- **多重比較。** 8つの争点、複数のサブグループ、2種類の告知により比較の数が多く、"
              "偶然に目立つ結果も出ます。最も信頼できるのは事前に示された主要な結果（政府の告知と"
              "告知なしの比較、調査からの離脱）です。\n"
              "- **有意でない結果は効果ゼロではありません。** 区間の幅を確認してください。\n"
              "- **少人数の群**：回答者{flag}人未満の推定値には注意を表示し、{suppress}人未満の"
              "推定値は表示しません。",
    },
    "methods_cite_h": {"en": "How to cite", "ja": "引用の仕方"},
    "methods_cite_study": {"en": "The study:", "ja": "研究："},
    "methods_cite_dashboard": {"en": "This dashboard:", "ja": "本ダッシュボード："},
    "methods_cite_data": {"en": "The data shown now:", "ja": "現在表示中のデータ："},
    "methods_cite_note": {
        "en": "Cite the study for its findings and the dashboard for views or exports made "
              "with it; say whether the numbers are simulated.",
        "ja": "研究結果には研究を、本ダッシュボードで作成した画面や書き出しには本ダッシュボードを"
              "引用し、数値がシミュレーションかどうかを明記してください。",
    },
}
