"""Where fine-tuning runs write, and the window's runs in the data folder: listed with how
each ended and what it reached, removed safely. The command line and the window share these
rules (a default output never replaces an earlier run's model)."""

from __future__ import annotations

import datetime as _dt
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from inception_desktop.errors import OutputError, msg
from inception_desktop.fileio import named
from inception_desktop.paths import data_subdir
from inception_desktop.training.report import FinetuneReport

RUNS = "runs"  # the data folder's sub-folder of the window's runs


@dataclass(frozen=True)
class RunInfo:
    """One run folder of the data folder."""

    name: str  # the folder's name, "<date>-<time>-<model name>"
    path: Path
    bytes: int
    mtime: float
    model: Path | None  # the saved model, if the run saved one
    status: str  # "done", "stopped early", "cancelled", "running or stopped" (no report)
    network: str | None
    val_accuracy: float | None
    train_accuracy: float | None
    classes: int | None

    @property
    def usable(self) -> bool:
        return self.model is not None


def unused_output(out: Path, with_report: bool = True) -> Path:
    """`out`, or the first of out-2, out-3, ... whose model (and default report, when one
    will be written) do not exist yet: a run never replaces an earlier run's model unasked."""
    def taken(p: Path) -> bool:
        return p.exists() or (with_report and p.with_suffix(".json").exists())

    n, candidate = 1, out
    while taken(candidate):
        n += 1
        candidate = out.with_name(f"{out.stem}-{n}{out.suffix}")
    return candidate


def new_run_output(name: str, now: _dt.datetime | None = None) -> Path:
    """Where the window's run of a model named `name` writes its model (its own folder in
    the data folder; the report is written beside it). The folder is made."""
    stamp = (now or _dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    folder = unused_output(data_subdir(RUNS) / f"{stamp}-{name}", with_report=False)
    try:
        folder.mkdir(parents=True, exist_ok=False)
    except OSError as exc:
        raise OutputError(msg("cannot make the run folder {folder} in {parent}: {reason}",
                              folder=folder.name, parent=folder.parent,
                              reason=exc.strerror or str(exc))) from None
    return folder / f"{name}.safetensors"


def _read_report(folder: Path) -> FinetuneReport | None:
    for path in sorted(folder.glob("*.json")):
        try:
            return FinetuneReport.from_json(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            continue  # a damaged or foreign JSON file: the run is listed without it
    return None


def _run_info(folder: Path) -> RunInfo:
    size, newest = 0, folder.stat().st_mtime
    models = []
    for p in folder.rglob("*"):
        try:
            if p.is_file():
                st = p.stat()
                size += st.st_size
                newest = max(newest, st.st_mtime)
                if p.name.endswith(".safetensors"):
                    models.append(p)
        except OSError:
            continue
    report = _read_report(folder)
    model = models[0] if models else None
    if report is not None and report.checkpoint and Path(report.checkpoint).is_file():
        model = Path(report.checkpoint)
    return RunInfo(folder.name, folder, size, newest, model,
                   report.status if report is not None else "running or stopped",
                   report.model if report else None,
                   report.val_accuracy if report else None,
                   report.train_accuracy if report else None,
                   len(report.classes) if report else None)


def list_runs() -> list[RunInfo]:
    """The window's runs, newest first. A run that saved no model and is empty or was
    cancelled (before its first save) is left out: there is nothing to use."""
    root = data_subdir(RUNS)
    try:
        folders = sorted((p for p in root.iterdir() if p.is_dir()), reverse=True)
    except OSError:
        return []
    runs: list[RunInfo] = []
    for folder in folders:
        try:
            info = _run_info(folder)
        except OSError:
            continue  # removed while listing
        if info.model is None and (info.bytes == 0 or info.status == "cancelled"):
            continue  # nothing to use: an empty run, or one cancelled before a save
        runs.append(info)
    return runs


def remove_run(path: str | Path) -> None:
    """Delete one run folder of the data folder (never anything outside it)."""
    folder = Path(path).resolve()
    if folder.parent != data_subdir(RUNS).resolve():
        raise OutputError(msg("{folder} is not a fine-tuning run of the data folder",
                              folder=named(folder)))
    try:
        shutil.rmtree(folder)
    except OSError as exc:
        raise OutputError(msg("cannot remove {folder}: {reason}",
                              folder=named(folder), reason=exc.strerror or str(exc))) from None


def remove_run_if_empty(path: str | Path) -> bool:
    """Delete a run folder of the data folder that kept no model (a run cancelled or stopped
    before its first save: at most its report) -> whether it was removed."""
    folder = Path(path)
    try:
        if any(p.name.endswith(".safetensors") for p in folder.rglob("*")):
            return False
    except OSError:
        return False
    if not folder.is_dir():
        return False
    remove_run(folder)
    return True
