"""Entity corrections in the window: context menus, drag to merge, review of name matches, undo."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox

from reader.labels import LABELS
from reader.errors import NotFound, ReaderError
from reader.models import Entity
from reader.ui import theme
from reader.ui.entity_picker import CorrectionsDialog, EntityPicker
from reader.ui.safe_text import menu_text, show_message, tip


class CorrectionCommand(QUndoCommand):
    """A correction already applied; undo removes it, redo applies it again."""

    def __init__(self, controller: CorrectionsController, correction, apply: Callable, select_after: int | None,
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
        self.correction = self.apply()
        self.controller.refresh(self.select_after)

    def undo(self) -> None:
        try:
            self.controller.corrections.remove(self.correction.id)
        except NotFound:
            pass  # already removed in the Corrections dialog: nothing left to undo
        self.controller.refresh(self.select_before)


class ReviewCommand(QUndoCommand):
    def __init__(self, controller: CorrectionsController, mention_id: int, verdict: str) -> None:
        super().__init__("Link name" if verdict == "accepted" else "Reject name")
        self.controller, self.mention_id, self.verdict = controller, mention_id, verdict

    def redo(self) -> None:
        self.controller.corrections.review(self.mention_id, self.verdict)
        self.controller.refresh(self.controller.window.selected_entity)

    def undo(self) -> None:
        self.controller.corrections.review(self.mention_id, "pending")
        self.controller.refresh(self.controller.window.selected_entity)


class CorrectionsController(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.corrections = window.library.corrections
        self.undo_stack = window.undo_stack
        panel = window.entity_panel
        panel.article_view.context_requested.connect(self.show_menu)
        panel.article_view.entity_dropped.connect(self.merge_ids)
        panel.mention_reviewed.connect(self.review)
        window.article.view.context_menu_requested.connect(self._on_text_menu)

    # ---- menus ---------------------------------------------------------------

    def _entity(self, entity_id: int) -> Entity | None:
        return self.window.library.entity_by_id(entity_id)

    def show_menu(self, entity_id: int, position: QPoint) -> None:
        menu = QMenu(self.window)
        self.add_actions(menu, entity_id)
        menu.exec(position)
        menu.deleteLater()

    def _on_text_menu(self, menu: QMenu, shown) -> None:
        if shown is not None:
            menu.addSeparator()
            self.add_actions(menu, shown.mention.entity_id, surface=shown.mention.text)

    def add_actions(self, menu: QMenu, entity_id: int, surface: str | None = None) -> None:
        entity = self._entity(entity_id)
        if entity is None:
            return
        menu.addAction(menu_text(f"Show “{entity.name}” across the library"), lambda: self.window.show_entity(entity_id))
        menu.addAction("Merge into…", lambda: self.choose_merge_target(entity_id))
        menu.addAction("Rename…", lambda: self.ask_rename(entity_id))
        types = menu.addMenu("Change type")
        for label in LABELS:
            action = types.addAction(f"{theme.label_name(label)} ({label})", lambda l=label: self.relabel(entity_id, l))
            action.setCheckable(True)
            action.setChecked(label == entity.label)
        surfaces = [s for s, _ in self.window.library.entity_surfaces(entity_id)]
        if len(surfaces) > 1:
            split = menu.addMenu("Split name out")
            for name in surfaces:
                split.addAction(menu_text(name), lambda n=name: self.split(entity_id, n))
        menu.addAction("Not an entity", lambda: self.ignore(entity_id))

    # ---- actions -------------------------------------------------------------

    def _run(self, apply: Callable, select_after: int | None) -> bool:
        if self.window.worker is not None:  # its linking would overwrite the correction
            self.window.status_label.setText("Corrections wait until the import has finished.")
            return False
        before = self.window.selected_entity
        try:
            correction = apply()
        except ReaderError as error:
            show_message(self.window, QMessageBox.Icon.Warning, "Correction not made", str(error))
            return False
        self.undo_stack.push(CorrectionCommand(self, correction, apply, select_after, before))
        self.refresh(select_after)
        self.window.status_label.setText(f"{correction.description}. Undo with Ctrl+Z.")
        return True

    def merge_ids(self, source_id: int, target_id: int) -> bool:
        source, target = self._entity(source_id), self._entity(target_id)
        if source is None or target is None:
            return False
        return self._run(lambda: self.corrections.merge(source, target), target_id)

    def merge_many_ids(self, source_ids: list[int], target_id: int) -> bool:
        """Merge several entities into one, as one undoable correction (the entity browser)."""
        sources = [e for e in (self._entity(i) for i in source_ids) if e is not None]
        target = self._entity(target_id)
        if target is None or not sources:
            return False
        return self._run(lambda: self.corrections.merge_many(sources, target), target_id)

    def choose_merge_target(self, entity_id: int) -> None:
        source = self._entity(entity_id)
        picker = EntityPicker(self.window.library.entities(), "Merge into…",
                              f"Merge “{source.name}” into which entity? Its mentions will become that entity's.",
                              self.window, exclude={entity_id})
        self.window.last_dialog = picker
        if picker.exec() and picker.chosen_id() is not None:
            self.merge_ids(entity_id, picker.chosen_id())

    def ask_rename(self, entity_id: int) -> None:
        entity = self._entity(entity_id)
        prompt = tip(f"New name for “{entity.name}”:")  # the label would read a name like <b>x</b> as markup
        name, ok = QInputDialog.getText(self.window, "Rename entity", prompt, text=entity.name)
        if ok and name.strip() and name.strip() != entity.name:
            self.rename(entity_id, name)

    def rename(self, entity_id: int, name: str) -> bool:
        entity = self._entity(entity_id)
        return self._run(lambda: self.corrections.rename(entity, name), entity_id)

    def relabel(self, entity_id: int, label: str) -> bool:
        entity = self._entity(entity_id)
        return self._run(lambda: self.corrections.relabel(entity, label), entity_id)

    def ignore(self, entity_id: int) -> bool:
        entity = self._entity(entity_id)
        return self._run(lambda: self.corrections.ignore(entity), None)

    def split(self, entity_id: int, surface: str) -> bool:
        entity = self._entity(entity_id)
        return self._run(lambda: self.corrections.split(entity, surface), entity_id)

    def review(self, mention_id: int, verdict: str) -> None:
        self.undo_stack.push(ReviewCommand(self, mention_id, verdict))

    def show_corrections(self) -> None:
        dialog = CorrectionsDialog(self.corrections, self.window)
        self.window.last_dialog = dialog
        dialog.exec()
        if dialog.removed:  # their undo entries stay; undoing one that is gone does nothing
            self.refresh(self.window.selected_entity)

    def refresh(self, select: int | None) -> None:
        """Show the library as the corrections left it: highlights, lists and the selected entity."""
        entity = self._entity(select) if select is not None else None
        self.window.reload_after_change(entity.id if entity else None)
