// Predictions of a model on new rows: η = b0 + xᵀβ, then the family's response.

#include <cmath>
#include <string>
#include <vector>

#include "model/model_rules.hpp"
#include "sparsereg/datafit/logistic.hpp"
#include "sparsereg/error.hpp"
#include "sparsereg/model/model.hpp"

namespace sparsereg {

template <StorageValue T, StorageIndex I>
std::vector<double> predict(const Model& model, CsrView<T, I> X, PredictionType type,
                            std::optional<double> lambda) {
    validate_model(model);
    if (type == PredictionType::class_label && model.family != Family::binomial) {
        throw InvalidArgument("type", "class predictions need a binomial model; this one is gaussian "
                                      "(use link or response)");
    }
    if (static_cast<std::int64_t>(X.cols()) != model.n_features) {
        throw InvalidArgument("X", "has " + detail::with_commas(X.cols()) +
                                       " columns but the model was fitted on " +
                                       detail::with_commas(model.n_features) + " features");
    }
    const ModelFit fit = lambda ? fit_at(model, *lambda) : model.fits.front();

    // β dense over the columns: one lookup per nonzero of X.
    std::vector<double> beta(static_cast<std::size_t>(model.n_features), 0.0);
    for (std::size_t m = 0; m < fit.features.size(); ++m) {
        beta[static_cast<std::size_t>(fit.features[m])] = fit.coefficients[m];
    }
    const ClassLabels labels = model.labels.value_or(ClassLabels{});
    std::vector<double> out(static_cast<std::size_t>(X.rows()));
    for (I i = 0; i < X.rows(); ++i) {
        const auto indices = X.row_indices(i);
        const auto values = X.row_values(i);
        double eta = fit.intercept;
        for (std::size_t k = 0; k < indices.size(); ++k) {
            eta += static_cast<double>(values[k]) * beta[static_cast<std::size_t>(indices[k])];
        }
        double& result = out[static_cast<std::size_t>(i)];
        switch (type) {
            case PredictionType::link: result = eta; break;
            case PredictionType::response:
                result = model.family == Family::binomial ? Logistic::probability(eta) : eta;
                break;
            case PredictionType::class_label:
                // The rule misclassification is measured with (metrics.hpp): p > 0.5.
                result = Logistic::probability(eta) > 0.5 ? labels.positive : labels.negative;
                break;
        }
    }
    return out;
}

#define SPARSEREG_INSTANTIATE_PREDICT(T, I)                                                 \
    template std::vector<double> predict<T, I>(const Model&, CsrView<T, I>, PredictionType, \
                                               std::optional<double>);
SPARSEREG_INSTANTIATE_PREDICT(float, std::int32_t)
SPARSEREG_INSTANTIATE_PREDICT(float, std::int64_t)
SPARSEREG_INSTANTIATE_PREDICT(double, std::int32_t)
SPARSEREG_INSTANTIATE_PREDICT(double, std::int64_t)
#undef SPARSEREG_INSTANTIATE_PREDICT

}  // namespace sparsereg
