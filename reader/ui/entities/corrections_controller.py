"""Entity corrections in the window: context menus, drag to merge, review of name matches, undo; each
correction runs on the runner's write lane and comes back as what it changed."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand
from PySide6.QtWidgets import QInputDialog, QMenu, QWidget

from reader.changes import Change
from reader.errors import NotFound
from reader import labels
from reader.labels import LABELS
from reader.models import Entity
from reader.ui import theme
from reader.ui.common.safe_text import menu_text, tip
from reader.ui.common.write_failures import failure_text, read_only_message, show_failure
from reader.ui.common.undo_messages import redone, undone
from reader.ui.entities.entity_picker import CorrectionsDialog, EntityPicker
from reader.ui.reading import Reading
from reader.ui.runner import WRITE

Apply = Callable[[object], object]  # (library) -> Correction, run on the write lane


class CorrectionCommand(QUndoCommand):
    """A correction already applied; undo removes it, redo applies it again."""

    def __init__(self, controller: CorrectionsController, correction, apply: Apply, select_after: int | None,
                 select_before: int | None) -> None:
        super().__init__(correction.description)
        self.controller = controller
        self.correction = correction
        self.apply = apply
        self.select_after, self.select_before = select_after, select_before
        self._first = True

    def redo(self) -> None:
        if self._first:  # it was applied before being pushed
            self._first = False
            return
        self.controller.run(self.apply, redone(self.text()), self.select_after,
                            on_done=lambda correction: setattr(self, "correction", correction))

    def undo(self) -> None:
        correction_id = self.correction.id

        def remove(library):
            try:
                return library.corrections.remove(correction_id)
            except NotFound:  # already removed in the Corrections dialog: nothing left to undo
                return None

        self.controller.run(remove, undone(self.text()), self.select_before)


class ReviewCommand(QUndoCommand):
    """A name match linked or rejected; undo puts it back in review."""

    def __init__(self, controller: CorrectionsController, mention_id: int, verdict: str) -> None:
        super().__init__("Linked a name" if verdict == "accepted" else "Rejected a name")
        self.controller, self.mention_id, self.verdict = controller, mention_id, verdict
        self._first = True

    def redo(self) -> None:
        self.controller.review_now(self.mention_id, self.verdict, "" if self._first else redone(self.text()))
        self._first = False

    def undo(self) -> None:
        self.controller.review_now(self.mention_id, "pending", undone(self.text()))


class CorrectionsController(QObject):
    """Corrections from the article's and the panel's menus, drag and drop, and the review of name matches."""

    def __init__(self, reading: Reading, panel, view, parent: QWidget) -> None:
        super().__init__(parent)
        self.reading = reading
        self.parent_widget = parent
        self.undo_stack = reading.undo_stack
        self.last_dialog = None
        panel.article_view.context_requested.connect(self.show_menu)
        panel.article_view.entity_dropped.connect(self.merge_ids)
        panel.mention_reviewed.connect(self.review)
        view.context_menu_requested.connect(self._on_text_menu)
        self.list_action = QAction("Corrections…", self)
        self.list_action.setShortcut(QKeySequence("Ctrl+Shift+K"))
        self.list_action.setToolTip("Every correction you made; remove one to restore what the machine found")
        self.list_action.triggered.connect(self.show_corrections)
        parent.addAction(self.list_action)

    # ---- menus ---------------------------------------------------------------

    def _entity(self, entity_id: int) -> Entity | None:
        return self.reading.library.entity_by_id(entity_id)

    def show_menu(self, entity_id: int, position: QPoint) -> None:
        menu = QMenu(self.parent_widget)
        self.add_actions(menu, entity_id)
        menu.exec(position)
        menu.deleteLater()

    def _on_text_menu(self, menu: QMenu, shown) -> None:
        if shown is not None and shown.mention.entity_id is not None:
            menu.addSeparator()
            self.add_actions(menu, shown.mention.entity_id, surface=shown.mention.text)

    def add_actions(self, menu: QMenu, entity_id: int, surface: str | None = None) -> None:
        entity = self._entity(entity_id)
        if entity is None:
            return
        menu.addAction(menu_text(f"Show “{entity.name}” across the library"), lambda: self.reading.show_entity(entity_id))
        menu.addAction("Merge into…", lambda: self.choose_merge_target(entity_id))
        menu.addAction("Rename…", lambda: self.ask_rename(entity_id))
        types = menu.addMenu("Change type")
        types.setToolTipsVisible(True)
        for label in LABELS:
            action = types.addAction(labels.name(label), lambda l=label: self.relabel(entity_id, l))
            action.setToolTip(theme.label_description(label))
            action.setCheckable(True)
            action.setChecked(label == entity.label)
        surfaces = [s for s, _ in self.reading.library.entity_surfaces(entity_id)]
        if len(surfaces) > 1:
            split = menu.addMenu("Split name out")
            for name in surfaces:
                split.addAction(menu_text(name), lambda n=name: self.split(entity_id, n))
        menu.addAction("Not an entity", lambda: self.ignore(entity_id))
        if self.reading.library.read_only:  # only "Show … across the library" stays
            for action in menu.actions()[1:]:
                action.setEnabled(False)

    # ---- running corrections -------------------------------------------------------

    def run(self, apply: Apply, done_text: str, select: int | None, on_done=None) -> None:
        """Apply (or undo) a correction on the write lane; the window shows what it changed."""
        def done(correction) -> None:
            if select is not None and select != self.reading.selected_entity:
                self.reading.show_entity(select, reveal=False)  # the article stays where the reader is
            self.reading.say(done_text or (correction.description if correction else ""))
            if on_done is not None:
                on_done(correction)

        self.reading.runner.run(lambda library, job: apply(library), WRITE, label="Correcting",
                                on_done=done, on_failed=self._failed)

    def _failed(self, message: str) -> None:
        """One message: a box saying why in plain words (a full disk names the disk); the status bar says no more."""
        self.reading.say("Correction not made.")
        self.last_dialog = show_failure(self.parent_widget, "Correction not made",
                                        failure_text(message, self.reading.library.path, "The correction"))

    def refused(self) -> bool:
        """In a read-only library: say so, and change nothing."""
        if self.reading.library.read_only:
            self.reading.say(read_only_message(self.reading.library.path))
            return True
        return False

    def _push(self, apply: Apply, select_after: int | None) -> bool:
        if self.refused():
            return False
        if self.reading.importing():  # its linking would overwrite the correction
            self.reading.say("Corrections wait until the import has finished.")
            return False
        before = self.reading.selected_entity

        def pushed(correction) -> None:
            if correction is not None:
                self.undo_stack.push(CorrectionCommand(self, correction, apply, select_after, before))
                self.reading.say(f"{correction.description}. Undo with Ctrl+Z.")

        self.run(apply, "", select_after, on_done=pushed)
        return True

    def merge_ids(self, source_id: int, target_id: int) -> bool:
        source, target = self._entity(source_id), self._entity(target_id)
        if source is None or target is None:
            return False
        return self._push(lambda library: library.corrections.merge(source, target), target_id)

    def merge_many_ids(self, source_ids: list[int], target_id: int) -> bool:
        """Merge several entities into one, as one undoable correction (the entity table)."""
        sources = [e for e in (self._entity(i) for i in source_ids) if e is not None]
        target = self._entity(target_id)
        if target is None or not sources:
            return False
        return self._push(lambda library: library.corrections.merge_many(sources, target), target_id)

    def distinct_ids(self, first_id: int, second_id: int) -> bool:
        """Say two entities are not the same: an undoable correction, respected by every later linking."""
        first, second = self._entity(first_id), self._entity(second_id)
        if first is None or second is None:
            return False
        return self._push(lambda library: library.corrections.distinct(first, second), None)

    def relabel_many_ids(self, entity_ids: list[int], label: str) -> bool:
        """Change the type of several entities as one undoable correction (the entity table); the entities
        are read on the write lane (a selection can be long)."""
        ids = list(entity_ids)
        return bool(ids) and self._push(lambda library: library.corrections.relabel_many(_entities(library, ids),
                                                                                         label), None)

    def ignore_many_ids(self, entity_ids: list[int]) -> bool:
        """Mark several entities as not entities, as one undoable correction (the entity table)."""
        ids = list(entity_ids)
        return bool(ids) and self._push(lambda library: library.corrections.ignore_many(_entities(library, ids)),
                                        None)

    def choose_merge_target(self, entity_id: int) -> None:
        source = self._entity(entity_id)
        picker = EntityPicker(self.reading.runner, "Merge into…",
                              f"Merge “{source.name}” into which entity? Its mentions will become that entity's.",
                              self.parent_widget, exclude={entity_id})
        self.last_dialog = picker
        if picker.exec() and picker.chosen_id() is not None:
            self.merge_ids(entity_id, picker.chosen_id())

    def ask_rename(self, entity_id: int) -> None:
        entity = self._entity(entity_id)
        prompt = tip(f"New name for “{entity.name}”:")  # the label would read a name like <b>x</b> as markup
        name, ok = QInputDialog.getText(self.parent_widget, "Rename entity", prompt, text=entity.name)
        if ok and name.strip() and name.strip() != entity.name:
            self.rename(entity_id, name)

    def rename(self, entity_id: int, name: str) -> bool:
        entity = self._entity(entity_id)
        return self._push(lambda library: library.corrections.rename(entity, name), entity_id)

    def relabel(self, entity_id: int, label: str) -> bool:
        entity = self._entity(entity_id)
        return self._push(lambda library: library.corrections.relabel(entity, label), entity_id)

    def ignore(self, entity_id: int) -> bool:
        entity = self._entity(entity_id)
        return self._push(lambda library: library.corrections.ignore(entity), None)

    def split(self, entity_id: int, surface: str) -> bool:
        entity = self._entity(entity_id)
        return self._push(lambda library: library.corrections.split(entity, surface), entity_id)

    def remove(self, correction_id: int) -> None:
        """Remove a correction (the Corrections dialog); its undo entry stays and does nothing."""
        self.run(lambda library: library.corrections.remove(correction_id), "", None)

    # ---- name matches ------------------------------------------------------------------

    def review(self, mention_id: int, verdict: str) -> None:
        if self.refused():
            return
        self.undo_stack.push(ReviewCommand(self, mention_id, verdict))

    def review_now(self, mention_id: int, verdict: str, done_text: str) -> None:
        def apply(library, job):
            mention = library.corrections.review(mention_id, verdict)
            return Change.of(updated=[mention.document_id], entities=[mention.entity_id], reviewed=[mention_id])

        self.reading.runner.run(apply, WRITE, label="Reviewing",
                                on_done=lambda change: done_text and self.reading.say(done_text),
                                on_failed=self._failed)

    def show_corrections(self) -> None:
        dialog = CorrectionsDialog(self, self.parent_widget)
        self.last_dialog = dialog
        dialog.exec()


def _entities(library, entity_ids: list[int]) -> list[Entity]:
    """The entities of these ids that still exist (read on a lane)."""
    found = library.entities_by_id(entity_ids)
    return [found[i] for i in entity_ids if i in found]
