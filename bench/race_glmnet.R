# One case of the glmnet race (bench/race.sh runs it per data set × α ×
# standardization): sparsereg and R's glmnet fit the same path, in one run,
# alternating, and one independent checker written here judges both.
#
#   Rscript bench/race_glmnet.R --data FILE --family gaussian|binomial --name NAME
#       --race-fit build/bench/race_fit --sparsereg build/sparsereg --out PREFIX
#       [--alpha 1] [--no-standardize] [--repeats 3] [--threads 0]
#
# 1. Reads the data once (bench/svmlight.R). binomial: the larger label is 1
#    (as sparsereg maps it). gaussian: y is divided by its 1/n standard
#    deviation, as tests/reference/make_glmnet_reference.R does, so glmnet's
#    internal scaling of y is 1 and both tools minimise the objective of
#    include/sparsereg/api/fit.hpp (for α < 1 they would not otherwise); that y
#    goes to sparsereg as a --labels file.
# 2. glmnet's default path (default thresh, grid, early stop), untimed, gives
#    the λ grid. Its first λ can sit a few ulps below the exact λ_max, where
#    the exact solution is not quite 0; as make_glmnet_reference.R does, it is
#    raised to λ_max (1 + 1e-10) then. That grid goes to sparsereg.
# 3. --repeats rounds of: glmnet at its defaults (thresh 1e-7), sparsereg
#    (race_fit, a separate process that read the data once and fits on
#    command), glmnet at thresh 1e-12; each timed on the fit alone (R:
#    elapsed time of the glmnet() call; race_fit: fit_path). Medians reported.
#    Paths that take milliseconds are timed in batches of up to 50 fits a
#    measurement (the same batch for both tools), divided by the batch.
#    Memory: each tool's process peak RSS during its fit (VmHWM, reset just
#    before the fit through /proc/self/clear_refs; the data in memory counts),
#    the largest over the rounds, and for sparsereg also its first round's:
#    the first fit of a fresh process, before glibc keeps a heap of the
#    arrays an earlier fit freed.
# 4. sparsereg's whole command (`sparsereg path`, reading included), once,
#    under /usr/bin/time for wall time and peak RSS.
# 5. The checker: for every λ of the grid and every solution (sparsereg,
#    glmnet 1e-7, glmnet 1e-12) the objective of fit.hpp and the largest KKT
#    violation divided by λ: per feature, the gradient of the data term with
#    respect to the standardized coefficient s_j β_j against the penalty's
#    subdifferential there, and the intercept's gradient.
# 6. The work each tool did: coordinate passes over the path (sparsereg: its
#    epochs, a pass over its working set or active set, a Newton solve
#    counting as one; glmnet: npasses, its passes over its active or whole set).
#
# Writes PREFIX.json (the case's summary, one flat object) and
# PREFIX.lambda.csv (per λ: objectives, differences, KKT, df, status).

suppressPackageStartupMessages({
    library(Matrix)
    library(glmnet)
})

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
repo <- normalizePath(file.path(dirname(script), ".."))
source(file.path(repo, "bench", "svmlight.R"))

source(file.path(repo, "bench", "cli_args.R"))

data_file <- normalizePath(option("--data", NA))
family <- option("--family", NA)
name <- option("--name", NA)
alpha <- as.numeric(option("--alpha", "1"))
standardize <- !flag("--no-standardize")
repeats <- as.integer(option("--repeats", "3"))
threads <- as.integer(option("--threads", "0"))
race_fit <- option("--race-fit", NA)
sparsereg <- option("--sparsereg", NA)
prefix <- option("--out", NA)
if (anyNA(c(data_file, family, name, race_fit, sparsereg, prefix))) {
    stop("usage: race_glmnet.R --data FILE --family F --name NAME --race-fit BIN --sparsereg BIN --out PREFIX ...")
}
dir.create(dirname(prefix), showWarnings = FALSE, recursive = TRUE)
fmt <- function(x) sprintf("%.17g", x)
say <- function(...) cat(sprintf("[%s] ", name), sprintf(...), "\n", sep = "")

