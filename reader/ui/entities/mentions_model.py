"""An entity's mentions grouped by document, loaded a page at a time through the runner as they are shown."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel

from reader.models import MentionGroup, MentionInContext
from reader.ui.common.safe_text import tip
from reader.ui.runner import QUERY

MENTION_ROLE = Qt.ItemDataRole.UserRole + 2
GROUP_ROLE = Qt.ItemDataRole.UserRole + 3
CURRENT_ROLE = Qt.ItemDataRole.UserRole + 4  # True on the group of the open document
GROUP_PAGE = 200  # documents fetched at a time (an entity can be in every document of the library)
MENTION_PAGE = 200  # mentions of one document fetched at a time
WAITING = "Loading…"  # what a document shows, opened, until its mentions arrive


@dataclass(eq=False)
class _Group:
    info: MentionGroup
    item: QStandardItem | None  # its row (None once taken out of the list)
    mentions: list[MentionInContext] = field(default_factory=list)
    loading: bool = False

    @property
    def complete(self) -> bool:
        return len(self.mentions) >= self.info.mentions


class MentionsModel(QStandardItemModel):
    """Documents (top level) and, under each, the entity's mentions there with their sentence.

    Nothing is queried on the GUI thread: `show` asks the runner for the first page of documents;
    the view's scrolling fetches more documents, and expanding a document fetches its mentions.
    The rows are Qt's own items, holding their text and object: a tree view lays out every listed row each
    time documents are added, and over items it does so without calling Python (over a Python model it
    called five methods a row: 110 ms for 10,000 documents). So nothing here may override a method the view
    calls for each row (data, flags, hasChildren...): a document whose mentions are not loaded yet has one
    empty row instead (shown as WAITING), which makes it one that opens.
    """

    groups_arrived = Signal(int, int)  # first and last new top-level rows
    loaded = Signal()  # the first page of the current entity arrived (or it has no mentions)

    def __init__(self, status: str = "linked", parent=None) -> None:
        super().__init__(parent)
        self.setColumnCount(1)
        self.status = status
        self.runner = None
        self.entity_id: int | None = None
        self.current_document: int | None = None
        self.order = "document"
        self.words: list[str] = []
        self.total = 0  # documents the filter keeps
        self.groups: list[_Group] = []  # in the order of the rows
        self._generation = 0
        self._fetching = False
        self.ready = True  # the first page for the current settings has arrived
        # Whether the reader has come to the end of the documents listed (the view says): a tree view asks
        # to fetch more on every layout, which would otherwise list every document one page after another.
        self.more_wanted: Callable[[], bool] = lambda: True

    # ---- what is shown -------------------------------------------------------------------------

    def show(self, entity_id: int | None, current_document: int | None = None, order: str | None = None,
             words: list[str] | None = None) -> None:
        """Show an entity's mentions (None: nothing), the current document's first."""
        self.entity_id, self.current_document = entity_id, current_document
        if order is not None:
            self.order = order
        if words is not None:
            self.words = words
        self._generation += 1
        self.groups, self.total, self._fetching = [], 0, False
        self.clear()
        self.setColumnCount(1)
        if entity_id is None or self.runner is None:
            self.ready = True
            self.loaded.emit()
            return
        self.ready = False
        generation, status, order, words = self._generation, self.status, self.order, list(self.words)
        count, groups = self.count_groups, self.list_groups

        def first_page(library, job):
            total = count(library, entity_id, status, words)
            return total, groups(library, entity_id, status, order, current_document, words, 0, GROUP_PAGE)

        self._fetching = True
        self.runner.run(first_page, QUERY, label="Listing mentions", key=f"groups-{id(self)}",
                        on_done=lambda result: self._on_groups(generation, *result))

    def refresh(self) -> None:
        """Show the same entity afresh (after a change touched it)."""
        self.show(self.entity_id, self.current_document)

    def set_current(self, document_id: int | None) -> None:
        """Another article is open: mark its group (the list itself stays where it is)."""
        if document_id != self.current_document:
            before, self.current_document = self.current_document, document_id
            for group in self.groups:
                if group.info.document_id in (before, document_id):
                    self._show_group(group)

    def _on_groups(self, generation: int, total: int | None, groups: list[MentionGroup]) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        if total is not None:
            self.total = total
        if groups:
            first = len(self.groups)
            new = [_Group(info, QStandardItem()) for info in groups]
            for group in new:
                group.item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self._show_group(group)
                if group.info.mentions > 0:  # an empty row (no Python object behind it) that WAITING is drawn on
                    group.item.setColumnCount(1)
                    group.item.setRowCount(1)
            self.groups += new
            self.invisibleRootItem().appendRows([group.item for group in new])
            self.groups_arrived.emit(first, first + len(groups) - 1)
        if not self.ready:
            self.ready = True
            self.loaded.emit()

    def mention_count(self) -> int:
        return sum(g.info.mentions for g in self.groups)

    # ---- the rows' contents (a model of other mentions overrides them) ------------------------------

    def group_tip(self, info: MentionGroup) -> str:
        times = "mention" if info.mentions == 1 else "mentions"
        return tip(f"{info.title}\n{info.published or 'no date'} · {info.mentions} {times}\n{info.path}")

    def mention_roles(self, mention: MentionInContext) -> dict[int, object]:
        """What a mention's row holds, by role (MENTION_ROLE: the MentionInContext it opens)."""
        return {MENTION_ROLE: mention, Qt.ItemDataRole.DisplayRole: mention.context,
                Qt.ItemDataRole.ToolTipRole: tip(f"Open at this mention ({mention.document_title})")}

    def _show_group(self, group: _Group) -> None:
        info, item = group.info, group.item
        here = " (this article)" if info.document_id == self.current_document else ""
        item.setData(f"{info.title}{here} — {info.mentions}", Qt.ItemDataRole.DisplayRole)
        item.setData(info, GROUP_ROLE)
        item.setData(bool(here), CURRENT_ROLE)
        item.setToolTip(self.group_tip(info))

    def _mention_item(self, mention: MentionInContext) -> QStandardItem:
        item = QStandardItem()
        for role, value in self.mention_roles(mention).items():
            item.setData(value, role)
        return item

    # ---- the queries (run on the runner's lane; a model of other mentions overrides them) ----------

    @staticmethod
    def count_groups(library, entity_id: int, status: str, words: list[str]) -> int:
        return library.lists.mention_group_total(entity_id, status, words)

    @staticmethod
    def list_groups(library, entity_id: int, status: str, order: str, current: int | None, words: list[str],
                    offset: int, limit: int) -> list[MentionGroup]:
        return library.lists.mention_groups(entity_id, status, order, current, words, offset, limit)

    @staticmethod
    def list_mentions(library, entity_id: int, document_id: int, status: str, offset: int,
                      limit: int) -> list[MentionInContext]:
        return library.lists.group_mentions(entity_id, document_id, status, offset, limit)

    # ---- fetching more ---------------------------------------------------------------------------

    def has_more(self) -> bool:
        """Documents the filter keeps that are not listed yet."""
        return self.entity_id is not None and len(self.groups) < self.total

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: N802
        if not parent.isValid():
            return self.has_more() and not self._fetching and self.more_wanted()
        group = self._group_of(parent)
        return group is not None and not parent.parent().isValid() and not group.loading and not group.complete

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: N802
        if not self.canFetchMore(parent) or self.runner is None:
            return
        generation, entity_id, status = self._generation, self.entity_id, self.status
        if not parent.isValid():
            self._fetching = True
            offset, order, current, words = len(self.groups), self.order, self.current_document, list(self.words)
            groups = self.list_groups
            self.runner.run(lambda library, job: (None, groups(
                library, entity_id, status, order, current, words, offset, GROUP_PAGE)), QUERY,
                label="Listing mentions", on_done=lambda result: self._on_groups(generation, *result))
            return
        group = self._group_of(parent)
        group.loading = True
        document_id, offset, mentions = group.info.document_id, len(group.mentions), self.list_mentions
        self.runner.run(lambda library, job: mentions(
            library, entity_id, document_id, status, offset, MENTION_PAGE), QUERY, label="Listing mentions",
            on_done=lambda mentions: self._on_mentions(generation, group, mentions))

    def _on_mentions(self, generation: int, group: _Group, mentions: list[MentionInContext]) -> None:
        if generation != self._generation or group.item is None:
            return
        group.loading = False
        waiting = not group.mentions and group.item.rowCount() > 0  # the empty row, replaced now
        if mentions:
            group.mentions += mentions
            group.item.appendRows([self._mention_item(mention) for mention in mentions])
        else:  # fewer than counted: show what is
            group.info = replace(group.info, mentions=len(group.mentions))
            self._show_group(group)
        if waiting:
            group.item.removeRow(0)
        if not group.complete:
            self.fetchMore(group.item.index())  # a document with very many mentions: the rest, page by page

    def take(self, index: QModelIndex) -> MentionInContext | None:
        """Remove one mention row (a reviewed name match) and, if it was the last, its document."""
        group = self._group_of(index)
        if group is None or not index.parent().isValid() or index.row() >= len(group.mentions):
            return None
        row = index.row()
        mention = group.mentions.pop(row)
        group.info = replace(group.info, mentions=group.info.mentions - 1)
        group.item.removeRow(row)
        if group.info.mentions <= 0:
            self.groups.remove(group)
            self.total -= 1
            self.removeRow(group.item.row())
            group.item = None
        else:
            self._show_group(group)
        return mention

    def _group_of(self, index: QModelIndex | QPersistentModelIndex) -> _Group | None:
        if not index.isValid():
            return None
        parent = index.parent()
        row = parent.row() if parent.isValid() else index.row()
        return self.groups[row] if 0 <= row < len(self.groups) else None
