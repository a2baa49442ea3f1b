# SPDX-License-Identifier: GPL-3.0-or-later
"""Log runs trained in any tool to a MetricBridge workspace.

Standard library only: the client speaks to the ``metricbridge`` command line, which checks
everything and stores the run (docs/EXTERNAL-RUNS.md)::

    from metricbridge import Run, export_part

    with Run("work.mbw", "newsfeed", "sklearn logistic", dataset_version=1, split=1,
             target="quality", tool="scikit-learn", tool_version=sklearn.__version__) as run:
        run.log_params(model.get_params())   # before the first log call
        run.log_metric("train/loss", 0.41, step=3)
        run.log_predictions(rows, scores, part="test")

The run starts on the first call that needs it, and ``with`` finishes it: ``finished`` when the
block ends normally, ``failed`` (with the exception as the reason) when it raises.
"""

import json
import math
import os
import shutil
import subprocess
import tempfile
import warnings

__all__ = ["Run", "MetricBridgeError", "MetricDisagreement", "export_part", "read_csv"]


class MetricBridgeError(RuntimeError):
    """The command line refused: its one-line reason is the message."""


class MetricDisagreement(UserWarning):
    """A metric the tool reported differs from the one MetricBridge computed from the same predictions."""


def _executable(explicit=None):
    found = explicit or os.environ.get("METRICBRIDGE") or shutil.which("metricbridge")
    if not found:
        raise MetricBridgeError("cannot find the metricbridge command: install it, or set METRICBRIDGE")
    return found


def _call(executable, arguments, stdin=None):
    done = subprocess.run([executable] + arguments, input=stdin, capture_output=True)
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        lines = [line for line in reason if line.startswith("metricbridge: ")]
        raise MetricBridgeError((lines[0][len("metricbridge: "):] if lines else "\n".join(reason))
                                or "metricbridge exited with status %d" % done.returncode)
    return done.stdout.decode("utf-8")


def export_part(workspace, dataset_version, part, out, split=None, executable=None):
    """Writes the rows of one part (train, validation, test) of a split as CSV; returns the path."""
    arguments = ["dataset", "export", "--workspace", str(workspace), "--version", str(dataset_version),
                 "--part", part, "--out", str(out)]
    if split is not None:
        arguments += ["--split", str(split)]
    _call(_executable(executable), arguments)
    return out


def read_csv(path):
    """The rows of an exported part as a header list and a list of rows (lists of strings)."""
    import csv
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        return header, list(reader)


