#!/usr/bin/env Rscript
# Reference regularization paths from glmnet, for tests/path/glmnet_reference_test.cpp.
#
# How to rerun (from the repository root; needs R with glmnet 4.1-6 and Matrix):
#   Rscript tests/reference/make_glmnet_reference.R
# It replaces everything in tests/reference/glmnet/, is deterministic (one
# set.seed, cases in a fixed order; the random weights and penalty factors are
# drawn in that order, so a case added at the end leaves the others as they
# are) and takes about 15 seconds. It prints one line per case with the checks
# below and stops if one fails.
#
# What it makes, in tests/reference/glmnet/:
#   cases.csv            one row per case:
#                        case,dataset,family,alpha,standardize,intercept,weights,
#                        penalty_factors,thresh,n_lambda
#                        dataset: a file in datasets/; weights, penalty_factors:
#                        "none" or a file name in this folder; thresh: glmnet's
#                        thresh for the stored coefficients; n_lambda: the
#                        nlambda glmnet's grid was made with (the path may be
#                        shorter: glmnet ends it early, and path.csv has the
#                        points it returned)
#   <case>.y.txt         the exact response given to glmnet, one value a line:
#                        binomial 0/1 (label 1 -> 1, label -1 -> 0); gaussian the
#                        file's response divided by a constant (see "Gaussian y")
#   <case>.weights.txt   observation weights as given to glmnet (cases with weights)
#   <case>.pf.txt        penalty factors as given to glmnet (cases with them)
#   <case>.path.csv      lambda,a0,dev_ratio,df  one row per lambda
#   <case>.coef.csv.xz   lambda_index,feature,value  (xz-compressed CSV) the
#                        nonzero coefficients, both indices 0-based, on the
#                        original scale of X (fit$beta, as coef() reports them)
# Every number is written with %.17g, so it reads back to the same double. The
# coefficient files are compressed because they are 85% of the bytes (1.35 MB
# as text, 0.5 MB compressed); sparsereg's readers take xz transparently.
#
# The cases: gaussian on glmnet_quickstart_sim (100 x 20) and prostate_lpsa
# (97 x 8), binomial on glmnet_binomial_sim (100 x 30) and heart_scale
# (270 x 13), each with alpha 1, 0.5, 0.05, standardized and not; four without
# an intercept; per family one with weights, one with penalty factors (the
# first three 0, so unpenalized) and one with both; and the lasso on
# rcv1_vw_small_train (1000 x 47117, sparse text), standardized and not.
#
# How each case is made:
#   1. glmnet with its default λ grid (lambda = NULL, the case's nlambda, the
#      default lambda.min.ratio) at thresh 1e-14: the grid, and where glmnet's
#      own early stop ends the path. The test passes that grid as a user grid.
#   2. glmnet again on exactly that grid (λ_1 adjusted, see "The first
#      lambda") at thresh 1e-30 and a tiny pmin (see "glmnet's logistic fit
#      sets a fitted probability"): the stored coefficients,
#      intercepts, dev_ratio and df. glmnet's thresh bounds the squared change
#      of a standardized coefficient in a pass relative to the null deviance,
#      so 1e-14 still leaves coefficients off by up to 1e-6 relative (prostate)
#      and 2e-5 (glmnet_binomial_sim, with pmin), measured and printed per
#      case; at 1e-30 glmnet iterates until nothing moves. Where the last bits
#      then cycle and glmnet gives up (jerr < 0: heart_a050_raw,
#      heart_a100_raw_noint), the smallest of 1e-28, 1e-26, ... that converges
#      is used, and cases.csv records it; rcv1_a100_std, whose solution is
#      not unique (see its case below), starts at 1e-18.
#   3. Checks, for every λ: the KKT conditions of DESIGN.md's objective
#      (weights rescaled to sum to n, penalty factors to sum to p, penalty on
#      s_j β_j when standardizing) hold to 1e-9 λ (seen: 1e-13 to 7e-10), which
#      verifies the normalizations listed below; dev.ratio agrees with the
#      deviance computed here to 1e-12; df is the number of nonzeros; every
#      penalized coefficient is 0 at λ_1.

