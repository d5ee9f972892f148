"""Optuna baseline for dev.hone.ml.bench.SamplerBenchmark.

Minimizes Branin (2-d), Hartmann-6 (6-d), Styblinski-Tang (5-d), Ackley (5-d) or the MLP-on-digits table (see MlpDigitsTask.java:
the same space, the same snapping to the grid, the same table) with Optuna's TPESampler at its default settings,
seeded, once per seed, and prints one JSON object on stdout: Optuna's version and, per seed, the
best value found after each trial (the best-so-far curve).

Run by the benchmark with Debian's interpreter (/usr/bin/python3, python3-optuna 3.1); not on its
own.
"""

import argparse
import json
import math
import time

import optuna

HARTMANN_ALPHA = (1.0, 1.2, 3.0, 3.2)
HARTMANN_A = (
    (10.0, 3.0, 17.0, 3.5, 1.7, 8.0),
    (0.05, 10.0, 17.0, 0.1, 8.0, 14.0),
    (3.0, 3.5, 1.7, 10.0, 17.0, 8.0),
    (17.0, 8.0, 0.05, 10.0, 0.1, 14.0),
)
HARTMANN_P = (
    (0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886),
    (0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991),
    (0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650),
    (0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381),
)


def branin(trial):
    x1 = trial.suggest_float("x1", -5.0, 10.0)
    x2 = trial.suggest_float("x2", 0.0, 15.0)
    b = 5.1 / (4.0 * math.pi ** 2)
    c = 5.0 / math.pi
    t = 1.0 / (8.0 * math.pi)
    return (x2 - b * x1 ** 2 + c * x1 - 6.0) ** 2 + 10.0 * (1.0 - t) * math.cos(x1) + 10.0


def hartmann6(trial):
    x = [trial.suggest_float("x%d" % (i + 1), 0.0, 1.0) for i in range(6)]
    total = 0.0
    for i in range(4):
        inner = sum(HARTMANN_A[i][j] * (x[j] - HARTMANN_P[i][j]) ** 2 for j in range(6))
        total += HARTMANN_ALPHA[i] * math.exp(-inner)
    return -total


RATES = (1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2)
WIDTHS = (16, 32, 64, 128)
DROPOUTS = (0.0, 0.2, 0.4)
TABLE = {}


def load_table(path):
    with open(path) as f:
        next(f)
        for line in f:
            rate, layers, width, dropout, optimizer, loss = line.strip().split(",")
            TABLE[(float(rate), int(layers), int(width), float(dropout), optimizer)] = float(loss)


def nearest(grid, v, log=False):
    key = (lambda g: abs(math.log(g) - math.log(v))) if log else (lambda g: abs(g - v))
    return min(grid, key=key)


def mlp_digits(trial):
    rate = trial.suggest_float("learningRate", 1e-4, 3e-2, log=True)
    layers = trial.suggest_int("layers", 1, 2)
    width = trial.suggest_int("width", 16, 128, log=True)
    dropout = trial.suggest_float("dropout", 0.0, 0.4)
    optimizer = trial.suggest_categorical("optimizer", ["ADAM", "SGD"])
    return TABLE[(nearest(RATES, rate, log=True), layers, nearest(WIDTHS, width, log=True),
                  nearest(DROPOUTS, dropout), optimizer)]


def styblinski_tang5(trial):
    x = [trial.suggest_float("x%d" % (i + 1), -5.0, 5.0) for i in range(5)]
    return 0.5 * sum(v ** 4 - 16.0 * v ** 2 + 5.0 * v for v in x)


def ackley5(trial):
    x = [trial.suggest_float("x%d" % (i + 1), -32.768, 32.768) for i in range(5)]
    n = len(x)
    return (-20.0 * math.exp(-0.2 * math.sqrt(sum(v * v for v in x) / n))
            - math.exp(sum(math.cos(2.0 * math.pi * v) for v in x) / n) + 20.0 + math.e)


FUNCTIONS = {"branin": branin, "hartmann6": hartmann6, "mlp-digits": mlp_digits,
             "styblinski-tang5": styblinski_tang5, "ackley5": ackley5}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--function", required=True, choices=sorted(FUNCTIONS))
    p.add_argument("--seeds", required=True, help="comma-separated integer seeds")
    p.add_argument("--trials", type=int, required=True)
    p.add_argument("--table", help="the MLP table CSV (for mlp-digits)")
    args = p.parse_args()
    if args.function == "mlp-digits":
        load_table(args.table)

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    objective = FUNCTIONS[args.function]
    curves = {}
    started = time.perf_counter()
    for seed in (int(s) for s in args.seeds.split(",")):
        study = optuna.create_study(direction="minimize",
                                    sampler=optuna.samplers.TPESampler(seed=seed))
        study.optimize(objective, n_trials=args.trials)
        best = math.inf
        curve = []
        for t in sorted(study.trials, key=lambda t: t.number):
            if t.value is not None and t.value < best:
                best = t.value
            curve.append(best)
        curves[str(seed)] = curve
    print(json.dumps({
        "optuna_version": optuna.__version__,
        "function": args.function,
        "seconds": time.perf_counter() - started,
        "curves": curves,
    }))


if __name__ == "__main__":
    main()
