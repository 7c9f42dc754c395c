# Shared by the R scripts of bench/ and tests/reference/: source() it.
#
# svmlight reader: "label idx:val idx:val ... [# comment]", 1-based indices,
# strictly increasing within a row. Returns the labels and a dgCMatrix with
# as many columns as the largest index (as sparsereg's reader does by default).
read_svmlight <- function(path) {
    con <- xzfile(path, "rt")
    lines <- readLines(con)
    close(con)
    lines <- trimws(sub("#.*$", "", lines))
    lines <- lines[nzchar(lines)]
    tokens <- strsplit(lines, "[ \t]+")
    y <- as.numeric(vapply(tokens, `[`, "", 1L))
    pairs <- lapply(tokens, `[`, -1L)
    per_row <- lengths(pairs)
    pairs <- unlist(pairs, use.names = FALSE)
    colon <- regexpr(":", pairs, fixed = TRUE)
    if (any(colon < 2L)) stop(path, ": a feature is not index:value")
    idx <- as.integer(substr(pairs, 1L, colon - 1L))
    val <- as.numeric(substr(pairs, colon + 1L, nchar(pairs)))
    row <- rep.int(seq_along(lines), per_row)
    if (anyNA(y) || anyNA(idx) || anyNA(val) || any(idx < 1L)) {
        stop(path, ": unreadable label, index or value")
    }
    # indices strictly increasing within each row
    same_row <- row[-1L] == row[-length(row)]
    if (any(same_row & idx[-1L] <= idx[-length(idx)])) {
        stop(path, ": indices not strictly increasing within a row")
    }
    X <- sparseMatrix(i = row, j = idx, x = val, dims = c(length(lines), max(idx)))
    list(X = as(X, "CsparseMatrix"), y = y)
}