# ---------------------------------------------------------------------------
# Memory: this process's peak RSS (kB) since the last reset.
status_kb <- function(key) {
    s <- readLines("/proc/self/status")
    as.numeric(sub("^[^:]+:\\s*([0-9]+).*", "\\1", s[startsWith(s, paste0(key, ":"))]))
}
reset_peak <- function() {
    ok <- tryCatch({
        writeLines("5", "/proc/self/clear_refs")
        TRUE
    }, error = function(e) FALSE, warning = function(w) FALSE)
    ok
}

# ---------------------------------------------------------------------------
# 1. Data
read_seconds <- system.time(data <- read_svmlight(data_file))[["elapsed"]]
X <- data$X
y <- data$y
n <- nrow(X)
p <- ncol(X)
y_file <- paste0(prefix, ".y.txt")
if (family == "binomial") {
    values <- sort(unique(y))
    if (length(values) != 2L) stop("binomial needs two label values")
    y <- as.numeric(y == values[2L])
    y_scale <- 1
} else {
    y_scale <- sqrt(mean((y - mean(y))^2))  # glmnet's ys (unit weights, intercept)
    y <- y / y_scale
}
writeLines(fmt(y), y_file)
density <- length(X@x) / (as.numeric(n) * p)
# glmnet gets what a user would pass: a dense matrix for dense data.
X_glmnet <- if (density > 0.5) as.matrix(X) else X
glmnet_input <- if (density > 0.5) "dense" else "sparse"
say("%d x %d, %d nonzeros (%s for glmnet), read in %.1f s", n, p, length(X@x), glmnet_input, read_seconds)

# ---------------------------------------------------------------------------
# 2. The grid
run_glmnet <- function(thresh = NULL) {
    if (is.null(thresh)) {
        glmnet(X_glmnet, y, family = family, alpha = alpha, standardize = standardize)
    } else {
        glmnet(X_glmnet, y, family = family, alpha = alpha, standardize = standardize, thresh = thresh)
    }
}
grid_seconds <- system.time(grid_fit <- run_glmnet())[["elapsed"]]
lambda <- grid_fit$lambda
# Paths of a few milliseconds are timed in batches of `batch` fits (each
# measurement is the batch's time / batch), the same for both tools.
batch <- as.integer(min(50, max(1, floor(0.2 / max(grid_seconds, 0.002)))))
nl <- length(lambda)

scale <- if (standardize) {
    m <- colMeans(X)
    sqrt(pmax(colMeans(X^2) - m^2, 0))
} else rep(1, p)
mu0 <- mean(y)  # the unpenalized fit: intercept only
resid0 <- y - mu0  # y minus the fitted mean at b0 (both families)
g0 <- abs(as.numeric(crossprod(X, resid0))) / n
ok <- scale > 0
lambda_max <- max(g0[ok] / (alpha * scale[ok]))
lambda_raised <- lambda[1] < lambda_max * (1 + 1e-10)
if (lambda_raised) lambda[1] <- lambda_max * (1 + 1e-10)
if (abs(lambda[1] / lambda_max - 1) > 1e-9) {
    warning(name, ": glmnet's first lambda is ", lambda[1] / lambda_max, " x lambda_max")
}
grid_file <- paste0(prefix, ".lambdas.txt")
writeLines(fmt(lambda), grid_file)

# ---------------------------------------------------------------------------
# 3. The race. race_fit serves "fit" commands through two named pipes.
fifo_in <- paste0(prefix, ".in.fifo")
fifo_out <- paste0(prefix, ".out.fifo")
unlink(c(fifo_in, fifo_out))
if (system2("mkfifo", c(shQuote(fifo_in), shQuote(fifo_out))) != 0) stop("mkfifo failed")
err_file <- paste0(prefix, ".race_fit.stderr")
race_args <- c("--data", shQuote(data_file), "--labels", shQuote(y_file), "--family", family,
               "--alpha", alpha, if (!standardize) "--no-standardize", "--threads", threads,
               "--lambdas", shQuote(grid_file), "--out", shQuote(paste0(prefix, ".sparsereg")))
system(sprintf("%s %s < %s > %s 2> %s", shQuote(race_fit), paste(race_args, collapse = " "),
               shQuote(fifo_in), shQuote(fifo_out), shQuote(err_file)), wait = FALSE)
