#!/usr/bin/env Rscript
# Reference cross-validation curves from cv.glmnet, for
# tests/model_selection/cv_glmnet_reference_test.cpp.
#
# How to rerun (from the repository root; needs R with glmnet 4.1-6 and Matrix):
#   Rscript tests/reference/make_cv_glmnet_reference.R
# Deterministic (one set.seed, cases in a fixed order); takes a few seconds.
#
# What it makes, in tests/reference/cv_glmnet/:
#   cases.csv         case,dataset,family,alpha,measure,nfolds
#   <case>.y.txt      the response given to glmnet (binomial: 0/1)
#   <case>.foldid.txt the fold of each row, 1..nfolds, given to cv.glmnet
#   <case>.cv.csv     lambda,cvm,cvsd  one row per λ of the grid
#   <case>.choice.csv lambda_min,lambda_1se
# Every number is written with %.17g. The grid is glmnet's own (the full-data
# fit's), given to cv.glmnet and, by the test, to sparsereg as a user grid, so
# both fit every fold on the same λ. Fits use the tightest thresh of 1e-30 ...
# 1e-16 at which glmnet converges (printed per case), so the curves are those
# of the exact solutions to far below the test's 1e-6 tolerance.
#
# The cases: gaussian Lasso on glmnet_quickstart_sim (mse, mae), binomial on
# glmnet_binomial_sim (deviance, class; α 1 and 0.5) and heart_scale
# (deviance, 5 folds). Gaussian uses α = 1 only: for α < 1 glmnet applies
# its ridge term to y scaled by its standard deviation (see
# make_glmnet_reference.R), a different objective.

suppressPackageStartupMessages({
    library(glmnet)
    library(Matrix)
})
source("bench/svmlight.R")

out <- "tests/reference/cv_glmnet"
dir.create(out, showWarnings = FALSE, recursive = TRUE)
set.seed(20261123)

write_numbers <- function(x, file) writeLines(sprintf("%.17g", x), file)

cases <- list(
    list(case = "quick_mse", dataset = "glmnet_quickstart_sim.regression.svm.xz",
         family = "gaussian", alpha = 1, measure = "mse", nfolds = 10),
    list(case = "quick_mae", dataset = "glmnet_quickstart_sim.regression.svm.xz",
         family = "gaussian", alpha = 1, measure = "mae", nfolds = 10),
    list(case = "binsim_deviance", dataset = "glmnet_binomial_sim.binary.svm.xz",
         family = "binomial", alpha = 1, measure = "deviance", nfolds = 10),
    list(case = "binsim_class", dataset = "glmnet_binomial_sim.binary.svm.xz",
         family = "binomial", alpha = 1, measure = "class", nfolds = 10),
    list(case = "binsim_a05_deviance", dataset = "glmnet_binomial_sim.binary.svm.xz",
         family = "binomial", alpha = 0.5, measure = "deviance", nfolds = 10),
    list(case = "heart_deviance", dataset = "heart_scale.binary.svm.xz",
         family = "binomial", alpha = 1, measure = "deviance", nfolds = 5)
)

rows <- list()
for (c in cases) {
    d <- read_svmlight(file.path("datasets", c$dataset))
    X <- d$X
    y <- d$y
    if (c$family == "binomial") y <- as.numeric(y == max(y))
    n <- nrow(X)
    foldid <- sample(rep(seq_len(c$nfolds), length.out = n))
    # The full data's grid given explicitly: cv.glmnet then fits every fold
    # on it, as sparsereg does. Without it (its default), each fold fits its
    # own default grid and predicts at the full grid's λ by linear
    # interpolation of its coefficients, which shifts the curve by up to ~1%.
    grid <- glmnet(X, y, family = c$family, alpha = c$alpha, thresh = 1e-16, maxit = 1e7)$lambda
    # glmnet's logistic fit stops short of the optimum once |η| passes
    # log(1/pmin − 1) (see make_glmnet_reference.R); a tiny pmin for the
    # cross-validation fits makes them solve the documented objective. The
    # grid above keeps the default, so it is glmnet's default grid.
    glmnet.control(pmin = 1e-100)
    # The tightest thresh at which glmnet converges on every fold: near
    # separation a logistic fold needs 1e-30 for KKT to 1e-12 λ (at 1e-16 its
    # deviance is still off by 5e-6), while some fits cycle below a case's
    # floor and stop with a warning; those fall back to the next thresh.
    for (thresh in c(1e-30, 1e-26, 1e-22, 1e-18, 1e-16)) {
        converged <- TRUE
        fit <- tryCatch(withCallingHandlers(
            cv.glmnet(X, y, family = c$family, alpha = c$alpha, foldid = foldid, lambda = grid,
                      type.measure = c$measure, thresh = thresh, maxit = 1e6),
            warning = function(w) { converged <<- FALSE; invokeRestart("muffleWarning") }),
            error = function(e) NULL)
        if (converged && !is.null(fit)) break
    }
    glmnet.control(factory = TRUE)
    write_numbers(y, file.path(out, paste0(c$case, ".y.txt")))
    writeLines(as.character(foldid), file.path(out, paste0(c$case, ".foldid.txt")))
    cv <- data.frame(lambda = sprintf("%.17g", fit$lambda), cvm = sprintf("%.17g", fit$cvm),
                     cvsd = sprintf("%.17g", fit$cvsd))
    write.csv(cv, file.path(out, paste0(c$case, ".cv.csv")), row.names = FALSE, quote = FALSE)
    choice <- data.frame(lambda_min = sprintf("%.17g", fit$lambda.min),
                         lambda_1se = sprintf("%.17g", fit$lambda.1se))
    write.csv(choice, file.path(out, paste0(c$case, ".choice.csv")), row.names = FALSE, quote = FALSE)
    rows[[length(rows) + 1]] <- data.frame(case = c$case, dataset = c$dataset, family = c$family,
                                           alpha = c$alpha, measure = c$measure, nfolds = c$nfolds)
    cat(sprintf("%-22s %3d lambdas, thresh %g, lambda.min %.6g, lambda.1se %.6g\n", c$case,
                length(fit$lambda), thresh, fit$lambda.min, fit$lambda.1se))
}
write.csv(do.call(rbind, rows), file.path(out, "cases.csv"), row.names = FALSE, quote = FALSE)
