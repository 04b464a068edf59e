# Reference values for the further estimators (Lin adjustment, interactions, weights, p.adjust,
# chi-square, balance, power), computed in R on a dataset simulated here in R.
# Run from the repository root:  Rscript tests/r/statistics_reference.R
# Writes tests/r/statistics_data.csv (the simulated data; mapping: tests/r/statistics_mapping.toml),
# tests/r/statistics_reference.csv (estimates) and tests/r/statistics_power.csv (power calculations),
# read by the tests in tests/analysis/ (fixtures in tests/analysis/conftest.py).
#   lin_hc2        estimatr::lm_lin(y ~ prompt, covariates = ~ female + age + educ + polint, HC2)
#   interaction    estimatr::lm_robust(y ~ prompt * level, HC2): prompt:level coefficients;
#   joint_test     Wald F from that fit's vcov (b' V^-1 b / q on the fit's residual df)
#   weighted       lm_robust(y ~ 1, weights = wt, HC2) per cell; wls_hc2: lm_robust(y ~ prompt, weights)
#   p_adjusted     p.adjust(method = "holm") over the issues (one outcome x option x prompt)
#   chi2_test      chisq.test(table(prompt, answer))
#   distribution   prop.test(k, n, correct = FALSE) for each answer share
#   left_by        prop.test for the cumulative share; lm_robust for its effect
#   balance_test   lm_robust(x ~ cell, HC2)$fstatistic; balance_omnibus: lm_robust(treat ~ covs)
#   power          pwr::pwr.2p.test / pwr.2p2n.test (Cohen's h)
suppressPackageStartupMessages({library(estimatr); library(pwr)})
set.seed(20261126)
n <- 900
arm <- sample(rep(1:6, length.out = n))
prompt_of <- c("none", "company", "government")[(arm - 1) %% 3 + 1]
option_of <- ifelse(arm <= 3, "no_opinion", "exit")
female <- rbinom(n, 1, 0.5)
age <- sample(20:79, n, replace = TRUE)
educ <- sample(1:4, n, replace = TRUE)
polint <- sample(1:4, n, replace = TRUE)
wt <- round(exp(rnorm(n, 0, 0.4)), 4)
leave_p <- c(none = 0.08, company = 0.10, government = 0.2)[prompt_of] + 0.05 * (polint == 1)
left <- option_of == "exit" & runif(n) < leave_p
exit_q <- ifelse(left, sample(1:3, n, replace = TRUE, prob = c(0.5, 0.3, 0.2)), NA)
answer <- function(base) {
  p_sup <- plogis(qlogis(base) + 0.02 * (age - 50) / 10 + 0.2 * female)
  code <- ifelse(runif(n) < p_sup, sample(1:2, n, TRUE), sample(3:4, n, TRUE))
  code[runif(n) < 0.05] <- 5
  code[option_of == "no_opinion" & runif(n) < 0.15 + 0.05 * (prompt_of == "government")] <- 9
  code
}
d <- data.frame(respondent_id = seq_len(n), arm = arm, exit_q = exit_q,
                q1 = answer(0.4), q2 = answer(0.55), q3 = answer(0.3),
                female = female, age = age, educ = educ, polint = polint, wt = wt)
for (j in 1:3) {
  q <- paste0("q", j)
  d[[q]][!is.na(d$exit_q) & d$exit_q <= j] <- NA
  d[[q]][option_of == "no_opinion" & runif(n) < 0.03] <- NA  # a few skipped questions
}
d$age[sample(n, 12)] <- NA  # incomplete covariates: Lin uses complete cases
write.csv(d, "tests/r/statistics_data.csv", row.names = FALSE, na = "")

issues <- c("economy", "ldp", "same_sex_marriage")
d$prompt <- factor(prompt_of, levels = c("none", "company", "government"))
d$option <- option_of
d$gender <- factor(d$female, levels = c(0, 1))
d$age_band <- cut(d$age, breaks = c(20, 40, 60, 80), right = FALSE,
                  labels = c("20-40", "40-60", "60-80"))