class Run:
    """One external run: start, metrics, predictions, artifacts, finish, through the command line.

    Metric points are buffered and sent in one ``log metrics`` call when the buffer holds
    ``flush_every`` points, on ``flush()`` and when the run ends.
    """

    def __init__(self, workspace, project, name, dataset_version, split, target, task=None, tool=None,
                 tool_version=None, tags=None, executable=None, flush_every=100000):
        self.workspace = str(workspace)
        self.project = str(project)
        self.name = name
        self.dataset_version = int(dataset_version)
        self.split = int(split)
        self.targets = [target] if isinstance(target, str) else list(target)
        self.task = task
        self.tool = tool
        self.tool_version = tool_version
        self.tags = list(tags or [])
        self.executable = _executable(executable)
        self.flush_every = flush_every
        self.params = {}
        self.id = None
        self._points = []
        self._ended = False

    # -- starting ----------------------------------------------------------------------------------
    def log_params(self, params):
        """The tool's parameters, kept with the run's config; only before the run has started."""
        if self.id is not None:
            raise MetricBridgeError("run %d has started: log its parameters before anything else" % self.id)
        self.params.update(_jsonable(params))

    def start(self):
        """Starts the run now (the first log call does it otherwise); returns its id."""
        if self.id is not None:
            return self.id
        arguments = ["log", "start", "--workspace", self.workspace, "--project", self.project,
                     "--name", self.name, "--dataset-version", str(self.dataset_version),
                     "--split", str(self.split), "--target", ",".join(self.targets)]
        for option, value in (("--task", self.task), ("--tool", self.tool), ("--tool-version", self.tool_version)):
            if value:
                arguments += [option, str(value)]
        if self.tags:
            arguments += ["--tags", ",".join(self.tags)]
        with tempfile.TemporaryDirectory() as folder:
            if self.params:
                path = os.path.join(folder, "params.json")
                with open(path, "w", encoding="utf-8") as handle:
                    json.dump(self.params, handle, sort_keys=True)
                arguments += ["--config", path]
            self.id = int(_call(self.executable, arguments).strip())
        return self.id

    # -- metrics -----------------------------------------------------------------------------------
    def log_metric(self, name, value, step):
        """One point of the series ``name`` (such as "train/loss") at a whole-number step."""
        self._points.append((int(step), str(name), float(value)))
        if len(self._points) >= self.flush_every:
            self.flush()

    def log_metrics(self, values, step):
        """Several series at one step: ``{"train/loss": 0.4, "validation/loss": 0.5}``."""
        for name, value in values.items():
            self.log_metric(name, value, step)

    def flush(self):
        """Sends the buffered metric points."""
        if not self._points:
            return
        self.start()
        # json.dumps writes NaN and Infinity as Python does, which log metrics reads.
        lines = "".join(json.dumps({"step": s, "name": n, "value": v}) + "\n" for s, n, v in self._points)
        _call(self.executable, ["log", "metrics", "--workspace", self.workspace, "--run", str(self.id)],
              stdin=lines.encode("utf-8"))
        self._points = []

    # -- predictions -------------------------------------------------------------------------------
    def log_predictions(self, rows, scores=None, part="test", predicted=None, probabilities=None,
                        target=None, latency_ms=None, reported_metrics=None):
        """Predictions for every row of one part (`row` numbers as ``export_part`` wrote them).

        ``scores``: binary, the probability of 1; regression, the predicted value.
        ``probabilities``: multiclass, one row of class probabilities per item (predict_proba).
        ``predicted``: optional predicted classes (or values). ``latency_ms``: optional samples.
        ``reported_metrics``: optional, what the tool computed itself ({"roc_auc": 0.91}); the app
        stores it beside its own figures and warns (``MetricDisagreement``) where they differ.
        Returns the stored evaluation (its id, items, the app's own ML metrics and, with
        ``reported_metrics``, each reported value beside the app's).
        """
        self.start()
        target = target or self.targets[0]
        columns = [("row", [int(r) for r in rows])]
        if scores is not None:
            columns.append(("score:" + target, [float(s) for s in scores]))
        if probabilities is not None:
            probabilities = [list(map(float, p)) for p in probabilities]
            for k in range(len(probabilities[0]) if probabilities else 0):
                columns.append(("prob:%s:%d" % (target, k), [p[k] for p in probabilities]))
        if predicted is not None:
            columns.append(("predicted:" + target, [float(p) for p in predicted]))
        return self.log_prediction_columns(columns, part=part, latency_ms=latency_ms,
                                           reported_metrics=reported_metrics)

    def log_prediction_columns(self, columns, part="test", latency_ms=None, reported_metrics=None):
        """Predictions as named columns: [("row", [...]), ("score:quality", [...]), ...]."""
        self.start()
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "predictions.csv")
            with open(path, "w", encoding="utf-8", newline="") as handle:
                handle.write(",".join(name for name, _ in columns) + "\n")
                for values in zip(*(values for _, values in columns)):
                    handle.write(",".join(_number(v) for v in values) + "\n")
            arguments = ["log", "predictions", "--workspace", self.workspace, "--run", str(self.id),
                         "--dataset-version", str(self.dataset_version), "--split", str(self.split),
                         "--part", part, "--file", path, "--json"]
            if latency_ms is not None:
                latency = os.path.join(folder, "latency.txt")
                with open(latency, "w", encoding="utf-8") as handle:
                    handle.write("".join(_number(float(ms)) + "\n" for ms in latency_ms))
                arguments += ["--latency-ms", latency]
            if reported_metrics:
                reported = os.path.join(folder, "reported.json")
                with open(reported, "w", encoding="utf-8") as handle:
                    json.dump({str(k): float(v) for k, v in reported_metrics.items()}, handle)
                arguments += ["--reported", reported]
            evaluation = json.loads(_call(self.executable, arguments))
        for key, compared in evaluation.get("reported_metrics", {}).items():
            if compared.get("agrees") is False:
                warnings.warn("%s: the tool reported %r, MetricBridge computed %r from the same predictions"
                              % (key, compared["reported"], compared["recomputed"]), MetricDisagreement,
                              stacklevel=2)
        return evaluation

    # -- artifacts and the end ---------------------------------------------------------------------
    def log_artifact(self, path, name=None):
        """Stores a file (a pickled model, a report) with the run, addressed by its SHA-256."""
        self.start()
        arguments = ["log", "artifact", "--workspace", self.workspace, "--run", str(self.id), "--file", str(path),
                     "--json"]
        if name:
            arguments += ["--name", name]
        return json.loads(_call(self.executable, arguments))

    def finish(self, status="finished", reason=None):
        """Sends what is buffered and ends the run: finished, or failed with a reason."""
        if self._ended:
            return
        if status == "finished":
            self.flush()
        self.start()
        arguments = ["log", "finish", "--workspace", self.workspace, "--run", str(self.id), "--status", status]
        if reason:
            arguments += ["--reason", str(reason)]
        _call(self.executable, arguments)
        self._ended = True

    def __enter__(self):
        return self

    def __exit__(self, kind, error, trace):
        if kind is None:
            self.finish()
        elif self.id is not None:
            self.finish("failed", "%s: %s" % (kind.__name__, error))
        return False


def _number(value):
    if isinstance(value, int):
        return str(value)
    if math.isnan(value):
        return "nan"
    return repr(float(value))  # the shortest text that reads back as the same double


def _jsonable(params):
    """Parameters as JSON values: what json cannot write (a class, an estimator) becomes its repr."""
    out = {}
    for key, value in dict(params).items():
        try:
            json.dumps(value, allow_nan=False)
            out[str(key)] = value
        except (TypeError, ValueError):
            out[str(key)] = repr(value)
    return out
