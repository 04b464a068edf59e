"""Strings of the statistics pages (subgroups, opinions, exits, balance, plan) and the
effect-method switch, in English and Japanese (merged into ``dashboard.i18n.STRINGS``)."""

STRINGS: dict[str, dict[str, str]] = {
    # Navigation
    "page_subgroups": {"en": "Subgroups", "ja": "サブグループ"},
    "page_opinions": {"en": "Opinions", "ja": "意見の分布"},
    "page_exits": {"en": "Exits", "ja": "離脱のタイミング"},
    "page_balance": {"en": "Balance & sample", "ja": "バランスと標本"},
    "page_plan": {"en": "Plan a study", "ja": "調査を計画する"},
    "stats_computing": {"en": "Computing the estimates…", "ja": "推定値を計算しています…"},
    # Effect-method switch (Overview, Explore)
    "effects_switch": {"en": "Effects", "ja": "効果の推定方法"},
    "effects_switch_help": {
        "en": "Unadjusted: difference in means (OLS, HC2). Covariate-adjusted: Lin (2013) "
              "regression with the mapping's covariates, usually a narrower CI. Weighted: "
              "survey weights (WLS, HC2).",
        "ja": "調整なし：平均の差（OLS、HC2）。共変量調整：マッピングの共変量を用いたLin（2013）"
              "の回帰で、通常は信頼区間が狭くなります。重み付き：調査ウェイトを用いたWLS（HC2）。",
    },
    "method_ols_hc2": {"en": "Unadjusted", "ja": "調整なし"},
    "method_lin_hc2": {"en": "Covariate-adjusted", "ja": "共変量で調整"},
    "method_wls_hc2": {"en": "Weighted", "ja": "重み付き"},
    "method_lin_hc2_note": {
        "en": "Covariate-adjusted (Lin 2013): complete cases on the covariates; the rates shown "
              "beside are unadjusted.",
        "ja": "共変量調整（Lin 2013）：共変量が揃った回答者のみ。並べて示す割合は調整前の値です。",
    },
    "method_wls_hc2_note": {
        "en": "Weighted: the effects and the rates in the sentences use the survey weights; the "
              "bars show unweighted rates; n counts respondents.",
        "ja": "重み付き：効果と文中の割合は調査ウェイトを用いた値です。棒グラフは重みなしの割合、"
              "nは回答者数です。",
    },
    "method_lin_everyone_only": {
        "en": "Covariate-adjusted effects are computed for everyone only; choose 'Everyone' as "
              "the subgroup, or switch to unadjusted.",
        "ja": "共変量調整の効果は全員についてのみ計算しています。サブグループで「全員」を選ぶか、"
              "調整なしに切り替えてください。",
    },
    "p_note": {"en": "p-values — {items}.", "ja": "p値 — {items}。"},
    "p_note_item": {
        "en": "{prompt}: {p} (Holm-adjusted {p_adj}; permutation {p_ri})",
        "ja": "{prompt}：{p}（Holm調整後 {p_adj}、並べ替え検定 {p_ri}）",
    },
    "p_note_item_no_ri": {"en": "{prompt}: {p} (Holm-adjusted {p_adj})",
                          "ja": "{prompt}：{p}（Holm調整後 {p_adj}）"},
    "col_p_holm": {"en": "p (Holm)", "ja": "p値（Holm調整）"},
    "col_p_ri": {"en": "p (permutation)", "ja": "p値（並べ替え検定）"},
    # Shared axes and columns
    "axis_points": {"en": "Percentage points", "ja": "パーセントポイント"},
    "axis_share": {"en": "Share of respondents (%)", "ja": "回答者の割合（%）"},
    "axis_position": {"en": "Question (in the order asked)", "ja": "質問（尋ねた順）"},
    "axis_left_by": {"en": "Share who had left (%)", "ja": "離脱済みの割合（%）"},
    "axis_std_diff": {"en": "Standardised difference from the no-prompt cell",
                      "ja": "提示なし群との標準化差"},
    "axis_effect_pp": {"en": "Effect to detect (percentage points)",
                       "ja": "検出したい効果（パーセントポイント）"},
    "axis_n_per_arm": {"en": "Respondents needed per arm", "ja": "1群あたりの必要回答者数"},
    "col_answer": {"en": "Answer", "ja": "回答"},
    "col_share": {"en": "Share (%)", "ja": "割合（%）"},
    "col_position": {"en": "Question", "ja": "質問"},
    "col_left_by": {"en": "Left by then (%)", "ja": "それまでの離脱（%）"},
    "col_effect_ci": {"en": "Effect 95% CI", "ja": "効果の95%信頼区間"},
    "col_interaction": {"en": "Difference from reference (points)",
                        "ja": "基準グループとの差（ポイント）"},
    "col_interaction_ci": {"en": "Difference 95% CI", "ja": "差の95%信頼区間"},
    "col_interaction_p": {"en": "Difference p (Holm)", "ja": "差のp値（Holm調整）"},
    "col_variable": {"en": "Characteristic", "ja": "属性"},
    "col_f": {"en": "F (HC2)", "ja": "F値（HC2）"},
    "hover_interaction": {
        "en": "{effect} points vs the reference group (95% CI {low} to {high}); p = {p}, "
              "Holm {p_adj}",
        "ja": "基準グループとの差 {effect}ポイント（95%信頼区間 {low}～{high}）；p = {p}、"
              "Holm調整 {p_adj}",
    },
    # Subgroups
    "sg_title": {"en": "Does the effect differ between groups?",
                 "ja": "効果はグループによって異なるか"},
    "sg_exploratory": {
        "en": "Exploratory: the study was not designed to compare subgroups. With many groups "
            "and issues some differences appear by chance; read the Holm-adjusted p-values and "
            "the interval of the difference, not whether one group is 'significant' and "
            "another is not.",
        "ja": "探索的な分析です。この調査はサブグループの比較を目的に設計されていません。"
              "グループや争点が多いと偶然の差も現れます。一方のグループだけが「有意」かどうか"
              "ではなく、Holm調整後のp値と差の信頼区間で判断してください。",
    },
    "sg_none": {"en": "The mapping defines no subgroups.",
                "ja": "マッピングにサブグループが定義されていません。"},
    "sg_panel_effects": {"en": "Effect vs {control}, by group", "ja": "{control}との差（グループ別）"},
    "sg_panel_interaction": {"en": "Difference from the reference group",
                             "ja": "基準グループとの差"},
    "sg_reference": {"en": "reference", "ja": "基準"},
    "sg_chart_title": {"en": "{outcome}: effect of each prompt by {subgroup}",
                       "ja": "{outcome}：{subgroup}別の各告知の効果"},
    "sg_joint": {
        "en": "{prompt}: is the effect the same in every group? Joint test F = {f}, p = {p} "
              "(Holm-adjusted: {p_adj}).",
        "ja": "{prompt}：効果はすべてのグループで同じか。同時検定 F = {f}、p = {p}"
              "（Holm調整後：{p_adj}）。",
    },
    "sg_reading": {
        "en": "Left: each prompt's effect within each group (diamonds: fewer than 100 "
              "respondents). Right: how much larger or smaller the effect is than in the "
              "reference group ({reference}), from one interacted model (OLS, HC2).",
        "ja": "左：各グループ内の告知の効果（ひし形は回答者100人未満）。右：基準グループ"
              "（{reference}）と比べて効果がどれだけ大きいか小さいか（交互作用モデル、OLS・HC2）。",
    },
    # Opinions
    "op_title": {"en": "What people answered, by prompt", "ja": "告知別の回答の分布"},
    "op_view": {"en": "Who is counted", "ja": "集計の対象"},
    "op_view_answer": {"en": "Those who answered", "ja": "回答した人"},
    "op_view_assigned": {"en": "Everyone assigned (leaving counts as an answer)",
                         "ja": "割り当てられた全員（離脱も回答として数える）"},
    "answer_support": {"en": "Support", "ja": "賛成"},
    "answer_oppose": {"en": "Oppose", "ja": "反対"},
    "answer_no_opinion": {"en": "No opinion", "ja": "意見なし"},
    "answer_other": {"en": "Other answer", "ja": "その他の回答"},
    "answer_left": {"en": "Left the survey", "ja": "調査から離脱"},
    "answer_missing": {"en": "Stayed, no answer", "ja": "残ったが無回答"},
    "op_selection_caveat": {
        "en": "Exit offered: opinions are seen only for those who stayed, and the prompt changes "
              "who stays. Differences between prompts here are not causal; switch 'Who is "
              "counted' to everyone assigned to compare like with like.",
        "ja": "離脱を提示した群では、残った人の意見しか観察できず、告知が誰が残るかを変えます。"
              "ここでの告知間の差は因果的ではありません。同じ条件で比べるには「集計の対象」を"
              "割り当てられた全員に切り替えてください。",
    },
    "op_assigned_note": {
        "en": "Everyone assigned to the cell is counted; those who left before or at this "
              "question count as 'Left the survey'. This comparison is randomised.",
        "ja": "この群に割り当てられた全員を数え、この質問まで（この質問を含む）に離脱した人は"
              "「調査から離脱」として数えます。この比較は無作為化に基づきます。",
    },
    "op_chart_title": {"en": "{issue} — {option}", "ja": "{issue}：{option}"},
    "op_chi2": {
        "en": "Same distribution under every prompt? Chi-square = {chi2}, p = {p} (Holm-adjusted "
              "across issues: {p_adj}).",
        "ja": "すべての告知で分布は同じか。カイ二乗 = {chi2}、p = {p}（争点間でHolm調整：{p_adj}）。",
    },
    "op_support_line": {
        "en": "{prompt}: {share}% support among those giving a view (95% CI {low}–{high}; "
              "n = {n})",
        "ja": "{prompt}：意見を示した人のうち賛成 {share}%（95%信頼区間 {low}～{high}、n = {n}）",
    },
    # Exits
    "ex_title": {"en": "When did people leave?", "ja": "いつ離脱したのか"},
    "ex_unavailable": {
        "en": "The exit curve needs the question at which each respondent left ([exit] position "
              "in the mapping).",
        "ja": "離脱の推移には、各回答者が離脱した質問の位置（マッピングの[exit] position）が必要です。",
    },
    "ex_show": {"en": "Prompts shown", "ja": "表示する告知"},
    "ex_show_all": {"en": "All prompts", "ja": "すべての告知"},
    "ex_show_vs": {"en": "{prompt} vs {control}", "ja": "{prompt}と{control}"},
    "ex_intro": {
        "en": "Among those offered the exit, the share who had left the survey by each question.",
        "ja": "離脱を提示された人のうち、各質問までに調査を離脱した人の割合です。",
    },
    "ex_chart_title": {"en": "Share who had left, by question (95% CI)",
                       "ja": "質問ごとの離脱済みの割合（95%信頼区間）"},
    "ex_reading": {
        "en": "Each point counts everyone assigned to the exit-offered cell. A gap that opens at "
              "the first questions and then stays means most of the extra leaving happened "
              "early. The table shows each prompt's difference from {control}.",
        "ja": "各点は離脱を提示された群の全員を分母にしています。最初の質問で差が開きその後"
              "変わらなければ、追加の離脱の多くは早い段階で起きたことを意味します。表に"
              "{control}との差を示します。",
    },
    # Balance & sample
    "bal_title": {"en": "Balance and sample flow", "ja": "バランスと標本の流れ"},
    "bal_flow_heading": {"en": "Where respondents went", "ja": "回答者の流れ"},
    "bal_flow_title": {"en": "Assigned → left the survey or completed",
                       "ja": "割り当て → 離脱または回答完了"},
    "flow_everyone": {"en": "All respondents ({n})", "ja": "全回答者（{n}）"},
    "flow_left_total": {"en": "Left the survey ({n})", "ja": "調査から離脱（{n}）"},
    "flow_completed_row": {"en": "Completed", "ja": "回答完了"},
    "bal_flow_table": {"en": "Where those offered the exit left (number of respondents):",
                       "ja": "離脱を提示された人がどこで離脱したか（人数）："},
    "flow_left_any": {"en": "Left the survey", "ja": "調査から離脱"},
    "flow_completed": {"en": "Completed ({n})", "ja": "回答完了（{n}）"},
    "bal_table_heading": {"en": "Do the groups look alike?", "ja": "各群は似ているか"},
    "bal_no_variables": {
        "en": "The mapping names no covariates or subgroups, so there is nothing to compare.",
        "ja": "マッピングに共変量もサブグループもないため、比較する項目がありません。",
    },
    "bal_group": {"en": "Characteristics", "ja": "属性"},
    "bal_covariates": {"en": "Adjustment covariates (means)", "ja": "調整用の共変量（平均）"},
    "bal_table_note": {
        "en": "Means (covariates) or shares in % (groups) in each cell. F: HC2 test that all six "
              "cells have the same mean; p (Holm) adjusts across characteristics. With "
              "randomisation, about 1 test in 20 has p < 0.05 by chance.",
        "ja": "各群の平均（共変量）または割合%（グループ）。F：全群の平均が等しいかのHC2検定。"
              "p（Holm）は属性間で調整。無作為化のもとでも、約20回に1回はp < 0.05となります。",
    },
    "bal_love_title": {"en": "Standardised differences from the no-prompt cell (|d| > 0.1 "
                              "deserves a look)",
                       "ja": "提示なし群との標準化差（|d| > 0.1 は要確認）"},
    "bal_omnibus": {"en": "{what} Joint test of all covariates: F = {f}, p = {p} (n = {n}).",
                    "ja": "{what}　全共変量の同時検定：F = {f}、p = {p}（n = {n}）。"},
    "bal_omnibus_prompt": {"en": "Do the covariates predict {prompt} vs {control}?",
                           "ja": "共変量は{prompt}と{control}の割り当てを予測するか？"},
    "bal_omnibus_option": {"en": "Do the covariates predict being offered the exit?",
                           "ja": "共変量は離脱の提示を予測するか？"},
    # Plan a study
    "plan_title": {"en": "Plan a follow-up study", "ja": "追跡調査を計画する"},
    "plan_intro": {
        "en": "How many respondents would a new study need to detect an effect of a given size "
              "— or, for a given size, how small an effect could it detect? The baseline is "
              "prefilled with the loaded data's control rate.",
        "ja": "一定の大きさの効果を検出するには何人の回答者が必要か、または一定の人数で"
              "どれだけ小さな効果を検出できるかを計算します。基準の割合には読み込んだデータの"
              "統制群の値を入れています。",
    },
    "plan_outcome": {"en": "Baseline from", "ja": "基準の割合"},
    "plan_mode": {"en": "Calculate", "ja": "計算する値"},
    "plan_mode_n": {"en": "Respondents needed", "ja": "必要な回答者数"},
    "plan_mode_mde": {"en": "Smallest detectable effect", "ja": "検出可能な最小効果"},
    "plan_alpha": {"en": "Significance level (alpha)", "ja": "有意水準（α）"},
    "plan_power": {"en": "Power", "ja": "検出力"},
    "plan_baseline": {"en": "Baseline rate in the control arm (%)",
                      "ja": "統制群の基準の割合（%）"},
    "plan_baseline_help": {"en": "Loaded data: {rate}% under {control}.",
                           "ja": "読み込んだデータ：{control}で{rate}%。"},
    "plan_effect": {"en": "Effect to detect (percentage points)",
                    "ja": "検出したい効果（パーセントポイント）"},
    "plan_size": {"en": "Respondents per arm", "ja": "1群あたりの回答者数"},
    "plan_n": {"en": "Respondents needed per arm", "ja": "1群あたりの必要回答者数"},
    "plan_mde": {"en": "Smallest detectable effect (points)", "ja": "検出可能な最小効果（ポイント）"},
    "plan_n_sentence": {
        "en": "To detect a rise from {base}% to {target}% with {power}% power at alpha = "
              "{alpha} (two-sided), each arm needs {n} respondents ({total} for two arms).",
        "ja": "{base}%から{target}%への増加を、検出力{power}%、有意水準{alpha}（両側）で"
              "検出するには、1群あたり{n}人（2群で{total}人）が必要です。",
    },
    "plan_mde_sentence": {
        "en": "With {n} respondents per arm and a baseline of {base}%, a study has {power}% power "
              "(alpha = {alpha}, two-sided) to detect a rise of {mde} points or more.",
        "ja": "1群{n}人、基準{base}%のとき、{mde}ポイント以上の増加を検出力{power}%"
              "（有意水準{alpha}、両側）で検出できます。",
    },
    "plan_impossible": {"en": "That target rate is outside 0–100%; choose a smaller effect.",
                        "ja": "目標の割合が0～100%の範囲外です。より小さな効果を選んでください。"},
    "plan_chart_title": {"en": "Respondents needed per arm, baseline {base}%",
                         "ja": "1群あたりの必要回答者数（基準{base}%）"},
    "hover_power": {"en": "%{x:.1f} points: %{y:,.0f} per arm",
                    "ja": "%{x:.1f}ポイント：1群%{y:,.0f}人"},
    "plan_convention": {
        "en": "Two proportions, two-sided normal test on Cohen's h (arcsine scale), as R "
              "pwr.2p.test; R's power.prop.test uses another approximation and gives slightly "
              "different numbers. Plan for attrition on top.",
        "ja": "2つの割合の両側正規検定（Cohenのh、逆正弦変換）で、Rのpwr.2p.testと同じです。"
              "Rのpower.prop.testは別の近似を使うため、数値がわずかに異なります。脱落分は別途"
              "上乗せしてください。",
    },
}
