# Shared by the R scripts of bench/: source() it.
#
# Command-line options of an Rscript: option("--data", NA) is the value after
# --data (or the default), flag("--quick") whether the flag is there.
option <- function(name, default) {
    a <- commandArgs(trailingOnly = TRUE)
    k <- match(name, a)
    if (is.na(k)) default else a[k + 1L]
}
flag <- function(name) name %in% commandArgs(trailingOnly = TRUE)
