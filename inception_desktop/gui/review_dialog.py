"""Fine-tune ▸ Check this folder: the folder check's three lists (suspected label errors,
duplicates, outliers) as galleries; each image can be moved to a class (the suggested one or
another), removed from training (into an `_excluded` folder beside it, never deleted) or kept
(not flagged again); Undo takes back each action, also after a restart. The file work and its
journal are the core's (training/review.py): this dialog only presents them. The same review
opens on a model's confident mistakes (the fine-tune result, Evaluate)."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inception_desktop.errors import ImageError
from inception_desktop.gui.format import ERROR_TEXT, OK_TEXT, SECONDARY_TEXT, error_message
from inception_desktop.gui.i18n import translate, translate_message
from inception_desktop.gui.review_actions import ITEM_ROLE, KINDS, ReviewActionsMixin, lists
from inception_desktop.gui.widgets import CAPTION_ROLE, ERROR_ROLE, image_grid
from inception_desktop.tasks import TaskState


def inspect_job(state: TaskState, config: Any) -> Any:
    """The check, as the window's work (a plain function on a worker)."""
    from inception_desktop.training.inspection import inspect_folder

    return inspect_folder(config, state)


def _run(controller: Any, key: str, job: Any, *args: Any, **callbacks: Any) -> Any:
    """The controller's one way to run work."""
    return controller.run(key, job, *args, **callbacks)


def _shown(text: str) -> str:
    """A file name for a caption: a line break in it is shown, not obeyed."""
    return "".join(c if c.isprintable() else "↵" if c in "\r\n" else "\ufffd" for c in text)