# What glmnet does with the inputs (read in glmnetpp 4.1-6, elnet_driver/*.hpp
# and standardize.hpp, and verified below by the KKT check, which fails if any
# of these is changed):
#   * Weights: both families divide the weights by their sum (ww /= sum(ww));
#     the loss is then  1/2 Σ ww_i r_i²  (gaussian) or  −Σ ww_i ℓ_i  (binomial),
#     which is exactly DESIGN.md's 1/(2n) Σ w_i r_i² / −1/n Σ w_i ℓ_i with w
#     rescaled to sum to n. Scaling all weights by a constant changes nothing.
#     (The binomial R wrapper multiplies the one-hot y by the weights and takes
#     the row sums back as weights, which comes to the same thing.)
#   * Penalty factors: rescaled to sum to the number of columns, vp * p / sum(vp)
#     (ElnetDriverBase::normalize_penalty), with p counting every column, also
#     those with a zero factor. A zero factor leaves the feature unpenalized.
#   * Standardization: s_j is the weighted 1/n standard deviation of column j,
#     centred, with or without an intercept (SpStandardize1 / SpLStandardize2
#     subtract the weighted mean inside the variance even when intercept = FALSE).
#     Coefficients are penalized as s_j β_j and reported on the original scale.
#   * Columns that are constant (e.g. all zero) are left out (chkvars) and get
#     coefficient 0.
#   * dev_ratio = 1 − dev / nulldev. The null model is the weighted mean of y
#     (gaussian) or the intercept-only logistic fit (binomial) when
#     intercept = TRUE; with intercept = FALSE it is the zero model: Σ w y²
#     (gaussian) and p = 1/2 for every row (binomial).
#
# Gaussian y, a glmnet quirk: glmnet divides y by its standard deviation
# ys = sqrt(Σ ww_i (y_i − ȳ)²) (ww summing to 1; with intercept = FALSE,
# ys = sqrt(Σ ww_i y_i²), uncentred) and divides λ by ys. For the Lasso this
# is exact, but the ridge part (1−α)/2 β² is then applied to β/ys, so for
# α < 1 glmnet minimizes a different objective than the one it documents
# (and sparsereg implements). To compare like with like, every gaussian case
# gives glmnet y / ys (ys computed as glmnet does, with the case's weights and
# intercept), for which glmnet's internal ys is 1 and its objective is the
# documented one. That scaled y is what <case>.y.txt holds.
#
# The first lambda: glmnet reports λ_1 = exp(2 log λ_2 − log λ_3) (fix.lam),
# which equals its λ_max only up to rounding; on several of these sets it
# lands a few ulps below the exact λ_max, where the exact solution has a
# coefficient of ~1e-17 (glmnet itself reports 0 there, since it solves λ_1 as
# "infinity"). The script computes λ_max itself and raises λ_1 to
# λ_max (1 + 1e-10) when it is below that, so every penalized coefficient is
# exactly 0 at λ_1 for any solver whose gradients are right to 1e-10 relative.
# It is the only change to glmnet's grid.

suppressPackageStartupMessages({
    library(Matrix)
    library(glmnet)
})

if (packageVersion("glmnet") != "4.1.6") {
    warning("these references were made with glmnet 4.1-6; this is ", packageVersion("glmnet"))
}

options(warn = 1)  # warnings as they happen, next to the case that caused them
args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
repo <- normalizePath(file.path(dirname(script), "..", ".."))
datasets_dir <- file.path(repo, "datasets")
out_dir <- file.path(repo, "tests", "reference", "glmnet")

set.seed(20240517)

GRID_THRESH <- 1e-14  # step 1 (the grid)
THRESH <- 1e-30       # step 2 (the stored fit), unless a case says otherwise
MAXIT <- 1e6          # coordinate passes over the whole path

# glmnet's logistic fit sets a fitted probability to exactly 0 or 1 once the
# linear predictor passes ±log(1/pmin − 1) (±20.7 with the default pmin 1e-9),
# so on (nearly) separable data at small λ, where |η| reaches 80 and more,
# it stops at a point that is not the optimum of the logistic objective (off by
# 1e-5 relative on glmnet_binomial_sim). The reference runs therefore use a
# tiny pmin, which moves that cut-off beyond any η these sets reach (±230), and
# glmnet then solves the documented objective (checked by the KKT test below).
# The price: glmnet's deviance then takes log(0) for a probability that rounds
# to 1, and its dev.ratio is NaN at those λ; there the script stores the
# deviance ratio it computes itself (in a stable form; it agrees with glmnet's
# to 1e-12 wherever glmnet's is finite, which is checked). The grid runs keep
# the default pmin, so the grid and where the path ends are glmnet's defaults.
EXACT_PMIN <- 1e-100

# The svmlight reader is shared with the benchmarks.
source(file.path(repo, "bench", "svmlight.R"))

fmt <- function(x) sprintf("%.17g", x)

write_vector <- function(x, file) {
    writeLines(fmt(x), file.path(out_dir, file))
}