to_race <- fifo(fifo_in, "w", blocking = TRUE)
from_race <- fifo(fifo_out, "r", blocking = TRUE)
json_number <- function(line, key) {
    as.numeric(sub(sprintf('.*"%s": *([-0-9.eE+naif]+).*', key), "\\1", line))
}
json_string <- function(line, key) sub(sprintf('.*"%s": *"([^"]*)".*', key), "\\1", line)
race_command <- function(command) {
    writeLines(command, to_race)
    flush(to_race)
    line <- readLines(from_race, n = 1L)
    if (length(line) == 0L) {
        stop("race_fit ended: ", paste(readLines(err_file), collapse = "\n"))
    }
    line
}

timed_glmnet <- function(thresh) {
    gc(full = TRUE)
    reset <- reset_peak()
    quiet_fit <- function() withCallingHandlers(run_glmnet(thresh), warning = function(w) {
        glmnet_warnings <<- unique(c(glmnet_warnings, sprintf("thresh %s: %s",
            if (is.null(thresh)) "1e-7" else format(thresh), conditionMessage(w))))
        invokeRestart("muffleWarning")
    })
    t <- system.time(for (b in seq_len(batch)) fit <- quiet_fit())[["elapsed"]]
    list(fit = fit, seconds = t / batch, peak_kb = if (reset) status_kb("VmHWM") else NA_real_)
}

glmnet_warnings <- character(0)
rss_loaded_r <- status_kb("VmRSS")
glmnet7_seconds <- glmnet12_seconds <- sparsereg_seconds <- numeric(0)
glmnet7_peak <- glmnet12_peak <- sparsereg_peak <- numeric(0)
race_line <- NULL
for (r in seq_len(repeats)) {
    g7 <- timed_glmnet(NULL)
    glmnet7_seconds <- c(glmnet7_seconds, g7$seconds)
    glmnet7_peak <- c(glmnet7_peak, g7$peak_kb)
    race_line <- race_command(if (batch > 1L) sprintf("fit %d", batch) else "fit")
    sparsereg_seconds <- c(sparsereg_seconds, json_number(race_line, "fit_seconds"))
    sparsereg_peak <- c(sparsereg_peak, json_number(race_line, "peak_rss_kb"))
    g12 <- timed_glmnet(1e-12)
    glmnet12_seconds <- c(glmnet12_seconds, g12$seconds)
    glmnet12_peak <- c(glmnet12_peak, g12$peak_kb)
    say("round %d%s: glmnet %.3f s, sparsereg %.3f s, glmnet(thresh 1e-12) %.3f s",
        r, if (batch > 1L) sprintf(" (per fit, batches of %d)", batch) else "", g7$seconds, tail(sparsereg_seconds, 1), g12$seconds)
}
done_line <- race_command("quit")
close(to_race)
close(from_race)
unlink(c(fifo_in, fifo_out))
fit7 <- g7$fit
fit12 <- g12$fit
for (w in glmnet_warnings) say("glmnet warned: %s", w)

# ---------------------------------------------------------------------------
# 4. sparsereg's whole command, reading included.
time_file <- paste0(prefix, ".command.time")
cmd <- sprintf("/usr/bin/time -f '%%e %%M' -o %s %s path --data %s --labels %s --family %s --alpha %s %s --threads %d --lambdas %s --out %s > /dev/null 2> %s",
               shQuote(time_file), shQuote(sparsereg), shQuote(data_file), shQuote(y_file), family,
               alpha, if (standardize) "" else "--no-standardize", threads, shQuote(grid_file),
               shQuote(paste0(prefix, ".command")), shQuote(paste0(prefix, ".command.stderr")))
if (system(cmd) != 0) stop("sparsereg path failed: ", cmd)
command_time <- scan(time_file, quiet = TRUE)
unlink(paste0(prefix, ".command.", c("path.csv", "coef.csv")))
say("sparsereg path command: %.2f s, %.0f MB", command_time[1], command_time[2] / 1024)

