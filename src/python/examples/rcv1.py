"""The README's Python example: fit, cross-validate and predict on the bundled RCV1 split.

    PYTHONPATH=build/python /usr/bin/python3 src/python/examples/rcv1.py     (from the repository root)
"""
import os

import numpy as np
import sparsereg

X, y = sparsereg.load_svmlight_file("datasets/rcv1_vw_small_train.binary.svm.xz")
X_test, y_test = sparsereg.load_svmlight_file("datasets/rcv1_vw_small_test.binary.svm.xz",
                                              n_features=X.shape[1])

# λ by 10-fold cross-validation, as cv.glmnet chooses it (X is viewed, not copied)
clf = sparsereg.LogisticRegressionCV().fit(X, y)
print(f"lambda_min {clf.lambda_min_:.6g}, lambda_1se {clf.lambda_1se_:.6g} "
      f"({np.count_nonzero(clf.coef_)} features at lambda_1se)")
print("held-out accuracy", clf.score(X_test, y_test))
print("P(y = 1), first test rows", clf.predict_proba(X_test[:3])[:, 1].round(4))

# one λ, elastic net; and the whole path, certified at every λ
enet = sparsereg.LogisticRegression(alpha=0.5, lambda_=0.01).fit(X, y)
print("elastic net at λ 0.01:", np.count_nonzero(enet.coef_), "features, duality gap",
      f"{enet.duality_gap_:.2g}")
path = sparsereg.path(X, y, family="binomial")
print(f"path: {len(path.lambdas)} λ, at the last df {path.df[-1]}, deviance ratio "
      f"{path.dev_ratio[-1]:.6f}, relative gap {path.relative_gap[-1]:.2g}")

os.makedirs("results", exist_ok=True)
sparsereg.save_model(clf, "results/rcv1_python.model.json")  # `sparsereg predict --model` reads it
print("wrote results/rcv1_python.model.json")
