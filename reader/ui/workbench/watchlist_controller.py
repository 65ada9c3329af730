"""Watchlists in the window: add a list from a file, counts and new hits after each import, mark seen, tighten
matching; every read and write on the runner."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from reader.ui.common.safe_text import show_message
from reader.ui.reading import Reading
from reader.ui.runner import QUERY, WRITE
from reader.ui.workbench.cards import counted
from reader.ui.workbench.matching_dialog import MatchingDialog
from reader.ui.workbench.watchlist_panel import WatchlistPanel

FILE_FILTER = "Watchlists (*.csv *.tsv *.txt);;All files (*)"
FOLDER_KEY = "watchlists/last_folder"
SHORTCUT = "Ctrl+Shift+W"


class WatchlistController(QObject):
    """Keeps the Watchlist panel in step with the library: after each import it shows the new hits per
    name since the user last looked, and says so in the status bar."""

    def __init__(self, reading: Reading, panel: WatchlistPanel, dock, window: QWidget) -> None:
        super().__init__(window)
        self.reading, self.panel, self.dock, self.window = reading, panel, dock, window
        self.last_dialog = None
        self.new_by_name: dict[int, int] | None = None  # new hits per name at the last refresh
        self.panel_action = QAction("Watchlists", window)
        self.panel_action.setShortcut(QKeySequence(SHORTCUT))
        self.panel_action.setToolTip(f"Your own lists of names, found in every document ({SHORTCUT})")
        self.panel_action.setStatusTip("Your own lists of names, found in every document, with what is new")
        self.panel_action.triggered.connect(self.show)
        window.addAction(self.panel_action)
        self.add_action = QAction("Add watchlist…", window)
        self.add_action.setStatusTip("Follow the names of a file (a name per line, or CSV: name, aliases, type, note)")
        self.add_action.triggered.connect(self.choose_file)
        panel.hits_model.runner = reading.runner
        panel.add_requested.connect(self.choose_file)
        panel.hit_activated.connect(lambda m: reading.open(m.mention.document_id, (m.mention.start, m.mention.end)))
        panel.seen_requested.connect(self.mark_seen)
        panel.matching_requested.connect(self.choose_matching)
        panel.remove_requested.connect(self.confirm_remove)
        reading.changed.connect(self._on_changed)
        self.refresh()

    def show(self) -> None:
        self.window.show_dock(self.dock)
        self.panel.tree.setFocus()
        self.refresh()

    # ---- reading --------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the lists and names with their counts; say what an import brought."""
        self.reading.runner.run(lambda library, job: (library.watchlists.lists(), library.watchlists.names()),
                                QUERY, label="Reading watchlists", key=f"watchlists-{id(self)}",
                                on_done=lambda result: self._on_read(*result))

    def _on_read(self, lists, names) -> None:
        before, self.new_by_name = self.new_by_name, {n.id: n.new for n in names}
        self.panel.set_lists(lists, names)
        new = sum(n.new for n in names)
        self.dock.setWindowTitle(f"Watchlists · {new:,} new" if new else "Watchlists")
        if before is None:
            return
        grown = [n for n in names if n.new > before.get(n.id, 0)]
        if grown:
            grown.sort(key=lambda n: -(n.new - before.get(n.id, 0)))
            first = grown[0]
            more = f", and new mentions of {counted(len(grown) - 1, 'other name')}" if len(grown) > 1 else ""
            self.reading.say(f"Watchlists: {counted(first.new - before.get(first.id, 0), 'new mention')}"
                             f" of {first.name}{more} (Ctrl+Shift+W).")

    def _on_changed(self, change) -> None:
        if (change.documents and not self.reading.importing()) or change.everything:
            self.refresh()  # an import matched the names in its documents (at its end, once)

    # ---- adding ---------------------------------------------------------------------------------

    def choose_file(self) -> None:
        folder = str(self.reading.settings.value(FOLDER_KEY, str(Path.home())))
        path, _ = QFileDialog.getOpenFileName(self.window, "Add watchlist", folder, FILE_FILTER)
        if path:
            self.reading.settings.setValue(FOLDER_KEY, str(Path(path).parent))
            self.add_file(path)

    def add_file(self, path: str) -> None:
        """Add (or refresh) the list of a file and find its names in every document, on the write lane."""
        self.panel.set_busy(f"Looking for the names of {Path(path).name} in every document…")
        self.reading.say(f"Adding watchlist {Path(path).name}…")

        def done(report) -> None:
            w = report.watchlist
            changes = [f"{n} {what}" for n, what in ((report.added, "added"), (report.changed, "changed"),
                                                     (report.removed, "removed")) if n]
            self.reading.say(f"Watchlist “{w.name}”: {counted(w.names, 'name')}"
                             + (f" ({', '.join(changes)})" if changes and report.added != w.names else "")
                             + f", {counted(w.hits, 'mention')} found. Mentions in documents you import"
                               " later are marked new.")
            self.new_by_name = None  # the panel shows what it found; the status bar says what imports bring
            self.show()

        def add(library, job):
            before = {n.id for n in library.watchlists.names()}
            report = library.watchlists.add_file(path, progress=job.progress)
            added = [n.id for n in library.watchlists.names(report.watchlist.id) if n.id not in before]
            if added:  # what a new name is found in now is what the reader looks at now: news come with imports
                library.watchlists.mark_seen(added)
            return report

        self.reading.runner.run(add, WRITE, label="Adding a watchlist", on_done=done, on_failed=self._failed)

    # ---- deciding -----------------------------------------------------------------------------

    def mark_seen(self, chosen) -> None:
        """The hits found so far count as seen: of a name, a list's names, or (None) every name."""
        if chosen is None:
            ids, what = None, "every watched name"
        elif hasattr(chosen, "watchlist_id"):
            ids, what = [chosen.id], chosen.name
        else:
            ids, what = [n.id for n in self.panel.names if n.watchlist_id == chosen.id], f"watchlist “{chosen.name}”"

        def done(_result) -> None:
            self.reading.say(f"Marked the mentions of {what} as seen.")
            self.refresh()

        self.reading.runner.run(lambda library, job: library.watchlists.mark_seen(ids), WRITE,
                                label="Marking as seen", on_done=done, on_failed=self._failed)

    def choose_matching(self, chosen) -> None:
        is_name = hasattr(chosen, "watchlist_id")
        dialog = MatchingDialog(f"“{chosen.name}”" if is_name else f"the names of “{chosen.name}”", chosen.options,
                                self.window)
        self.last_dialog = dialog
        dialog.accepted.connect(lambda: self.set_options(chosen, dialog.changes()))
        dialog.open()

    def set_options(self, chosen, changes: dict) -> None:
        """Tighten or loosen matching of a name or a list; its names are looked for again."""
        if not changes:
            return
        is_name = hasattr(chosen, "watchlist_id")
        self.panel.set_busy(f"Looking for {chosen.name} again…")

        def run(library, job):
            if is_name:
                return library.watchlists.set_options(name=chosen.id, progress=job.progress, **changes)
            return library.watchlists.set_options(watchlist=chosen.id, progress=job.progress, **changes)

        def done(new: int) -> None:
            self.reading.say(f"Matching of {chosen.name} changed; {counted(new, 'new mention')} found.")
            self.refresh()

        self.reading.runner.run(run, WRITE, label="Matching watched names", on_done=done, on_failed=self._failed)

    def confirm_remove(self, watchlist) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, "Remove watchlist",
                          f"Remove the watchlist “{watchlist.name}” and the {counted(watchlist.hits, 'mention')}"
                          " found for it? The file is not touched; adding it again finds them again, as new.",
                          QMessageBox.StandardButton.Cancel, self.window)
        box.setTextFormat(Qt.TextFormat.PlainText)
        remove = box.addButton("Remove", QMessageBox.ButtonRole.DestructiveRole)
        box.buttonClicked.connect(lambda button: button is remove and self.remove(watchlist))
        self.last_dialog = box
        box.open()

    def remove(self, watchlist) -> None:
        self.reading.runner.run(lambda library, job: library.watchlists.remove(watchlist.id), WRITE,
                                label="Removing a watchlist",
                                on_done=lambda _w: (self.reading.say(f"Removed watchlist “{watchlist.name}”."),
                                                    self.refresh()),
                                on_failed=self._failed)

    def _failed(self, message: str) -> None:
        self.refresh()
        self.reading.say("The watchlist was not changed.")
        self.last_dialog = show_message(self.window, QMessageBox.Icon.Warning, "Watchlists", message)