# ---------------------------------------------------------------------------
# 5. The checker: one objective and one KKT test for every solution.
objective_and_kkt <- function(lam, a0, beta) {
    eta <- as.numeric(X %*% beta) + a0
    if (family == "gaussian") {
        loss <- mean((y - eta)^2) / 2
        resid <- y - eta
    } else {
        loss <- mean(ifelse(eta > 0, eta + log1p(exp(-eta)), log1p(exp(eta))) - y * eta)
        resid <- y - 1 / (1 + exp(-eta))
    }
    b <- scale * beta
    objective <- loss + lam * sum(alpha * abs(b) + (1 - alpha) / 2 * b^2)
    grad <- -as.numeric(crossprod(X, resid)) / n  # d loss / d beta_j
    nz <- beta != 0
    viol <- pmax(abs(grad) - lam * alpha * scale, 0)
    viol[nz] <- abs(grad[nz] + lam * scale[nz] * ((1 - alpha) * scale[nz] * beta[nz] +
                                                  alpha * sign(beta[nz])))
    viol[scale == 0] <- 0  # constant columns carry nothing (both tools leave them at 0)
    # On the standardized scale (b_j = s_j β_j, the scale the penalty sees):
    # d loss / d b_j = grad_j / s_j, so the measure does not depend on the
    # units of a column (as sparsereg's own kkt_violation).
    viol[scale > 0] <- viol[scale > 0] / scale[scale > 0]
    kkt <- max(max(viol), abs(sum(resid)) / n) / lam
    c(objective = objective, kkt = kkt, df = sum(nz))
}

path <- read.csv(paste0(prefix, ".sparsereg.path.csv"))
coef <- read.csv(paste0(prefix, ".sparsereg.coef.csv"))
ours_beta <- sparseMatrix(i = coef$feature, j = coef$lambda_index + 1L, x = coef$value,
                          dims = c(p, nrow(path)))
same_grid <- function(fit) {
    k <- seq_len(min(length(fit$lambda), nl))[-1]
    all(abs(fit$lambda[k] / lambda[k] - 1) < 1e-10)
}
if (!same_grid(fit7) || !same_grid(fit12)) warning(name, ": a glmnet run has another lambda grid")

score <- function(a0, beta, k) {
    if (k > ncol(beta)) return(c(objective = NA, kkt = NA, df = NA))
    objective_and_kkt(lambda[k], a0[k], as.numeric(beta[, k]))
}
rows <- lapply(seq_len(nl), function(k) {
    s <- score(path$intercept, ours_beta, k)
    g <- score(fit7$a0, fit7$beta, k)
    h <- score(fit12$a0, fit12$beta, k)
    data.frame(lambda = lambda[k],
               objective_sparsereg = s[["objective"]], objective_glmnet = g[["objective"]],
               objective_glmnet_1e12 = h[["objective"]],
               difference = (s[["objective"]] - g[["objective"]]) / abs(g[["objective"]]),
               difference_1e12 = (s[["objective"]] - h[["objective"]]) / abs(h[["objective"]]),
               kkt_sparsereg = s[["kkt"]], kkt_glmnet = g[["kkt"]], kkt_glmnet_1e12 = h[["kkt"]],
               df_sparsereg = s[["df"]], df_glmnet = g[["df"]], df_glmnet_1e12 = h[["df"]],
               sparsereg_status = if (k <= nrow(path)) path$status[k] else NA,
               sparsereg_relative_gap = if (k <= nrow(path)) path$relative_gap[k] else NA)
})
table <- do.call(rbind, rows)
write.csv(table, paste0(prefix, ".lambda.csv"), row.names = FALSE)

