"""The current image through all three networks side by side, agreement highlighted."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

AGREE = "#1e7e34"


class CompareColumn(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        self.title = QLabel()
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.meta = QLabel()
        self.meta.setWordWrap(True)
        self.meta.setStyleSheet("color: palette(mid);")
        self.rows = QLabel()
        self.rows.setTextFormat(Qt.TextFormat.RichText)
        self.rows.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.rows.setWordWrap(True)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addWidget(self.rows, 1)

    def show_result(self, row: dict, in_all: set[str], top1_agree: bool) -> None:
        self.title.setText(row["display_name"])
        weights = row["weights"]
        untrained = " — UNTRAINED" if weights.untrained else ""
        self.meta.setText(f"{row['latency_ms']:.0f} ms, {row['backend']} on {row['device']}"
                          f"{untrained}")
        lines = []
        for p in row["predictions"]:
            text = f"{p.rank}. {p.label} — {p.probability * 100:.1f}%"
            if p.label in in_all:
                style = f"color: {AGREE}; font-weight: bold" if (p.rank == 1 and top1_agree) \
                    else f"color: {AGREE}"
                text = f"<span style='{style}'>{text}</span>"
            lines.append(text)
        self.rows.setText("<br>".join(lines))


class CompareView(QWidget):
    compare_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.button = QPushButton("Compare the three networks on this image")
        self.button.clicked.connect(self.compare_requested)
        self.summary = QLabel("Drop an image, then compare Inception-v3, Inception-v4 and "
                              "Inception-ResNet-v2 on it.")
        self.summary.setWordWrap(True)
        self.columns = [CompareColumn() for _ in range(3)]
        self.preview = QLabel()
        self.preview.setFixedSize(220, 220)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        grid = QGridLayout()
        grid.addWidget(self.preview, 0, 0, Qt.AlignmentFlag.AlignTop)
        for i, col in enumerate(self.columns):
            grid.addWidget(col, 0, i + 1, Qt.AlignmentFlag.AlignTop)
            grid.setColumnStretch(i + 1, 1)
            col.hide()
        top = QHBoxLayout()
        top.addWidget(self.button)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addLayout(grid)
        layout.addStretch(1)
        self.last_rows: list[dict] = []

    def set_image(self, pixmap) -> None:
        self.preview.setPixmap(pixmap.scaled(self.preview.size(),
                                             Qt.AspectRatioMode.KeepAspectRatio,
                                             Qt.TransformationMode.SmoothTransformation))

    def show_rows(self, rows: list[dict]) -> None:
        self.last_rows = rows
        label_sets = [{p.label for p in r["predictions"]} for r in rows]
        in_all = set.intersection(*label_sets) if label_sets else set()
        top1 = [r["predictions"][0].label for r in rows if r["predictions"]]
        agree = len(set(top1)) == 1 and len(top1) == len(rows)
        for col, row in zip(self.columns, rows, strict=False):
            col.show_result(row, in_all, agree)
            col.show()
        if agree:
            self.summary.setText(f"All three agree: <b>{top1[0]}</b>.")
        else:
            common = Counter(top1).most_common(1)
            self.summary.setText(
                "The networks disagree on the top label" +
                (f"; {common[0][1]} of 3 say <b>{common[0][0]}</b>." if common and
                 common[0][1] > 1 else ".") +
                (f" Labels in every top-5 are green ({len(in_all)})." if in_all else ""))