out <- list()
add <- function(kind, outcome, issue, prompt, option, subgroup, level, n, estimate,
                std_error = NA, ci_low = NA, ci_high = NA, p_value = NA, p_adjusted = NA,
                method) {
  out[[length(out) + 1]] <<- data.frame(
    kind = kind, outcome = outcome, issue = issue, prompt = prompt, option = option,
    subgroup = subgroup, level = level, n = n, estimate = estimate, std_error = std_error,
    ci_low = ci_low, ci_high = ci_high, p_value = p_value, p_adjusted = p_adjusted,
    method = method)
}
# The outcomes (same definitions as analysis.stats.estimates.outcome_specs)
specs <- list()
ex <- d[d$option == "exit", ]
specs[[length(specs) + 1]] <- list(outcome = "opt_out", issue = "all", option = "exit",
                                   data = transform(ex, y = as.numeric(!is.na(exit_q))))
no <- d[d$option == "no_opinion", ]
for (j in 1:3) {
  s <- no[!is.na(no[[paste0("q", j)]]), ]
  s$y <- as.numeric(s[[paste0("q", j)]] == 9)
  specs[[length(specs) + 1]] <- list(outcome = "no_opinion", issue = issues[j],
                                     option = "no_opinion", data = s)
}
for (o in c("no_opinion", "exit")) for (j in 1:3) {
  q <- paste0("q", j)
  s <- d[d$option == o & !is.na(d[[q]]) & d[[q]] %in% 1:4, ]
  s$y <- as.numeric(s[[q]] %in% 1:2)
  specs[[length(specs) + 1]] <- list(outcome = "support", issue = issues[j], option = o,
                                     data = s)
}
treated <- c("company", "government")
for (sp in specs) {
  s <- sp$data
  # Covariate-adjusted (Lin), complete cases
  cc <- s[complete.cases(s[, c("female", "age", "educ", "polint")]), ]
  fit <- lm_lin(y ~ prompt, covariates = ~ female + age + educ + polint, data = cc,
                se_type = "HC2")
  for (p in treated) {
    term <- paste0("prompt", p)
    add("effect", sp$outcome, sp$issue, p, sp$option, "all", "all",
        sum(cc$prompt %in% c("none", p)), coef(fit)[[term]], fit$std.error[[term]],
        fit$conf.low[[term]], fit$conf.high[[term]], fit$p.value[[term]], method = "lin_hc2")
  }
  # Weighted effects and rates
  fit <- lm_robust(y ~ prompt, weights = wt, data = s, se_type = "HC2")
  for (p in treated) {
    term <- paste0("prompt", p)
    add("effect", sp$outcome, sp$issue, p, sp$option, "all", "all",
        sum(s$prompt %in% c("none", p)), coef(fit)[[term]], fit$std.error[[term]],
        fit$conf.low[[term]], fit$conf.high[[term]], fit$p.value[[term]], method = "wls_hc2")
  }
  for (p in levels(s$prompt)) {
    cell <- s[s$prompt == p, ]
    fit <- lm_robust(y ~ 1, weights = wt, data = cell, se_type = "HC2")
    add("rate", sp$outcome, sp$issue, p, sp$option, "all", "all", nrow(cell),
        coef(fit)[[1]], fit$std.error[[1]], max(0, fit$conf.low[[1]]),
        min(1, fit$conf.high[[1]]), method = "weighted")
  }
  # Interactions and joint tests, for gender (2 levels) and age band (3 levels)
  for (sub in c("gender", "age")) {
    var <- if (sub == "gender") "gender" else "age_band"
    ss <- s[!is.na(s[[var]]), ]
    ss$level <- ss[[var]]
    fit <- lm_robust(y ~ prompt * level, data = ss, se_type = "HC2")
    lv <- levels(ss$level)[-1]
    for (p in treated) for (l in lv) {
      term <- paste0("prompt", p, ":level", l)
      add("interaction", sp$outcome, sp$issue, p, sp$option, sub, l,
          sum(ss$prompt %in% c("none", p) & ss$level %in% c(levels(ss$level)[1], l)),
          coef(fit)[[term]], fit$std.error[[term]], fit$conf.low[[term]],
          fit$conf.high[[term]], fit$p.value[[term]], method = "ols_hc2")
    }
    for (p in c(treated, "all")) {
      ps <- if (p == "all") treated else p
      terms <- as.vector(outer(paste0("prompt", ps), paste0(":level", lv), paste0))
      b <- coef(fit)[terms]
      V <- vcov(fit)[terms, terms, drop = FALSE]
      f <- as.numeric(t(b) %*% solve(V, b)) / length(terms)
      add("joint_test", sp$outcome, sp$issue, p, sp$option, sub, "all", nrow(ss), f,
          p_value = pf(f, length(terms), fit$df.residual, lower.tail = FALSE),
          method = "wald_f_hc2")
    }
  }
}
# Holm and BH over the issues: support, no-opinion cells, each prompt (unadjusted HC2 effects)
for (p in treated) {
  pv <- c()
  for (sp in specs) if (sp$outcome == "support" && sp$option == "no_opinion") {
    fit <- lm_robust(y ~ prompt, data = sp$data, se_type = "HC2")
    pv[sp$issue] <- fit$p.value[[paste0("prompt", p)]]
  }
  for (m in c("holm", "BH")) {
    adj <- p.adjust(pv, method = m)
    for (i in names(pv)) add("effect", "support", i, p, "no_opinion", "all", "all", NA, NA,
                            p_value = pv[[i]], p_adjusted = adj[[i]],
                            method = paste0("p_adjust_", tolower(m)))
  }
}
# Opinions: answer shares (Wilson) and chi-square across prompts
cats <- function(code) ifelse(code %in% 1:2, "support", ifelse(code %in% 3:4, "oppose",
                       ifelse(code == 9, "no_opinion", "other")))