# ---------------------------------------------------------------------------
# Summary
last_of <- function(x) x[max(which(!is.na(x)))]
fin <- function(x) x[is.finite(x)]
statuses <- table(path$status)
gaps <- fin(path$relative_gap)
summary <- list(
    name = name, dataset = sub("\\.(binary|regression)\\.svm(\\.xz)?$", "", basename(data_file)),
    family = family, alpha = alpha, standardize = standardize,
    rows = n, cols = p, nnz = length(X@x), glmnet_input = glmnet_input, y_scale = y_scale,
    n_lambda = nl, n_lambda_sparsereg = nrow(path), n_lambda_glmnet = length(fit7$lambda),
    n_lambda_glmnet_1e12 = length(fit12$lambda), lambda1_raised = lambda_raised,
    glmnet_jerr = fit7$jerr, glmnet_1e12_jerr = fit12$jerr,
    glmnet_warnings = paste(glmnet_warnings, collapse = " | "),
    repeats = repeats, batch = batch, threads = threads,
    glmnet_seconds = median(glmnet7_seconds), glmnet_1e12_seconds = median(glmnet12_seconds),
    sparsereg_seconds = median(sparsereg_seconds),
    ratio = median(sparsereg_seconds) / median(glmnet7_seconds),
    ratio_1e12 = median(sparsereg_seconds) / median(glmnet12_seconds),
    glmnet_seconds_all = paste(sprintf("%.4f", glmnet7_seconds), collapse = " "),
    glmnet_1e12_seconds_all = paste(sprintf("%.4f", glmnet12_seconds), collapse = " "),
    sparsereg_seconds_all = paste(sprintf("%.4f", sparsereg_seconds), collapse = " "),
    sparsereg_command_seconds = command_time[1], sparsereg_command_rss_mb = command_time[2] / 1024,
    sparsereg_read_seconds = json_number(done_line, "read_seconds"),
    r_read_seconds = read_seconds,
    difference_max = max(fin(table$difference)), difference_median = median(fin(table$difference)),
    sparsereg_lower = sum(table$difference < 0, na.rm = TRUE),
    difference_1e12_max = max(fin(table$difference_1e12)),
    difference_1e12_median = median(fin(table$difference_1e12)),
    kkt_sparsereg = max(fin(table$kkt_sparsereg)), kkt_glmnet = max(fin(table$kkt_glmnet)),
    kkt_glmnet_1e12 = max(fin(table$kkt_glmnet_1e12)),
    df_sparsereg = last_of(table$df_sparsereg), df_glmnet = last_of(table$df_glmnet),
    df_glmnet_1e12 = last_of(table$df_glmnet_1e12),
    passes_sparsereg = sum(path$epochs), passes_glmnet = fit7$npasses,
    passes_glmnet_1e12 = fit12$npasses,
    rss_fit_mb_sparsereg = max(sparsereg_peak) / 1024, rss_fit_mb_glmnet = max(glmnet7_peak) / 1024,
    rss_first_fit_mb_sparsereg = sparsereg_peak[1] / 1024,
    rss_fit_mb_glmnet_1e12 = max(glmnet12_peak) / 1024,
    rss_loaded_mb_sparsereg = json_number(done_line, "rss_loaded_kb") / 1024,
    rss_loaded_mb_r = rss_loaded_r / 1024,
    sparsereg_statuses = paste(names(statuses), as.integer(statuses), collapse = ", "),
    sparsereg_max_relative_gap = if (length(gaps)) max(gaps) else NA,
    sparsereg_stopped_early = json_string(race_line, "stopped_early"),
    glmnet_version = as.character(packageVersion("glmnet")), r_version = R.version$version.string,
    date = format(Sys.time(), "%Y-%m-%d %H:%M:%S")
)
to_json <- function(x) {
    value <- function(v) {
        if (is.logical(v)) return(if (is.na(v)) "null" else tolower(v))
        if (is.numeric(v)) return(if (!is.finite(v)) "null" else sprintf("%.10g", v))
        sprintf('"%s"', gsub('(["\\\\])', "\\\\\\1", v))
    }
    paste0("{\n", paste(sprintf('  "%s": %s', names(x), vapply(x, value, "")), collapse = ",\n"), "\n}")
}
writeLines(to_json(summary), paste0(prefix, ".json.tmp"))
invisible(file.rename(paste0(prefix, ".json.tmp"), paste0(prefix, ".json")))  # complete or absent
say("sparsereg / glmnet time %.3g (%.3f s vs %.3f s); objective difference max %.2g median %.2g; KKT/lambda sparsereg %.2g, glmnet %.2g",
    summary$ratio, summary$sparsereg_seconds, summary$glmnet_seconds, summary$difference_max,
    summary$difference_median, summary$kkt_sparsereg, summary$kkt_glmnet)