# ---------------------------------------------------------------------------
# The objective of DESIGN.md, and its KKT conditions, to check glmnet's answers.

weighted_sd <- function(X, w) {  # w sums to 1; centred, as glmnet
    m <- as.numeric(crossprod(X, w))
    sqrt(pmax(as.numeric(crossprod(X^2, w)) - m^2, 0))
}

# Max over the intercept and all features of the KKT violation, divided by λ,
# for the solution (a0, beta) at lambda.
kkt_violation <- function(X, y, family, alpha, standardize, intercept, w, vp,
                          lambda, a0, beta) {
    n <- nrow(X)
    wn <- w * n / sum(w)                  # weights summing to n
    v <- vp * ncol(X) / sum(vp)           # factors summing to p
    s <- if (standardize) weighted_sd(X, w / sum(w)) else rep(1, ncol(X))
    eta <- as.numeric(X %*% beta) + a0
    resid <- if (family == "gaussian") y - eta else y - 1 / (1 + exp(-eta))
    grad <- -as.numeric(crossprod(X, wn * resid)) / n   # d loss / d beta_j
    viol <- numeric(ncol(X))
    nz <- beta != 0
    pen <- v * s
    viol[nz] <- abs(grad[nz] + lambda * pen[nz] * ((1 - alpha) * s[nz] * beta[nz] +
                                                   alpha * sign(beta[nz])))
    viol[!nz] <- pmax(abs(grad[!nz]) - lambda * alpha * pen[!nz], 0)
    viol[s == 0] <- 0  # constant columns: no information, glmnet leaves them out
    worst <- max(viol)
    if (intercept) worst <- max(worst, abs(sum(wn * resid)) / n)
    worst / lambda
}

deviance_ratio <- function(X, y, family, intercept, w, a0, beta) {
    eta <- as.numeric(X %*% beta) + a0
    w <- w / sum(w)
    if (family == "gaussian") {
        ybar <- if (intercept) sum(w * y) else 0
        return(1 - sum(w * (y - eta)^2) / sum(w * (y - ybar)^2))
    }
    log1pexp <- function(t) ifelse(t > 0, t + log1p(exp(-t)), log1p(exp(t)))
    ll <- function(eta) sum(w * (y * eta - log1pexp(eta)))
    ybar <- sum(w * y)
    null_eta <- if (intercept) log(ybar / (1 - ybar)) else 0
    saturated <- 0  # y is 0/1
    1 - (saturated - ll(eta)) / (saturated - ll(null_eta))
}

# ---------------------------------------------------------------------------

datasets <- list(
    quickstart = "glmnet_quickstart_sim.regression.svm.xz",
    prostate = "prostate_lpsa.regression.svm.xz",
    binsim = "glmnet_binomial_sim.binary.svm.xz",
    heart = "heart_scale.binary.svm.xz",
    rcv1 = "rcv1_vw_small_train.binary.svm.xz"
)
family_of <- c(quickstart = "gaussian", prostate = "gaussian",
               binsim = "binomial", heart = "binomial", rcv1 = "binomial")
loaded <- lapply(datasets, function(f) read_svmlight(file.path(datasets_dir, f)))

# The cases, in a fixed order (the random weights and penalty factors are drawn
# in this order, so adding a case at the end leaves the others unchanged).
cases <- list()
add_case <- function(data, alpha, standardize, intercept = TRUE, weights = FALSE,
                     pf = FALSE, nlambda = 100L, thresh = 1e-30) {
    code <- sprintf("a%03d", as.integer(round(alpha * 100)))
    name <- paste0(data, "_", code, "_", if (standardize) "std" else "raw",
                   if (!intercept) "_noint" else "", if (weights) "_w" else "",
                   if (pf) "_pf" else "")
    cases[[length(cases) + 1L]] <<- list(name = name, data = data, alpha = alpha,
                                         standardize = standardize, intercept = intercept,
                                         weights = weights, pf = pf, nlambda = nlambda,
                                         thresh = thresh)
}
for (data in c("quickstart", "prostate", "binsim", "heart")) {
    for (alpha in c(1, 0.5, 0.05)) {
        for (standardize in c(TRUE, FALSE)) add_case(data, alpha, standardize)
    }
}
# Without an intercept (standardized and not, both families).
add_case("quickstart", 0.5, TRUE, intercept = FALSE)
add_case("prostate", 1, FALSE, intercept = FALSE)
add_case("binsim", 0.5, TRUE, intercept = FALSE)
add_case("heart", 1, FALSE, intercept = FALSE)
# Observation weights, penalty factors (with zeros), and both together.
add_case("prostate", 0.5, TRUE, weights = TRUE)
add_case("quickstart", 1, TRUE, pf = TRUE)
add_case("quickstart", 0.5, FALSE, weights = TRUE, pf = TRUE)
add_case("heart", 0.5, TRUE, weights = TRUE)
add_case("binsim", 1, TRUE, pf = TRUE)
add_case("binsim", 0.5, FALSE, weights = TRUE, pf = TRUE)
# A sparse real set: 1000 x 47117 text features.
# Standardized, its lasso solution is not unique at small λ: a word that occurs
# in one document only is, once centred and scaled, the same column as every
# other such word of that document (669 documents have two or more), and ~50
# documents have several active at once, so only the objective and the linear
# predictor are determined. glmnet does not get below thresh 1e-18 here (the
# last bits cycle among those twins), so that is where this case starts.
add_case("rcv1", 1, TRUE, nlambda = 30L, thresh = 1e-18)
add_case("rcv1", 1, FALSE, nlambda = 30L)

