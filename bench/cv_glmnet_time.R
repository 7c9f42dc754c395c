#!/usr/bin/env Rscript
# Times cv.glmnet on the folds a `sparsereg cv` run wrote (PREFIX.foldid.txt),
# with glmnet's defaults otherwise (its own per-fold grids, thresh 1e-7), the
# data already in memory; prints lambda.min, lambda.1se and the seconds.
#   Rscript bench/cv_glmnet_time.R DATA.svm[.xz] FOLDID.txt [binomial|gaussian] [deviance|class|auc|mse|mae]
suppressPackageStartupMessages({ library(glmnet); library(Matrix) })
source("bench/svmlight.R")
args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 2) stop("usage: cv_glmnet_time.R DATA FOLDID [family] [measure]")
family <- if (length(args) >= 3) args[3] else "binomial"
measure <- if (length(args) >= 4) args[4] else "deviance"
d <- read_svmlight(args[1])
y <- if (family == "binomial") as.numeric(d$y == max(d$y)) else d$y
foldid <- as.integer(readLines(args[2]))
seconds <- system.time(fit <- cv.glmnet(d$X, y, family = family, foldid = foldid,
                                        type.measure = measure))[["elapsed"]]
cat(sprintf("cv.glmnet: lambda.min %.6g, lambda.1se %.6g, %d lambdas, %.3f s\n",
            fit$lambda.min, fit$lambda.1se, length(fit$lambda), seconds))
