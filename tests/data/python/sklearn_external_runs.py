# SPDX-License-Identifier: GPL-3.0-or-later
"""Bring your own model with Debian's scikit-learn, through the metricbridge Python client.

Usage: sklearn_external_runs.py WORKSPACE PROJECT DATASET_VERSION SPLIT OUT_DIR

Exports the train, validation and test parts, fits a LogisticRegression and a
GradientBoostingClassifier on `quality`, logs both with metricbridge.Run, and prints JSON:
{"runs": [{"id", "name", "scores": file, "sklearn": {"test/roc_auc": ..., ...}}]}, the metrics as
scikit-learn computes them on the test predictions, for the caller to compare with the app's.
"""

import json
import os
import sys

import numpy as np
import sklearn
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (accuracy_score, average_precision_score, f1_score, log_loss, precision_score,
                             recall_score, roc_auc_score)
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from metricbridge import Run, export_part, read_csv

NUMERIC = ["length_words", "author_reputation", "sensationalism", "recency_hours"]


def features(header, rows, topics):
    column = {name: i for i, name in enumerate(header)}
    x = []
    for row in rows:
        values = [float(row[column[name]]) for name in NUMERIC]
        values.append(1.0 if row[column["has_image"]] == "true" else 0.0)
        values += [1.0 if row[column["topic"]] == topic else 0.0 for topic in topics]
        x.append(values)
    return np.array(x), np.array([int(float(row[column["quality"]])) for row in rows]), \
        [int(row[column["row"]]) for row in rows]


def main():
    workspace, project, version, split, out = sys.argv[1:6]
    parts = {}
    for part in ("train", "validation", "test"):
        header, rows = read_csv(export_part(workspace, version, part, os.path.join(out, part + ".csv"), split=split))
        parts[part] = (header, rows)
    header, rows = parts["train"]
    topics = sorted({row[header.index("topic")] for row in rows})
    data = {part: features(h, r, topics) for part, (h, r) in parts.items()}

    models = [("sklearn logistic regression", make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))),
              ("sklearn gradient boosting", GradientBoostingClassifier(random_state=0, n_estimators=50))]
    report = []
    for name, model in models:
        x, y, _ = data["train"]
        model.fit(x, y)
        tx, ty, trow = data["test"]
        scores = model.predict_proba(tx)[:, 1]
        predicted = (scores >= 0.5).astype(int)
        # What scikit-learn says of its own test predictions: reported with them (the app shows
        # them beside its own figures and flags a disagreement) and printed for the caller.
        own = {
            "accuracy": accuracy_score(ty, predicted),
            "precision": precision_score(ty, predicted, zero_division=0),
            "recall": recall_score(ty, predicted, zero_division=0),
            "f1": f1_score(ty, predicted, zero_division=0),
            "roc_auc": roc_auc_score(ty, scores),
            "average_precision": average_precision_score(ty, scores),
            "log_loss": log_loss(ty, scores),
        }
        with Run(workspace, project, name, dataset_version=version, split=split, target="quality",
                 tool="scikit-learn", tool_version=sklearn.__version__, tags=["sklearn"]) as run:
            run.log_params(model.get_params())
            for step, loss in enumerate(getattr(model, "train_score_", [])):
                run.log_metric("train/loss", loss, step=step)
            for part in ("validation", "test"):
                px, _, prow = data[part]
                run.log_predictions(prow, model.predict_proba(px)[:, 1], part=part,
                                    reported_metrics=own if part == "test" else None)
            model_file = os.path.join(out, name.replace(" ", "_") + ".json")
            with open(model_file, "w") as handle:
                json.dump({"params": {k: repr(v) for k, v in model.get_params().items()}}, handle)
            run.log_artifact(model_file, name="model")
        scores_file = os.path.join(out, name.replace(" ", "_") + "_scores.txt")
        with open(scores_file, "w") as handle:
            handle.write("".join(repr(float(s)) + "\n" for s in scores))
        report.append({"id": run.id, "name": name, "scores": scores_file,
                       "sklearn": {"test/" + key: value for key, value in own.items()}})
    print(json.dumps({"runs": report}))


if __name__ == "__main__":
    main()
