# sparsereg against R's glmnet on one data set, in one run: the same path
# (glmnet's default λ grid, passed to sparsereg), each tool timed on the fit
# alone (median of --repeats runs, alternating the two), and both solutions
# judged by one objective function written here from DESIGN.md.
#
#   Rscript bench/compare_glmnet.R --data FILE [--family binomial|gaussian]
#       [--alpha 1] [--no-standardize] [--repeats 3] [--stopping gap|glmnet]
#       [--sparsereg build/sparsereg] [--out results/compare]
#
# --stopping glmnet runs sparsereg with glmnet's own (uncertified) rule at the
# same thresh, for like-for-like timing.
#
# Prints a summary and writes OUT.lambda.csv: per λ, both objectives and the
# relative difference (sparsereg − glmnet) / |glmnet| (negative: we are lower).
# sparsereg's time is its fit_seconds (data already parsed), glmnet's the
# elapsed time of the glmnet() call (data already in memory).

suppressPackageStartupMessages({
    library(Matrix)
    library(glmnet)
})

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
repo <- normalizePath(file.path(dirname(script), ".."))
source(file.path(repo, "bench", "svmlight.R"))

source(file.path(repo, "bench", "cli_args.R"))

data_file <- option("--data", NA)
if (is.na(data_file)) stop("usage: compare_glmnet.R --data FILE [--family F] [--alpha A] ...")
family <- option("--family", "binomial")
alpha <- as.numeric(option("--alpha", "1"))
standardize <- !flag("--no-standardize")
repeats <- as.integer(option("--repeats", "3"))
stopping <- option("--stopping", "gap")
sparsereg <- option("--sparsereg", file.path(repo, "build", "sparsereg"))
out <- option("--out", file.path(repo, "results", "compare"))
dir.create(dirname(out), showWarnings = FALSE, recursive = TRUE)

data <- read_svmlight(data_file)
X <- data$X
y <- data$y
if (family == "binomial") {
    values <- sort(unique(y))
    if (length(values) != 2L) stop("binomial needs two label values")
    y <- as.numeric(y == values[2L])  # the larger value is 1, as sparsereg maps it
}
n <- nrow(X)

# The objective of DESIGN.md: penalty on s_j β_j with s_j the 1/n centred sd.
scale <- if (standardize) {
    m <- colMeans(X)
    sqrt(pmax(colMeans(X^2) - m^2, 0))
} else rep(1, ncol(X))
objective <- function(lambda, a0, beta) {
    eta <- as.numeric(X %*% beta) + a0
    loss <- if (family == "gaussian") {
        mean((y - eta)^2) / 2
    } else {
        mean(ifelse(eta > 0, eta + log1p(exp(-eta)), log1p(exp(eta))) - y * eta)
    }
    b <- scale * beta
    loss + lambda * sum(alpha * abs(b) + (1 - alpha) / 2 * b^2)
}

grid_file <- tempfile(fileext = ".txt")
prefix <- tempfile()
glmnet_seconds <- numeric(0)
sparsereg_seconds <- numeric(0)
sparsereg_command <- numeric(0)
for (r in seq_len(repeats)) {
    t <- system.time(fit <- glmnet(X, y, family = family, alpha = alpha,
                                   standardize = standardize))[["elapsed"]]
    glmnet_seconds <- c(glmnet_seconds, t)
    if (r == 1L) writeLines(sprintf("%.17g", fit$lambda), grid_file)
    cmd <- sprintf("%s path --data %s --family %s --alpha %s --lambdas %s --stopping %s %s --out %s > /dev/null",
                   shQuote(sparsereg), shQuote(data_file), family, alpha, grid_file, stopping,
                   if (standardize) "" else "--no-standardize", prefix)
    t <- system.time(status <- system(cmd))[["elapsed"]]
    if (status != 0) stop("sparsereg failed: ", cmd)
    summary <- paste(readLines(paste0(prefix, ".summary.json")), collapse = "\n")
    fit_seconds <- as.numeric(sub('.*"fit_seconds": *([0-9.eE+-]+).*', "\\1", summary))
    sparsereg_seconds <- c(sparsereg_seconds, fit_seconds)
    sparsereg_command <- c(sparsereg_command, t)
}

path <- read.csv(paste0(prefix, ".path.csv"))
coef <- read.csv(paste0(prefix, ".coef.csv"))
nl <- length(fit$lambda)
if (nrow(path) != nl) stop("sparsereg fitted ", nrow(path), " of ", nl, " lambdas")
rows <- lapply(seq_len(nl), function(k) {
    ours <- numeric(ncol(X))
    mine <- coef[coef$lambda_index == k - 1L, ]
    ours[mine$feature] <- mine$value  # features are numbered as in the file (1-based)
    f_glmnet <- objective(fit$lambda[k], fit$a0[k], as.numeric(fit$beta[, k]))
    f_ours <- objective(fit$lambda[k], path$intercept[k], ours)
    data.frame(lambda = fit$lambda[k], df_glmnet = fit$df[k], df_sparsereg = path$df[k],
               objective_glmnet = f_glmnet, objective_sparsereg = f_ours,
               relative_difference = (f_ours - f_glmnet) / abs(f_glmnet),
               sparsereg_status = path$status[k])
})
table <- do.call(rbind, rows)
write.csv(table, paste0(out, ".lambda.csv"), row.names = FALSE)

d <- table$relative_difference
cat(sprintf("data          %s: %d x %d, %d nonzeros; %s, alpha %g, %s; sparsereg --stopping %s\n",
            basename(data_file), n, ncol(X), length(X@x), family, alpha,
            if (standardize) "standardized" else "not standardized", stopping))
cat(sprintf("path          %d lambdas (glmnet's default grid and early stop)\n", nl))
cat(sprintf("objective     (sparsereg - glmnet) / |glmnet|: max %.3g, median %.3g, min %.3g\n",
            max(d), median(d), min(d)))
cat(sprintf("              sparsereg lower at %d of %d lambdas; statuses: %s\n",
            sum(d < 0), nl, paste(names(table(path$status)), table(path$status), collapse = ", ")))
cat(sprintf("time (fit)    glmnet %.3f s, sparsereg %.3f s (median of %d): ratio glmnet/sparsereg %.2f\n",
            median(glmnet_seconds), median(sparsereg_seconds), repeats,
            median(glmnet_seconds) / median(sparsereg_seconds)))
cat(sprintf("              sparsereg whole command incl. reading: %.3f s\n", median(sparsereg_command)))
cat(sprintf("wrote         %s.lambda.csv\n", out))