for (o in c("no_opinion", "exit")) for (j in 1:3) {
  q <- paste0("q", j)
  s <- d[d$option == o & !is.na(d[[q]]), ]
  s$cat <- factor(cats(s[[q]]), levels = c("support", "oppose", "no_opinion", "other"))
  tab <- table(s$prompt, s$cat)
  tab <- tab[, colSums(tab) > 0]
  test <- suppressWarnings(chisq.test(tab))
  add("chi2_test", "answer", issues[j], "all", o, "all", "all", sum(tab),
      unname(test$statistic), p_value = test$p.value, method = "pearson_chi2")
  for (p in levels(s$prompt)) for (ct in colnames(tab)) {
    k <- tab[p, ct]; nn <- sum(tab[p, ])
    ci <- prop.test(k, nn, correct = FALSE)$conf.int
    add("distribution", paste0("answer_", ct), issues[j], p, o, "all", "all", nn, k / nn,
        ci_low = ci[1], ci_high = ci[2], method = "wilson")
  }
}
# Exit-as-answer view (exit cells, everyone assigned) for issue 2
s <- d[d$option == "exit", ]
s$cat <- ifelse(is.na(s$q2), ifelse(!is.na(s$exit_q), "left", "missing"), cats(s$q2))
tab <- table(s$prompt, factor(s$cat, levels = c("support", "oppose", "other", "left")))
test <- suppressWarnings(chisq.test(tab))
add("chi2_test", "assigned", "ldp", "all", "exit", "all", "all", sum(tab),
    unname(test$statistic), p_value = test$p.value, method = "pearson_chi2")
