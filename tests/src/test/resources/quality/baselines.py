"""Scikit-learn baselines of QualityBenchmark, on exactly the split the benchmark gives Hone.

Usage: baselines.py TRAIN_CSV TEST_CSV TARGET TASK SEED MODELS
  TASK is CLASSIFICATION or REGRESSION; MODELS is a comma list of hgb and mlp.
Prints one JSON object: {"hgb": {"predictions": [...], "seconds": s}, "mlp": {...}}, predictions in test row
order (class labels as text, or numbers).

- hgb: HistGradientBoosting with its defaults; categorical columns ordinal-encoded and declared categorical.
- mlp: MLP tuned by a 20-trial random search (3-fold cross-validation on the training rows) over hidden layers,
  L2 alpha, initial learning rate and batch size; Adam for at most 500 epochs, stopping when the training loss
  stops improving (scikit-learn's default; its early_stopping=True holds out 10% and stopped small sets far too
  soon: crabs 0.67); numbers median-imputed and standardised, categoricals one-hot encoded.
"""
import json
import sys
import time
import warnings

import numpy as np
import pandas as pd
from scipy.stats import loguniform
from sklearn.compose import ColumnTransformer, TransformedTargetRegressor
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.impute import SimpleImputer
from sklearn.model_selection import RandomizedSearchCV
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler

warnings.filterwarnings("ignore")


def main():
    train_csv, test_csv, target, task, seed, models = sys.argv[1:7]
    seed = int(seed)
    train = pd.read_csv(train_csv, keep_default_na=True, na_values=[""])
    test = pd.read_csv(test_csv, keep_default_na=True, na_values=[""])
    y = train.pop(target)
    test = test.drop(columns=[target])
    classification = task == "CLASSIFICATION"
    if classification:
        y = y.astype(str)
    categorical = [c for c in train.columns if train[c].dtype == object]
    numeric = [c for c in train.columns if c not in categorical]
    out = {}
    for model in models.split(","):
        start = time.perf_counter()
        if model == "hgb":
            predicted = hgb(train, y, test, categorical, numeric, classification, seed)
        elif model == "mlp":
            predicted = mlp(train, y, test, categorical, numeric, classification, seed)
        else:
            raise SystemExit("unknown model " + model)
        out[model] = {"predictions": [p if isinstance(p, str) else float(p) for p in predicted],
                      "seconds": time.perf_counter() - start}
    print(json.dumps(out))


def hgb(train, y, test, categorical, numeric, classification, seed):
    encode = ColumnTransformer([
        ("cat", OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=np.nan,
                               encoded_missing_value=np.nan), categorical),
        ("num", "passthrough", numeric)])
    mask = [True] * len(categorical) + [False] * len(numeric)
    kind = HistGradientBoostingClassifier if classification else HistGradientBoostingRegressor
    model = make_pipeline(encode, kind(categorical_features=mask if categorical else None, random_state=seed))
    model.fit(train, y)
    return model.predict(test)


def mlp(train, y, test, categorical, numeric, classification, seed):
    encode = ColumnTransformer([
        ("cat", make_pipeline(SimpleImputer(strategy="most_frequent"),
                              OneHotEncoder(handle_unknown="ignore")), categorical),
        ("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numeric)])
    kind = MLPClassifier if classification else MLPRegressor
    net = kind(max_iter=500, random_state=seed)
    space = {
        "net__hidden_layer_sizes": [(32,), (64,), (128,), (64, 64), (128, 64), (256, 128)],
        "net__alpha": loguniform(1e-6, 1e-1),
        "net__learning_rate_init": loguniform(1e-4, 1e-2),
        "net__batch_size": [16, 32, 64, 128],
    }
    pipeline = Pipeline([("encode", encode), ("net", net)])
    if not classification:
        # Regression targets on their own scale train badly; standardise them as Hone does.
        search = RandomizedSearchCV(pipeline, space, n_iter=20, cv=3, random_state=seed, n_jobs=1,
                                    scoring="neg_root_mean_squared_error")
        model = TransformedTargetRegressor(regressor=search, transformer=StandardScaler())
    else:
        model = RandomizedSearchCV(pipeline, space, n_iter=20, cv=3, random_state=seed, n_jobs=1)
    model.fit(train, y)
    return model.predict(test)


if __name__ == "__main__":
    main()
