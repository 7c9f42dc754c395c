#!/usr/bin/python3
"""Times scikit-learn's load_svmlight_file on one uncompressed file.

Used by reader_bench to race our reader against scikit-learn's in the same
run. Prints one line per repeat: the seconds the call took (interpreter start
and imports excluded), then the shape and nnz so the caller can check both
readers read the same matrix.
"""
import sys
import time

from sklearn.datasets import load_svmlight_file


def main() -> None:
    path, repeats = sys.argv[1], int(sys.argv[2])
    for _ in range(repeats):
        start = time.perf_counter()
        X, y = load_svmlight_file(path)
        print(f"{time.perf_counter() - start:.6f}")
    print(f"shape {X.shape[0]} {X.shape[1]} nnz {X.nnz}")


if __name__ == "__main__":
    main()