# Exit curve: share left by each position, and its effect vs control
for (j in 1:3) {
  s <- d[d$option == "exit", ]
  s$y <- as.numeric(!is.na(s$exit_q) & s$exit_q <= j)
  for (p in levels(s$prompt)) {
    k <- sum(s$y[s$prompt == p]); nn <- sum(s$prompt == p)
    ci <- prop.test(k, nn, correct = FALSE)$conf.int
    add("rate", "left_by", issues[j], p, "exit", "all", "all", nn, k / nn, ci_low = ci[1],
        ci_high = ci[2], method = "wilson")
  }
  fit <- lm_robust(y ~ prompt, data = s, se_type = "HC2")
  for (p in treated) {
    term <- paste0("prompt", p)
    add("effect", "left_by", issues[j], p, "exit", "all", "all",
        sum(s$prompt %in% c("none", p)), coef(fit)[[term]], fit$std.error[[term]],
        fit$conf.low[[term]], fit$conf.high[[term]], fit$p.value[[term]], method = "ols_hc2")
  }
}
# Balance: HC2 F test of each covariate across the six cells; omnibus per treated prompt
d$cell <- factor(paste(d$prompt, d$option))
for (v in c("female", "age", "educ", "polint")) {
  s <- d[!is.na(d[[v]]), ]
  fit <- lm_robust(as.formula(paste(v, "~ cell")), data = s, se_type = "HC2")
  fs <- fit$fstatistic
  add("balance_test", v, "all", "all", "all", "all", "all", nrow(s), unname(fs[1]),
      p_value = pf(fs[1], fs[2], fs[3], lower.tail = FALSE), method = "wald_f_hc2")
}
cc <- d[complete.cases(d[, c("female", "age", "educ", "polint")]), ]
for (p in treated) {
  s <- cc[cc$prompt %in% c("none", p), ]
  s$treat <- as.numeric(s$prompt == p)
  fit <- lm_robust(treat ~ female + age + educ + polint, data = s, se_type = "HC2")
  fs <- fit$fstatistic
  add("balance_omnibus", "covariates", "all", p, "all", "all", "all", nrow(s), unname(fs[1]),
      p_value = pf(fs[1], fs[2], fs[3], lower.tail = FALSE), method = "wald_f_hc2")
}
res <- do.call(rbind, out)
write.csv(res, "tests/r/statistics_reference.csv", row.names = FALSE)

# Power (Cohen's h). pwr's own solve stops at uniroot's default tolerance (~1e-4), so the
# reference solves pwr's power function with uniroot(tol = 1e-12); value_pwr is pwr's answer.
tight <- function(f, lower, upper) uniroot(f, c(lower, upper), tol = 1e-12)$root
pw <- list()
for (case in list(c(0.06, 0.08, 0.05, 0.8), c(0.2, 0.05, 0.05, 0.9), c(0.5, -0.1, 0.01, 0.8))) {
  h <- ES.h(case[1] + case[2], case[1])
  r <- pwr.2p.test(h = h, sig.level = case[3], power = case[4])
  n_tight <- tight(function(n) pwr.2p.test(h = h, n = n, sig.level = case[3])$power - case[4],
                   2, 1e7)
  pw[[length(pw) + 1]] <- data.frame(what = "n", baseline = case[1], effect = case[2],
                                     alpha = case[3], power = case[4], n = NA, ratio = 1,
                                     value = n_tight, value_pwr = r$n)
}
for (case in list(c(0.06, 752, 1), c(0.2, 300, 1), c(0.1, 500, 1.5))) {
  n1 <- case[2]; n2 <- case[2] * case[3]
  r <- pwr.2p2n.test(n1 = n1, n2 = n2, sig.level = 0.05, power = 0.8)
  h <- tight(function(h) pwr.2p2n.test(h = h, n1 = n1, n2 = n2, sig.level = 0.05)$power - 0.8,
             1e-6, 3)
  mde <- function(h) sin(asin(sqrt(case[1])) + h / 2)^2 - case[1]
  pw[[length(pw) + 1]] <- data.frame(what = "mde", baseline = case[1], effect = NA,
                                     alpha = 0.05, power = 0.8, n = case[2], ratio = case[3],
                                     value = mde(h), value_pwr = mde(r$h))
}
write.csv(do.call(rbind, pw), "tests/r/statistics_power.csv", row.names = FALSE)
cat("wrote", nrow(res), "reference rows\n")