# The exact λ_max of a case: the smallest λ at which every penalized β_j is 0.
# `base` is a fit at a λ far above it, which holds just the intercept and the
# unpenalized features.
lambda_max <- function(X, y, family, alpha, standardize, w, vp, base) {
    n <- nrow(X)
    wn <- w * n / sum(w)
    v <- vp * ncol(X) / sum(vp)
    s <- if (standardize) weighted_sd(X, w / sum(w)) else rep(1, ncol(X))
    eta <- as.numeric(X %*% as.numeric(base$beta[, 1])) + base$a0[1]
    resid <- if (family == "gaussian") y - eta else y - 1 / (1 + exp(-eta))
    grad <- abs(as.numeric(crossprod(X, wn * resid)) / n)
    ok <- v > 0 & s > 0
    max(grad[ok] / (alpha * v[ok] * s[ok]))
}

# ---------------------------------------------------------------------------

dir.create(out_dir, recursive = TRUE, showWarnings = FALSE)
unlink(list.files(out_dir, full.names = TRUE))

rows <- list()
for (case in cases) {
    d <- loaded[[case$data]]
    X <- d$X
    n <- nrow(X)
    p <- ncol(X)
    family <- family_of[[case$data]]

    w <- if (case$weights) runif(n, 0.5, 2) else rep(1, n)
    vp <- if (case$pf) c(0, 0, 0, runif(p - 3, 0.5, 2)) else rep(1, p)

    if (family == "binomial") {
        stopifnot(all(d$y %in% c(-1, 1)))
        y <- ifelse(d$y == 1, 1, 0)
    } else {
        # glmnet's ys (see the top of this file), so that glmnet's own ys is 1.
        ww <- w / sum(w)
        ys <- if (case$intercept) sqrt(sum(ww * (d$y - sum(ww * d$y))^2)) else sqrt(sum(ww * d$y^2))
        y <- d$y / ys
    }
    run <- function(..., pmin = glmnet.control()$pmin) {
        default_pmin <- glmnet.control()$pmin
        glmnet.control(pmin = pmin)
        on.exit(glmnet.control(pmin = default_pmin))
        f <- glmnet(X, y, family = family, alpha = case$alpha, standardize = case$standardize,
                    intercept = case$intercept, weights = if (case$weights) w else NULL,
                    penalty.factor = vp, maxit = MAXIT, ...)
        if (f$jerr != 0) stop(case$name, ": glmnet jerr = ", f$jerr)
        f
    }

    # 1. glmnet's default grid, and where its path ends (glmnet's own early stop).
    grid_fit <- run(nlambda = case$nlambda, thresh = GRID_THRESH)
    lambda <- grid_fit$lambda
    nl <- length(lambda)
    base <- run(lambda = 1e3 * lambda[1], thresh = THRESH, pmin = EXACT_PMIN)
    lmax <- lambda_max(X, y, family, case$alpha, case$standardize, w, vp, base)
    raised <- lambda[1] < lmax * (1 + 1e-10)
    if (raised) lambda[1] <- lmax * (1 + 1e-10)
    # glmnet's λ_max comes from its fit of the unpenalized features at
    # thresh 1e-14, so it can differ from the exact one a little (1e-13 seen).
    if (abs(lambda[1] / lmax - 1) > 1e-9) stop(case$name, ": lambda_1 is not lambda_max")

    # 2. The reference: that grid, solved to the last bits.
    # thresh 1e-30 asks glmnet to iterate until nothing moves; on a few cases
    # the last bits then cycle and glmnet gives up (jerr < 0), and the
    # smallest thresh of 1e-30, 1e-28, ..., 1e-18 that converges is used.
    fit <- NULL
    for (thresh in 10^seq(log10(case$thresh), -18, by = 2)) {
        fit <- tryCatch(run(lambda = lambda, thresh = thresh, pmin = EXACT_PMIN),
                        error = function(e) NULL)
        if (!is.null(fit)) break
    }
    if (is.null(fit)) stop(case$name, ": glmnet does not converge at thresh 1e-18")
    if (length(fit$lambda) != nl) stop(case$name, ": the reference path is shorter than the grid")
    beta <- as(fit$beta, "CsparseMatrix")

    # 3. Checks: the KKT conditions of DESIGN.md's objective (weights summing
    # to n, factors summing to p) hold to rounding, which verifies the
    # normalizations stated at the top; dev.ratio and df agree with what is
    # computed here; every penalized coefficient is 0 at lambda_1.
    worst_kkt <- 0
    worst_dev <- 0
    dev_ratio <- fit$dev.ratio
    worst_grid <- 0  # how far the thresh = 1e-14 path is from the reference
    for (k in seq_len(nl)) {
        b <- as.numeric(beta[, k])
        worst_kkt <- max(worst_kkt, kkt_violation(X, y, family, case$alpha, case$standardize,
                                                  case$intercept, w, vp, lambda[k], fit$a0[k], b))
        ours <- deviance_ratio(X, y, family, case$intercept, w, fit$a0[k], b)
        if (is.finite(dev_ratio[k])) {
            worst_dev <- max(worst_dev, abs(ours - dev_ratio[k]))
        } else {
            dev_ratio[k] <- ours
        }
        g <- as.numeric(grid_fit$beta[, k])
        worst_grid <- max(worst_grid, max(abs(c(g - b, grid_fit$a0[k] - fit$a0[k]))) /
                                      max(1, abs(b), abs(fit$a0[k])))
        if (fit$df[k] != sum(b != 0)) stop(case$name, ": df at lambda ", k)
        if (k == 1 && any(b[vp > 0] != 0)) stop(case$name, ": nonzero at lambda_1")
    }
    cat(sprintf(paste("%-28s %s n=%-4d p=%-5d lambdas=%-3d thresh %.0e: max KKT/lambda %.1e,",
                      "dev_ratio diff %.1e (%d computed here); the thresh 1e-14, default pmin run is off by %.1e%s\n"),
                case$name, substr(family, 1, 5), n, p, nl, thresh, worst_kkt, worst_dev,
                sum(!is.finite(fit$dev.ratio)), worst_grid,
                if (raised) sprintf(", lambda_1 raised by %.1e", lambda[1] / grid_fit$lambda[1] - 1) else ""))
    if (worst_kkt > 1e-9) stop(case$name, ": not an optimum of the documented objective")
    if (worst_dev > 1e-12) stop(case$name, ": dev.ratio differs from the deviance computed here")

    write_vector(y, paste0(case$name, ".y.txt"))
    weights_file <- "none"
    if (case$weights) {
        weights_file <- paste0(case$name, ".weights.txt")
        write_vector(w, weights_file)
    }
    pf_file <- "none"
    if (case$pf) {
        pf_file <- paste0(case$name, ".pf.txt")
        write_vector(vp, pf_file)
    }
    writeLines(c("lambda,a0,dev_ratio,df",
                 paste(fmt(lambda), fmt(fit$a0), fmt(dev_ratio), fit$df, sep = ",")),
               file.path(out_dir, paste0(case$name, ".path.csv")))
    nz <- summary(beta)  # i (feature), j (lambda), x; 1-based
    nz <- nz[nz$x != 0, ]
    nz <- nz[order(nz$j, nz$i), ]
    con <- xzfile(file.path(out_dir, paste0(case$name, ".coef.csv.xz")), "wb", compression = 9)
    writeLines(c("lambda_index,feature,value",
                 if (nrow(nz) > 0) paste(nz$j - 1L, nz$i - 1L, fmt(nz$x), sep = ",")), con)
    close(con)

    rows[[length(rows) + 1L]] <- data.frame(
        case = case$name, dataset = datasets[[case$data]], family = family,
        alpha = as.character(case$alpha), standardize = tolower(case$standardize),
        intercept = tolower(case$intercept), weights = weights_file,
        penalty_factors = pf_file, thresh = sprintf("%g", thresh), n_lambda = case$nlambda)
}
write.csv(do.call(rbind, rows), file.path(out_dir, "cases.csv"), row.names = FALSE, quote = FALSE)
cat(length(rows), "cases written to", out_dir, "\n")