class ReviewDialog(ReviewActionsMixin, QDialog):
    def __init__(self, controller: Any, folder: str, network: str, preset: Any = None,
                 preset_title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from inception_desktop.training.review import Review

        self.controller = controller
        self.folder = str(folder)
        self.network = network
        self.result = preset  # a FolderInspection (a check, or a model's mistakes)
        self.preset_title = preset_title
        self.review = Review(folder)
        self._baseline = self._effective_ids()  # actions the shown lists already reflect
        self._hides: dict[str, set[tuple[Any, ...]]] = {}  # action id -> items it hides
        self._task: TaskState | None = None
        self._changed: set[str] = set()
        self._filled_with: set[str] = set()  # the actions in effect when the lists were made
        self._closed = False  # work that settles after the dialog closed is dropped
        self.setWindowTitle(translate("review_dialog", "Check {folder}").format(
            folder=Path(folder).name))
        self.resize(920, 640)

        self.heading = QLabel(f"<b>{escape(Path(folder).name)}</b> — {escape(self.folder)}")
        self.heading.setWordWrap(True)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.check_button = QPushButton(translate("review_dialog", "Check again"))
        self.check_button.setToolTip(translate(
            "review_dialog", "Look for label errors, duplicates and outliers again (features "
            "computed before are reused)"))
        self.check_button.clicked.connect(self.start_check)
        self.cancel_button = QPushButton(translate("review_dialog", "Cancel"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel_check)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.banner = QLabel("")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(f"color: {ERROR_TEXT};")
        self.banner.hide()

        self.tabs = QTabWidget()
        self.grids: dict[str, QListWidget] = {}
        for kind, title in lists():
            grid = image_grid()
            grid.setSelectionMode(QListWidget.SelectionMode.SingleSelection)
            grid.currentItemChanged.connect(self._selection_changed)
            self.grids[kind] = grid
            self.tabs.addTab(grid, title)
        self.tabs.currentChanged.connect(self._selection_changed)

        self.detail = QLabel(translate("review_dialog", "Select an image."))
        self.detail.setWordWrap(True)
        self.detail.setStyleSheet(f"color: {SECONDARY_TEXT};")
        self.move_box = QComboBox()
        self.move_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.move_button = QPushButton(translate("review_dialog", "Move to class"))
        self.move_button.setToolTip(translate(
            "review_dialog", "Move the image into the chosen class's folder"))
        self.move_button.clicked.connect(self.move_selected)
        self.remove_button = QPushButton(translate("review_dialog", "Remove from training"))
        self.remove_button.setToolTip(translate(
            "review_dialog", "Move the image into an _excluded folder beside it: training "
            "leaves it out; nothing is deleted"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.keep_button = QPushButton(translate("review_dialog", "Keep"))
        self.keep_button.setToolTip(translate(
            "review_dialog", "It is right as it is: do not flag it again"))
        self.keep_button.clicked.connect(self.keep_selected)
        self.undo_button = QPushButton(translate("review_dialog", "Undo"))
        self.undo_button.clicked.connect(self.undo)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        close = QPushButton(translate("review_dialog", "Close"))
        close.clicked.connect(self.accept)

        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.check_button)
        top.addWidget(self.cancel_button)
        actions = QHBoxLayout()
        actions.addWidget(self.move_box)
        actions.addWidget(self.move_button)
        actions.addWidget(self.remove_button)
        actions.addWidget(self.keep_button)
        actions.addStretch(1)
        actions.addWidget(self.undo_button)
        actions.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.progress)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.detail)
        layout.addLayout(actions)
        layout.addWidget(self.status)

        if preset is not None:
            self.check_button.setText(translate("review_dialog", "Check this folder"))
            self._fill()
        else:
            self.start_check()
        self._update_undo()

    # ------------------------------------------------------------------ checking

    def start_check(self) -> None:
        from inception_desktop.training.inspection import InspectConfig

        s = self.controller.settings
        config = InspectConfig(self.folder, model=self.network,
                               random_weights=self.network in self.controller.untrained_networks,
                               backend=s.backend, device=s.device)
        self.check_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setValue(0)
        self._say(translate("review_dialog", "Checking…"))
        self._task = _run(self.controller, "inspect", inspect_job, config,
                          on_done=self._checked, on_error=self._check_failed,
                          on_progress=self._on_progress, on_cancelled=self._check_failed)

    def cancel_check(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self.cancel_button.setEnabled(False)
            self._say(translate("review_dialog", "Cancelling… (the features computed so far are "
                                "kept)"))

    def _on_progress(self, p: Any) -> None:
        if self._closed:
            return
        if p.total:
            self.progress.setValue(int(1000 * (p.fraction or 0)))
        if p.message:
            message = translate_message(p.message)
            self.summary.setText(message[:1].upper() + message[1:])

    def _settled(self) -> None:
        self._task = None
        self.check_button.setEnabled(True)
        self.check_button.setText(translate("review_dialog", "Check again"))
        self.cancel_button.setEnabled(False)

    def _checked(self, result: Any) -> None:
        if self._closed:
            return
        self._settled()
        self.progress.setValue(1000)
        self.result = result
        self.preset_title = ""
        self.review.refresh()
        self._baseline = self._effective_ids()
        self._hides.clear()
        self._changed.clear()
        self.banner.hide()
        self._fill()
        fields = dict(seconds=f"{result.seconds.get('total', 0):.0f}",
                      computed=result.features_computed, cached=result.features_cached)
        if result.kept_back:
            text = translate(
                "review_dialog", "Checked in {seconds} s; features: {computed} computed, "
                "{cached} cached (%n item(s) you kept are not shown).", None,
                int(result.kept_back))
        else:
            text = translate(
                "review_dialog", "Checked in {seconds} s; features: {computed} computed, "
                "{cached} cached.")
        self._say(text.format(**fields))

    def _check_failed(self, exc: BaseException) -> None:
        from inception_desktop.errors import Cancelled
        from inception_desktop.gui.format import describe_error

        if self._closed:
            return
        self._settled()
        if isinstance(exc, Cancelled):
            self._say(translate("review_dialog", "Cancelled; the features computed so far "
                                "are kept for the next check."))
        else:
            self._say(describe_error(exc), error=True)

    # ------------------------------------------------------------------ the lists

    def _effective_ids(self) -> set[str]:
        return {a.id for a in self.review.history()}

    def _hidden(self) -> tuple[set[tuple[Any, ...]], set[str]]:
        """(items hidden by actions in effect since the lists were made, files moved away
        by them)."""
        history = self.review.history()
        items: set[tuple[Any, ...]] = set()
        moved: set[str] = set()
        for action in history:
            if action.id in self._baseline:
                continue
            items |= self._hides.get(action.id, set())
            moved |= {m.source for m in action.moves}
        return items, moved

    def _fill(self) -> None:
        result = self.result
        for grid in self.grids.values():
            grid.clear()
        if result is None:
            return
        hidden, moved = self._hidden()
        self._filled_with = self._effective_ids()
        files: list[str] = []

        def add(kind: str, item_id: tuple[Any, ...], file: str, caption: str, tip: str,
                error: bool = False) -> None:
            if item_id in hidden or file in moved:
                return
            item = QListWidgetItem(_shown(Path(file).name))
            changed = file in self._changed
            item.setData(CAPTION_ROLE, translate("review_dialog", "⚠ changed on disk") if changed
                         else caption)
            item.setData(ERROR_ROLE, error or changed)
            item.setToolTip(f"{_shown(file)}\n{tip}")
            item.setData(ITEM_ROLE, (kind, item_id, file))
            self.grids[kind].addItem(item)
            files.append(file)

        for i, issue in enumerate(result.label_issues):
            to = f" → {issue.suggested}" if issue.suggested else " → ?"
            if issue.suggested:
                tip = translate("review_dialog", "labelled {given}; looks like {suggested} (score "
                                "{score})").format(given=issue.given, suggested=issue.suggested,
                                                   score=f"{issue.score:.3f}")
            else:
                tip = translate("review_dialog", "labelled {given}; looks like another class "
                                "(score {score})").format(given=issue.given,
                                                          score=f"{issue.score:.3f}")
            add("label", ("label", i), issue.file, f"{issue.given}{to}", tip)
        for g, group in enumerate(result.duplicates):
            visible = [f for f in group.files if f not in moved and
                       ("duplicate", g) not in hidden]
            if len(visible) < 2:
                continue  # a group of one is no duplicate any more
            flags = ", ".join(text for text, on in (
                (translate("review_dialog", "across classes"), group.crosses_classes),
                (translate("review_dialog", "train/val leak"), group.crosses_split)) if on)
            for file in visible:
                entry = result.entries.get(file)
                where = f"{entry.cls}" + (f" · {entry.split}" if result.explicit_split else "") \
                    if entry else ""
                tip = translate("review_dialog", "group {number}: {files} files, similarity "
                                "{similarity}").format(number=g + 1, files=len(group.files),
                                                       similarity=f"{group.similarity:.3f}")
                add("duplicate", ("duplicate", g), file, f"#{g + 1} {where}",
                    tip + (f"; {flags}" if flags else ""), error=bool(flags))
        for i, outlier in enumerate(result.outliers):
            reason = translate_message(outlier.reason)
            add("outlier", ("outlier", i), outlier.file, reason,
                translate("review_dialog", "{reason} (score {score})").format(
                    reason=reason, score=f"{outlier.score:.2f}"),
                error=str(outlier.reason).startswith("unreadable"))
        counts = {kind: self.grids[kind].count() for kind in KINDS}
        groups = {self.grids["duplicate"].item(r).data(ITEM_ROLE)[1]
                  for r in range(self.grids["duplicate"].count())}
        counts["duplicate"] = len(groups)  # groups, not files
        for index, (kind, title) in enumerate(lists()):
            self.tabs.setTabText(index, f"{title} ({counts[kind]})")
        if self.preset_title:
            self.summary.setText(translate(
                "review_dialog", "{title}: %n image(s). Check this folder for duplicates and "
                "outliers too.", None, counts["label"]).format(title=self.preset_title))
        else:
            leaks = sum(result.duplicates[g].crosses_split for _, g in groups)
            fields = dict(
                images=translate("review_dialog", "%n image(s)", None, int(result.images)),
                classes=translate("review_dialog", "%n class(es)", None, len(result.classes)),
                label_errors=translate("review_dialog", "%n suspected label error(s)", None,
                                       counts["label"]),
                duplicates=translate("review_dialog", "%n group(s) of duplicates", None,
                                     counts["duplicate"]),
                outliers=translate("review_dialog", "%n outlier(s)", None, counts["outlier"]))
            if leaks:
                text = translate(
                    "review_dialog", "{images} of {classes}: {label_errors}, {duplicates} "
                    "({leaks} across train/val), {outliers}.").format(
                    leaks=leaks, **fields)
            else:
                text = translate(
                    "review_dialog", "{images} of {classes}: {label_errors}, {duplicates}, "
                    "{outliers}.").format(**fields)
            self.summary.setText(text)
        self._thumbnails(sorted(set(files)))
        self._selection_changed()

    def _thumbnails(self, files: list[str]) -> None:
        from inception_desktop.gui import jobs

        if not files:
            return
        root = Path(self.folder)
        result = self.result

        def show(thumbs: list[tuple[str, Any]]) -> None:
            from inception_desktop.gui.qtutil import pil_to_qpixmap

            if self._closed or self.result is not result:
                return
            icons = {Path(f).resolve(): QIcon(pil_to_qpixmap(img)) for f, img in thumbs}
            for grid in self.grids.values():
                for row in range(grid.count()):
                    item = grid.item(row)
                    icon = icons.get((root / item.data(ITEM_ROLE)[2]).resolve())
                    if icon is not None:
                        item.setIcon(icon)

        _run(self.controller, "review-thumbs", jobs.thumbnails_job,
             [str(root / f) for f in files], on_done=show, ignore=(ImageError,))

    def current(self) -> tuple[str, tuple[Any, ...], str] | None:
        """(kind, item id, file) of the selected image of the shown list."""
        grid = self.tabs.currentWidget()
        item = grid.currentItem() if isinstance(grid, QListWidget) else None
        return None if item is None else item.data(ITEM_ROLE)

    def select(self, kind: str, row: int = 0) -> None:
        """Show a list and select one of its images (tests, links)."""
        self.tabs.setCurrentIndex(KINDS.index(kind))
        self.grids[kind].setCurrentRow(row)

    def _selection_changed(self, *_: Any) -> None:
        chosen = self.current()
        has = chosen is not None and self.result is not None
        for button in (self.move_button, self.remove_button, self.keep_button):
            button.setEnabled(has)
        self.move_box.clear()
        if not has:
            self.detail.setText(translate("review_dialog", "Select an image.")
                                if self.result is not None else "")
            return
        assert chosen is not None and self.result is not None
        kind, item_id, file = chosen
        entry = self.result.entries.get(file)
        own = entry.cls if entry else ""
        suggested = self.result.label_issues[item_id[1]].suggested if kind == "label" else ""
        choices = ([suggested] if suggested else []) + \
            [c for c in self.result.classes if c not in (own, suggested)]
        for c in choices:
            self.move_box.addItem(translate("review_dialog", "{name} (suggested)").format(name=c)
                                  if c == suggested else c, c)
        self.move_button.setEnabled(bool(choices))
        self.keep_button.setText(translate("review_dialog", "Keep the group") if kind == "duplicate"
                                 else translate("review_dialog", "Keep"))
        self.detail.setText(self.grids[kind].currentItem().toolTip().replace("\n", " — "))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.check_disk()
        super().changeEvent(event)

    def reject(self) -> None:  # Escape closes like Close; a running check is cancelled
        self._close_work()
        super().reject()

    def accept(self) -> None:
        self._close_work()
        super().accept()

    def _close_work(self) -> None:
        self.cancel_check()
        self._closed = True

    def _say(self, text: str, error: bool = False, ok: bool = False) -> None:
        self.status.setStyleSheet(f"color: {ERROR_TEXT};" if error else
                                  f"color: {OK_TEXT};" if ok else "")
        self.status.setText(text)


def open_review(parent: QWidget, controller: Any, folder: str, network: str,
                preset: Any = None, preset_title: str = "") -> ReviewDialog | None:
    """Open the review of `folder` (a new check, or `preset`'s list) -> the dialog, or None
    when the folder's review journal cannot be read (said in a message box)."""
    from PySide6.QtWidgets import QMessageBox

    from inception_desktop.errors import AppError

    try:
        dialog = ReviewDialog(controller, folder, network, preset, preset_title, parent)
    except AppError as exc:
        QMessageBox.warning(parent, translate("review_dialog", "Check this folder"),
                            error_message(exc))
        return None
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def finetune_mistakes(report: Any) -> Any:
    """The fine-tuning report's (a FinetuneReport, or its JSON) confident mistakes as a review
    list (None without any)."""
    from inception_desktop.training.inspection import review_of_mistakes

    if not isinstance(report, dict):
        report = report.to_json()
    classes = report.get("classes", [])
    mistakes = [(p["file"], classes[p["true"]], classes[p["predicted"]], p["confidence"])
                for p in report.get("predictions", []) if p["true"] != p["predicted"]]
    if not mistakes or not report.get("data_dir"):
        return None
    return review_of_mistakes(report["data_dir"], mistakes, report.get("model", ""),
                              report.get("base_weights", {}))


def evaluation_mistakes(folder: str, evaluation: Any) -> Any:
    """An evaluation's confident mistakes on a class-folder data set as a review list."""
    from inception_desktop.training.inspection import review_of_mistakes

    mistakes = [(m["file"], m["true"], m["predicted"], m["confidence"])
                for m in evaluation.mistakes]
    return review_of_mistakes(folder, mistakes, evaluation.network, evaluation.weights)
