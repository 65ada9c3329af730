"""The merge suggestions queue: one suggestion at a time with its evidence; Enter merges, N keeps apart, S skips."""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QGridLayout, QHBoxLayout, QHeaderView, QProgressBar,
                               QPushButton, QSplitter, QStackedWidget, QToolButton, QTreeView, QVBoxLayout,
                               QWidget)

from reader.suggestions import Suggestion
from reader.ui.common.safe_text import menu_text, tip
from reader.ui.entities.entity_panel import swatch
from reader.ui.workbench.cards import STYLE, SentenceCard, centred_column, counted, entity_summary, plain_label

PAIR_ROLE = Qt.ItemDataRole.UserRole + 40
CARD, MESSAGE = 0, 1


def pair_of(suggestion: Suggestion) -> frozenset[str]:
    """What a suggestion is about, the same after the library is relinked: the two names' keys."""
    return frozenset((suggestion.source.key, suggestion.target.key))


def likelihood(confidence: float) -> str:
    """A confidence in plain words, with its figure."""
    words = ("Very likely the same" if confidence >= 0.85 else "Likely the same" if confidence >= 0.7
             else "Possibly the same")
    return f"{words} ({confidence:.0%})"


def together(shared: int) -> str:
    if shared == 0:
        return "Never named in the same document"
    return f"Both named in {counted(shared, 'document')}"


class _Side:
    """One of the two entities: its name, type and counts, and a sentence that names it (placed in a grid
    column, so that the two sides line up)."""

    def __init__(self, caption: str, grid: QGridLayout, column: int) -> None:
        self.caption = plain_label(caption, "sectionHeading")
        self.name = plain_label("", "wbName")
        self.details = plain_label("", "muted")
        self.sentence = SentenceCard()
        for row, widget in enumerate((self.caption, self.name, self.details, self.sentence)):
            grid.addWidget(widget, row, column, Qt.AlignmentFlag.AlignTop)

    def show_entity(self, suggestion: Suggestion, source: bool) -> None:
        entity = suggestion.source if source else suggestion.target
        self.name.setText(entity.name)
        self.details.setText(entity_summary(entity.label, entity.mentions, entity.documents))
        self.sentence.show_mention(suggestion.evidence[0 if source else 1])


