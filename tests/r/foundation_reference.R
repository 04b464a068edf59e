# Reference values for the foundation estimators, computed in R on the embedded simulated data.
# Run from the repository root:  Rscript tests/r/foundation_reference.R
# Writes tests/r/foundation_reference.csv, read by tests/analysis/test_estimates_r.py.
#   rate rows:   prop.test(k, n, correct = FALSE)$conf.int  (Wilson, no continuity correction)
#   effect rows: estimatr::lm_robust(y ~ prompt, se_type = "HC2"), coefficient vs control "none"
suppressPackageStartupMessages(library(estimatr))
d <- read.csv("data/simulated.csv")
arm_prompt <- c("none", "company", "government", "none", "company", "government")
arm_option <- c("no_opinion", "no_opinion", "no_opinion", "exit", "exit", "exit")
d$prompt <- factor(arm_prompt[d$arm], levels = c("none", "company", "government"))
d$option <- arm_option[d$arm]
d$age_band <- cut(d$age, breaks = c(20, 40, 60, 80), right = FALSE,
                  labels = c("20-40", "40-60", "60-80"))
issues <- c("economy", "ldp", "same_sex_marriage", "death_penalty", "conspiracy_law",
            "nuclear_restart", "nuclear_weapons", "collective_defense")
out <- list()
add_cell <- function(y, sub, outcome, issue, option, subgroup, level) {
  sub$y <- y
  for (p in levels(sub$prompt)) {
    k <- sum(sub$y[sub$prompt == p]); n <- sum(sub$prompt == p)
    ci <- prop.test(k, n, correct = FALSE)$conf.int
    out[[length(out) + 1]] <<- data.frame(kind = "rate", outcome = outcome, issue = issue,
      prompt = p, option = option, subgroup = subgroup, level = level, n = n,
      estimate = k / n, std_error = NA, ci_low = ci[1], ci_high = ci[2], p_value = NA, df = NA)
  }
  fit <- lm_robust(y ~ prompt, data = sub, se_type = "HC2")
  for (p in c("company", "government")) {
    term <- paste0("prompt", p)
    out[[length(out) + 1]] <<- data.frame(kind = "effect", outcome = outcome, issue = issue,
      prompt = p, option = option, subgroup = subgroup, level = level,
      n = sum(sub$prompt %in% c("none", p)), estimate = unname(coef(fit)[term]),
      std_error = unname(fit$std.error[term]), ci_low = unname(fit$conf.low[term]),
      ci_high = unname(fit$conf.high[term]), p_value = unname(fit$p.value[term]),
      df = unname(fit$df[term]))
  }
}
ex <- d[d$option == "exit", ]
add_cell(as.numeric(!is.na(ex$exit_q)), ex, "opt_out", "all", "exit", "all", "all")
reached3 <- ex[is.na(ex$exit_q) | ex$exit_q >= 3, ]
add_cell(as.numeric(!is.na(reached3$exit_q) & reached3$exit_q == 3), reached3, "opt_out",
         "same_sex_marriage", "exit", "all", "all")
for (lv in c("0", "1")) {
  s <- ex[ex$female == as.integer(lv), ]
  add_cell(as.numeric(!is.na(s$exit_q)), s, "opt_out", "all", "exit", "gender", lv)
}
no <- d[d$option == "no_opinion", ]
for (j in seq_along(issues)) {
  q <- no[[paste0("q", j)]]
  s <- no[!is.na(q), ]
  add_cell(as.numeric(s[[paste0("q", j)]] == 9), s, "no_opinion", issues[j], "no_opinion",
           "all", "all")
}
for (lv in c("20-40", "40-60", "60-80")) {
  s <- no[!is.na(no$q5) & no$age_band == lv, ]
  add_cell(as.numeric(s$q5 == 9), s, "no_opinion", "conspiracy_law", "no_opinion", "age", lv)
}
res <- do.call(rbind, out)
write.csv(res, "tests/r/foundation_reference.csv", row.names = FALSE)
cat("wrote", nrow(res), "rows\n")
