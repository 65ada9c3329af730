"""The window's menu bar and toolbar, from the window's actions and those of its features."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu


TITLES = ("&File", "&Edit", "&View", "&Go", "&Notes", "&Tools")


def install_menu_titles(window) -> None:
    """The menu bar's titles alone, while the tools are made (so that the window does not move when they come)."""
    bar = window.menuBar()
    bar.clear()
    for title in TITLES:
        bar.addMenu(title)


def install_menus(window) -> None:
    """The menus (built afresh when a library is attached: the features' actions come with it)."""
    bar = window.menuBar()
    bar.clear()
    notes, tools, corrections, workbench = window.notes, window.insights, window.corrections, window.workbench
    documents = window.documents
    menus = {  # in the order of TITLES
        "&File": [window.import_files_action, window.import_folder_action, None, notes.import_action,
                  window.exporter.action, None, *workbench.file_actions, None, window.quit_action],
        "&Edit": [window.undo_action, window.redo_action, None, corrections.list_action, None,
                  documents.edit_action, documents.unread_action],
        "&View": [*window.zoom_actions, None, window.dim_clutter_action, window.stories.count_once_action,
                  window.theme_menu, None, window.focus_filter_action],
        "&Go": [window.back_action, window.forward_action, window.next_action, window.previous_action,
                window.clear_action],
        "&Notes": [notes.add_action, notes.article_note_action, notes.entity_note_action, None,
                   notes.panel_action, notes.browser_action, notes.review_action, None, window.exporter.action,
                   notes.import_action],
        "&Tools": [tools.find_action, tools.search_action, None, tools.entities_action, tools.graph_action,
                   tools.timeline_action, None, *workbench.tools_actions],
    }
    for title, actions in menus.items():
        menu = bar.addMenu(title)
        for action in actions:
            if action is None:
                menu.addSeparator()
            else:
                menu.addMenu(action) if isinstance(action, QMenu) else menu.addAction(action)


def install_toolbar(window) -> None:
    """The navigation toolbar: Back, Forward, and the two imports."""
    toolbar = window.addToolBar("Navigation")
    toolbar.setObjectName("navigation")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    for action in (window.back_action, window.forward_action, None, window.import_files_action,
                   window.import_folder_action):
        toolbar.addSeparator() if action is None else toolbar.addAction(action)
