"""sparsereg: glmnet's L1/L2/elastic-net linear and logistic regression on sparse
data, as scikit-learn estimators on a C++ core.

    import sparsereg
    clf = sparsereg.LogisticRegressionCV().fit(X, y)    # X: scipy.sparse CSR, not copied
    clf.predict(X_test)

See the README's "Python" section. Estimators: ElasticNet, LogisticRegression,
ElasticNetCV, LogisticRegressionCV; the whole path: path(); model files:
load_model, save_model, model_to_json, model_from_json.
"""

from . import _core
from ._core import InvalidArgumentError, ParseError
from ._estimators import ElasticNet, ElasticNetCV, LogisticRegression, LogisticRegressionCV
from ._io import load_svmlight_file
from ._model import load_model, model_from_json, model_to_json, save_model
from ._path import PathResult, path

__version__ = _core.__version__


def instruction_set() -> str:
    """The SIMD instruction set the C++ kernels run with (e.g. 'avx2+fma')."""
    return _core.instruction_set()


__all__ = [
    "ElasticNet", "ElasticNetCV", "LogisticRegression", "LogisticRegressionCV",
    "PathResult", "path", "load_model", "save_model", "model_to_json", "model_from_json",
    "InvalidArgumentError", "ParseError", "instruction_set", "load_svmlight_file", "__version__",
]
