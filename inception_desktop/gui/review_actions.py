"""The folder review's actions on the images of its lists: move to a class, remove from
training, keep (not flagged again), Undo, and noticing files changed on disk since the check
(marked, never acted on). The file work and its journal are the core's (training/review.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from inception_desktop.gui.format import error_message
from inception_desktop.gui.i18n import translate, translate_message

ITEM_ROLE = Qt.ItemDataRole.UserRole  # (kind, item id, file relative to the folder)
KINDS = ("label", "duplicate", "outlier")  # the lists, in their tabs' order


def lists() -> tuple[tuple[str, str], ...]:
    """(kind, the tab's title) of each list, in the window's language."""
    return (("label", translate("review_actions", "Suspected label errors")),
            ("duplicate", translate("review_actions", "Duplicates")),
            ("outlier", translate("review_actions", "Outliers")))


class ReviewActionsMixin:
    """Part of ReviewDialog (which provides folder, result, review, grids, tabs, move_box,
    undo_button, banner, current, _fill, _hidden, _say and the bookkeeping sets)."""

    def move_selected(self) -> None:
        chosen = self.current()
        to = self.move_box.currentData()
        if chosen is None or not to:
            return
        self._act(chosen, lambda file, seen: self.review.move_to_class(file, to, seen))

    def remove_selected(self) -> None:
        chosen = self.current()
        if chosen is not None:
            self._act(chosen, lambda file, seen: self.review.exclude(file, seen))

    def keep_selected(self) -> None:
        from inception_desktop.fileio import file_sha256
        from inception_desktop.training.review import keep_key

        chosen = self.current()
        if chosen is None or self.result is None:
            return
        kind, item_id, file = chosen
        root = Path(self.folder)
        if kind == "duplicate":
            files = list(self.result.duplicates[item_id[1]].files)
        else:
            files = [file]

        def keep(_file: str, _seen: Any) -> Any:
            hashes = [file_sha256(root / f) for f in files]
            given = self.result.label_issues[item_id[1]].given if kind == "label" else ""
            return self.review.keep(keep_key(kind, hashes, given), files)

        self._act(chosen, keep, hides={item_id})

    def _act(self, chosen: tuple[str, tuple[Any, ...], str], do: Any,
             hides: set[tuple[Any, ...]] | None = None) -> None:
        from inception_desktop.errors import AppError
        from inception_desktop.training.review import ReviewConflict

        kind, item_id, file = chosen
        entry = self.result.entries.get(file) if self.result is not None else None
        seen = entry.stamp if entry is not None else None
        try:
            action = do(file, seen)
        except ReviewConflict as exc:
            self._changed.add(file)
            self._say(error_message(exc), error=True)
            self._fill()
            return
        except AppError as exc:
            self._say(error_message(exc), error=True)
            return
        except OSError as exc:
            self._say(str(exc), error=True)
            return
        self._hides[action.id] = hides or set()
        row = self.grids[kind].currentRow()
        self._fill()
        self.tabs.setCurrentIndex(KINDS.index(kind))
        grid = self.grids[kind]
        if grid.count():
            grid.setCurrentRow(min(row, grid.count() - 1))
        self._say(translate("review_actions", "Done: {action}. Undo takes it back.").format(
            action=translate_message(action.describe())), ok=True)
        self._update_undo()

    def undo(self) -> None:
        from inception_desktop.errors import AppError

        try:
            action = self.review.undo()
        except AppError as exc:
            self._say(error_message(exc), error=True)
            self._update_undo()
            return
        before = action.id in self._baseline
        self._fill()
        if before:
            text = translate("review_actions", "Undone: {action} (done before this check: "
                             "check again to see it in the lists).")
        else:
            text = translate("review_actions", "Undone: {action}.")
        self._say(text.format(action=translate_message(action.describe())), ok=True)
        self._update_undo()

    def _update_undo(self) -> None:
        history = self.review.history()
        self.undo_button.setEnabled(bool(history))
        if history:
            tip = translate("review_actions", "Undo: {action}").format(
                action=translate_message(history[-1].describe()))
        else:
            tip = translate("review_actions", "Nothing to undo")
        self.undo_button.setToolTip(tip)

    # ------------------------------------------------------------------ the disk

    def check_disk(self) -> list[str]:
        """Files of the lists changed on disk since the check (renamed, edited or deleted
        elsewhere) -> them; they are marked and a line says to check again."""
        from inception_desktop.training.review import FileStamp

        if self.result is None:
            return []
        self.review.refresh()  # another window may have acted
        _, moved = self._hidden()
        changed = []
        for grid in self.grids.values():
            for row in range(grid.count()):
                file = grid.item(row).data(ITEM_ROLE)[2]
                entry = self.result.entries.get(file)
                if entry is None or entry.stamp is None or file in moved:
                    continue
                try:
                    now = FileStamp.of(Path(self.folder) / file)
                except OSError:
                    now = None
                if now != entry.stamp:
                    changed.append(file)
        changed = sorted(set(changed))
        if set(changed) != self._changed or self._effective_ids() != self._filled_with:
            self._changed = set(changed)
            self._fill()
        if changed:
            self.banner.setText(translate(
                "review_actions", "⚠ %n file(s) changed on disk since the check (renamed, "
                "edited or deleted elsewhere): nothing is done to them; Check again to see the "
                "folder as it is.", None, len(changed)))
            self.banner.show()
        else:
            self.banner.hide()
        self._update_undo()
        return changed
