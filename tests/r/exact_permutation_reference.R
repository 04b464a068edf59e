# Exact two-sided permutation p-values of a difference in proportions between two groups,
# from R's hypergeometric density (base R only): the reference for
# analysis.stats.permutation.exact_binary_pvalues (tests/analysis/test_permutation.py).
# Run: Rscript tests/r/exact_permutation_reference.R  (writes exact_permutation_reference.csv)
cases <- data.frame(
  n_t = c(120, 752, 40, 10, 50, 230, 500, 3, 1000, 77),
  k_t = c(30, 105, 0, 10, 5, 41, 250, 1, 80, 20),
  n_c = c(130, 752, 35, 12, 60, 260, 700, 4, 900, 91),
  k_c = c(18, 45, 3, 0, 6, 31, 340, 2, 95, 30)
)
exact_p <- function(n_t, k_t, n_c, k_c) {
  ones <- k_t + k_c
  total <- n_t + n_c
  x <- max(0, n_t - (total - ones)):min(ones, n_t)
  # compare |x N - K n_t| with |k_t N - K n_t| in exact integer arithmetic
  extreme <- abs(x * total - ones * n_t) >= abs(k_t * total - ones * n_t)
  sum(dhyper(x[extreme], ones, total - ones, n_t))
}
cases$p_exact <- mapply(exact_p, cases$n_t, cases$k_t, cases$n_c, cases$k_c)
here <- dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)))
write.csv(cases, file.path(here, "exact_permutation_reference.csv"), row.names = FALSE)
