"""How loosely a watched name (or a whole watchlist) is found: case, accents, letters, word order, similarity."""
from __future__ import annotations

from dataclasses import asdict

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QSlider, QVBoxLayout)

from reader.watch_match import MatchOptions
from reader.ui.workbench.cards import STYLE, plain_label

# Each looseness in plain words, with an example of what it finds.
CHOICES = (
    ("ignore_case", "Any case", "“Aliyev” also finds “ALIYEV”"),
    ("fold_diacritics", "Ignore accents", "“Turkiye” also finds “Türkiye”"),
    ("fold_letters", "Ignore transliteration letters", "“Aliyev” also finds “Əliyev”"),
    ("any_order", "Any word order", "“Aliyev Ilham” also finds “Ilham Aliyev”"),
)
LEAST_SIMILARITY = 60


class MatchingDialog(QDialog):
    """Tighten or loosen matching; `changes()` holds what differs from the options it was opened with."""

    def __init__(self, what: str, options: MatchOptions, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Matching")
        self.setStyleSheet(STYLE)
        self.options = options
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.setContentsMargins(16, 14, 16, 12)
        title = plain_label(f"How Reader looks for {what}", "wbRule")
        layout.addWidget(title)
        layout.addWidget(plain_label("Loose matching finds a name however it is written. Tighten it if the"
                                     " name is found where another is meant.", "muted"))
        layout.addSpacing(4)
        self.boxes: dict[str, QCheckBox] = {}
        for field, text, example in CHOICES:
            box = QCheckBox(f"{text}: {example}")
            box.setChecked(bool(getattr(options, field)))
            self.boxes[field] = box
            layout.addWidget(box)
        layout.addSpacing(4)
        layout.addWidget(QLabel("Spelling of long words (five letters or more):"))
        row = QHBoxLayout()
        self.similarity = QSlider(Qt.Orientation.Horizontal)
        self.similarity.setRange(LEAST_SIMILARITY, 100)
        self.similarity.setValue(max(LEAST_SIMILARITY, options.similarity))
        self.similarity.setPageStep(5)
        self.similarity_text = plain_label("", wrap=False)
        self.similarity_text.setMinimumWidth(200)
        self.similarity.valueChanged.connect(self._show_similarity)
        row.addWidget(self.similarity, 1)
        row.addWidget(self.similarity_text)
        layout.addLayout(row)
        self._show_similarity(self.similarity.value())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Apply and look again")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addSpacing(6)
        layout.addWidget(buttons)

    def _show_similarity(self, value: int) -> None:
        self.similarity_text.setText("the same letters only" if value >= 100 else
                                     f"{value}% alike (“Aliev” finds “Aliyev”)" if value <= 90 else f"{value}% alike")

    def chosen(self) -> MatchOptions:
        return MatchOptions(**{**asdict(self.options), **{f: b.isChecked() for f, b in self.boxes.items()},
                               "similarity": self.similarity.value()})

    def changes(self) -> dict:
        before, after = asdict(self.options), asdict(self.chosen())
        return {key: value for key, value in after.items() if before[key] != value}


def describe(options: MatchOptions) -> str:
    """The options in plain words, for a panel's details line."""
    loose = [text.lower() for field, text, _example in CHOICES if getattr(options, field)]
    strict = {"ignore_case": "exact case", "fold_diacritics": "accents kept", "fold_letters": "letters kept",
              "any_order": "words in order"}
    parts = loose + [strict[field] for field, _t, _e in CHOICES if not getattr(options, field)]
    parts.append("exact spelling" if options.similarity >= 100 else f"spellings {options.similarity}% alike")
    return ", ".join(parts)