class SuggestionQueue(QWidget):
    """The queue (left) and the suggestion being reviewed (right). Keys work wherever the focus is in it:
    Enter merges, N says "not the same", S skips, Up and Down move; the queue moves on by itself."""

    accepted = Signal(object)  # Suggestion: merge its source into its target
    refused = Signal(object)  # Suggestion: the two are not the same
    evidence_activated = Signal(object)  # MentionInContext: open its document there
    refresh_requested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setStyleSheet(STYLE)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.items: list[Suggestion] = []
        self.skipped: set[frozenset[str]] = set()
        self.current: Suggestion | None = None
        self._quiet = False  # the queue moves its own current row: no decision to take

        self.model = QStandardItemModel(self)
        self.list = QTreeView()
        self.list.setModel(self.model)
        self.list.setHeaderHidden(True)
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setFrameShape(QFrame.Shape.NoFrame)
        self.list.selectionModel().currentRowChanged.connect(self._on_row_changed)

        self.count = plain_label("", "muted", wrap=False)
        self.refresh_button = QToolButton()
        self.refresh_button.setText("Look again")
        self.refresh_button.setToolTip("Look for suggestions again (after other changes)")
        self.refresh_button.setAutoRaise(True)
        self.refresh_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.refresh_button.clicked.connect(self.refresh_requested)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(4)
        head = QHBoxLayout()
        head.addWidget(self.count, 1)
        head.addWidget(self.refresh_button)
        left_layout.addLayout(head)
        left_layout.addWidget(self.list, 1)

        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_card())
        self.pages.addWidget(self._build_message())
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 900])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.splitter)
        for widget in (self.list, self.list.viewport()):
            widget.installEventFilter(self)
        self.show_message("Merge suggestions", "Names that may be the same thing will be listed here.")

    def _build_card(self) -> QWidget:
        card = QWidget()
        self.rule = plain_label("", "wbRule")
        self.reason = plain_label("", "muted")
        self.likely = plain_label("", wrap=False)
        self.shared = plain_label("", "muted", wrap=False)
        sides = QGridLayout()
        sides.setHorizontalSpacing(14)
        sides.setVerticalSpacing(3)
        self.source_side, self.target_side = _Side("Merge", sides, 0), _Side("Into", sides, 2)
        for side in (self.source_side, self.target_side):
            side.sentence.activated.connect(self.evidence_activated)
        arrow = plain_label("→", "wbArrow", wrap=False)
        arrow.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.swap_button = QToolButton()
        self.swap_button.setText("⇄")
        self.swap_button.setAutoRaise(True)
        self.swap_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.swap_button.setToolTip("Keep the other name instead")
        self.swap_button.clicked.connect(self.swap)
        sides.addWidget(arrow, 1, 1)
        sides.addWidget(self.swap_button, 2, 1, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        sides.setColumnStretch(0, 1)
        sides.setColumnStretch(2, 1)
        sides.setRowStretch(4, 1)

        self.merge_button = self._button("Merge", "Enter", self.accept_current)
        self.merge_button.setObjectName("wbPrimary")
        self.distinct_button = self._button("Not the same", "N", self.refuse_current)
        self.skip_button = self._button("Skip", "S", self.skip_current)
        keys = plain_label("Enter merges · N: not the same · S skips · ↑ ↓ move · Ctrl+Z undoes", "muted")
        # under the buttons, wrapped: in a narrow window it folds rather than widening the window
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        for button in (self.merge_button, self.distinct_button, self.skip_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        facts = QHBoxLayout()
        facts.setSpacing(16)
        facts.addWidget(self.likely)
        facts.addWidget(self.shared)
        facts.addStretch(1)

        layout = QVBoxLayout(card)
        layout.setContentsMargins(12, 0, 4, 0)
        layout.setSpacing(6)
        layout.addWidget(self.rule)
        layout.addWidget(self.reason)
        layout.addLayout(facts)
        layout.addSpacing(8)
        layout.addLayout(sides, 1)
        layout.addSpacing(8)
        layout.addLayout(buttons)
        layout.addWidget(keys)
        return card

    def _button(self, text: str, key: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys stay with the queue
        button.setToolTip(f"{text} ({key})")
        button.clicked.connect(slot)
        return button

    def _build_message(self) -> QWidget:
        self.message_title = plain_label("", "wbEmptyTitle")
        self.message_text = plain_label("", "muted")
        self.spinner = QProgressBar()
        self.spinner.setRange(0, 0)  # busy, without a known end
        self.spinner.setTextVisible(False)
        self.spinner.setFixedSize(220, 8)
        self.again_button = QPushButton("Show skipped suggestions again")
        self.again_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.again_button.clicked.connect(self.review_skipped)
        return centred_column([self.message_title, self.message_text, self.spinner, self.again_button])

    # ---- what is shown ----------------------------------------------------------------------

    def show_message(self, title: str, text: str, busy: bool = False) -> None:
        self.message_title.setText(title)
        self.message_text.setText(text)
        self.spinner.setVisible(busy)
        self.again_button.setVisible(not busy and bool(self.skipped & {pair_of(s) for s in self.items}))
        self.pages.setCurrentIndex(MESSAGE)

    def show_busy(self) -> None:
        """Suggestions are being looked for: a spinner where there is nothing to review yet."""
        self.count.setText("Looking for suggestions…")
        if not self.items:
            self.show_message("Looking for names that may be the same…",
                              "Comparing every name in the library: spellings, word order, short forms, initials.",
                              busy=True)

    def set_suggestions(self, items: list[Suggestion]) -> None:
        """Show a newly computed queue, staying on the suggestion under review if it is still there."""
        keep = pair_of(self.current) if self.current is not None else None
        self.items = list(items)
        self._fill()
        row = next((n for n, s in enumerate(self.items) if pair_of(s) == keep), None)
        if row is None:
            row = self._next_row(0)
        self._go(row)

    def drop(self, entity_ids: set[int] | None = None, pair: frozenset[str] | None = None) -> None:
        """Take out the suggestions about these entities (merged) or this pair (decided), and move on."""
        def gone(s: Suggestion) -> bool:
            return bool({s.source.id, s.target.id} & (entity_ids or set())) or pair_of(s) == pair

        row = self._row_of_current() or 0
        start = sum(not gone(s) for s in self.items[:row])  # where the next one stands once these are out
        self.items = [s for s in self.items if not gone(s)]
        self.current = None
        self._fill()
        self._go(self._next_row(start))

    def _fill(self) -> None:
        self._quiet = True
        self.model.clear()
        for suggestion in self.items:
            pair = QStandardItem(f"{suggestion.source.name}  →  {suggestion.target.name}")
            pair.setIcon(swatch(suggestion.target.label))
            pair.setData(pair_of(suggestion), PAIR_ROLE)
            figure = QStandardItem(f"{suggestion.confidence:.0%}")
            figure.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.model.appendRow([pair, figure])
            self._style_row(self.model.rowCount() - 1)
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self._quiet = False
        self._show_count()

    def _style_row(self, row: int) -> None:
        """A skipped suggestion is greyed in the queue."""
        suggestion = self.items[row]
        skipped = pair_of(suggestion) in self.skipped
        for column in (0, 1):
            item = self.model.item(row, column)
            item.setToolTip(tip(f"{suggestion.source.name} → {suggestion.target.name}: {suggestion.rule}"
                                + (" (skipped)" if skipped else "")))
            item.setForeground(self.palette().placeholderText() if skipped else self.palette().text())

    def _show_count(self) -> None:
        waiting = sum(pair_of(s) not in self.skipped for s in self.items)
        skipped = len(self.items) - waiting
        if not self.items:
            text = "No suggestions"
        elif not waiting:
            text = f"{skipped:,} skipped"
        else:
            text = f"{counted(waiting, 'suggestion')} to review" + (f", {skipped:,} skipped" if skipped else "")
        self.count.setText(text)

    def _next_row(self, start: int) -> int | None:
        """The first suggestion not skipped, from `start` on (then from the top)."""
        order = list(range(start, len(self.items))) + list(range(0, min(start, len(self.items))))
        return next((n for n in order if pair_of(self.items[n]) not in self.skipped), None)

    def _row_of_current(self) -> int | None:
        if self.current is None:
            return None
        return next((n for n, s in enumerate(self.items) if s is self.current), None)

    def _go(self, row: int | None) -> None:
        if row is None or not 0 <= row < len(self.items):
            self.current = None
            self.list.clearSelection()
            if self.items:
                self.show_message("Every suggestion reviewed",
                                  f"{counted(len(self.items), 'suggestion')} skipped. They stay here until you "
                                  "decide, or look again after more corrections.")
            else:
                self.show_message("No merge suggestions",
                                  "No two names in the library look like the same thing. Reader looks again "
                                  "after each import and correction.")
            return
        self.current = self.items[row]
        self._quiet = True
        self.list.setCurrentIndex(self.model.index(row, 0))
        self._quiet = False
        self.list.scrollTo(self.model.index(row, 0))
        self._show(self.current)

    def _show(self, s: Suggestion) -> None:
        self.rule.setText(s.rule[:1].upper() + s.rule[1:])
        self.reason.setText(s.reason)
        self.likely.setText(likelihood(s.confidence))
        self.shared.setText(together(s.shared_documents))
        self.source_side.show_entity(s, source=True)
        self.target_side.show_entity(s, source=False)
        self.merge_button.setText(menu_text(f"Merge into “{_short(s.target.name)}”"))
        self.merge_button.setToolTip(tip(f"“{s.source.name}” becomes “{s.target.name}” everywhere (Enter)"))
        self.pages.setCurrentIndex(CARD)

    def _on_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._quiet:  # the panel moves the current row itself
            return
        if current.isValid():
            pair = pair_of(self.items[current.row()])
            if pair in self.skipped:  # chosen again: back in the queue
                self.skipped.discard(pair)
                self._style_row(current.row())
                self._show_count()
            self._go(current.row())

    # ---- the reviewer's decisions ----------------------------------------------------------------

    def accept_current(self) -> None:
        if self.current is not None:
            self.accepted.emit(self.current)

    def refuse_current(self) -> None:
        if self.current is not None:
            self.refused.emit(self.current)

    def skip_current(self) -> None:
        if self.current is None:
            return
        row = self._row_of_current() or 0
        self.skipped.add(pair_of(self.current))
        self._style_row(row)
        self._show_count()
        self._go(self._next_row(row + 1))

    def swap(self) -> None:
        """Keep the other name: the suggestion under review merges the other way."""
        if self.current is None:
            return
        s = self.current
        row = self._row_of_current()
        self.items[row] = replace(s, source=s.target, target=s.source, evidence=(s.evidence[1], s.evidence[0]))
        self.current = None
        self._fill()
        self._go(row)

    def review_skipped(self) -> None:
        self.skipped.clear()
        self._fill()
        self._go(self._next_row(0))

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if not self._key(event):
            super().keyPressEvent(event)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        return event.type() == QEvent.Type.KeyPress and self._key(event)

    def _key(self, event) -> bool:
        if event.modifiers() & ~(Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier):
            return False  # Ctrl+Z and the window's other shortcuts pass
        action = {Qt.Key.Key_Return: self.accept_current, Qt.Key.Key_Enter: self.accept_current,
                  Qt.Key.Key_N: self.refuse_current, Qt.Key.Key_S: self.skip_current}.get(Qt.Key(event.key()))
        if action is None:
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and not self.list.hasFocus():
                self.list.setFocus()
                step = 1 if event.key() == Qt.Key.Key_Down else -1
                row = (self._row_of_current() or 0) + step
                if 0 <= row < len(self.items):
                    self.list.setCurrentIndex(self.model.index(row, 0))
                return True
            return False
        action()
        return True


def _short(name: str, most: int = 32) -> str:
    return name if len(name) <= most else name[: most - 1] + "…"
