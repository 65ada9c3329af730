"""A watched name's hits by document, loaded a page at a time like an entity's linked mentions; new ones marked."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtWidgets import QStyle

from reader.ui.common.safe_text import tip
from reader.ui.entities.mention_delegate import MentionDelegate
from reader.ui.entities.mentions_model import MENTION_ROLE, MentionsModel

NEW_ROLE = Qt.ItemDataRole.UserRole + 41  # True on a hit not seen yet


class WatchHitsModel(MentionsModel):
    """Documents where a watched name was found (those with new hits first) and, under each, the hits with
    their sentence. `show(name_id)` lists a name's hits; the queries run on the runner's query lane."""

    def __init__(self, parent=None) -> None:
        super().__init__("watch", parent)

    @staticmethod
    def count_groups(library, name_id: int, status: str, words: list[str]) -> int:
        return library.watchlists.hit_group_total(name_id)

    @staticmethod
    def list_groups(library, name_id: int, status: str, order: str, current, words, offset: int, limit: int):
        return library.watchlists.hit_groups(name_id, offset, limit)

    @staticmethod
    def list_mentions(library, name_id: int, document_id: int, status: str, offset: int, limit: int):
        return library.watchlists.hits(name_id, document_id=document_id, offset=offset, limit=limit)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.internalId() == 0:
            if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
                info = self._group_of(index).info
                new = f", {info.new} new since you last looked" if info.new else ""
                return tip(f"{info.title}\n{info.published or 'no date'} · {info.mentions} found{new}\n{info.path}")
            return super().data(index, role)
        group = self._group_of(index)
        if group is None or index.row() >= len(group.mentions):
            return None
        hit = group.mentions[index.row()]
        if role == MENTION_ROLE:
            return hit.mention
        if role == NEW_ROLE:
            return hit.new
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.mention.context
        if role == Qt.ItemDataRole.ToolTipRole:
            new = "New since you last looked. " if hit.new else ""
            return tip(f"{new}Open “{hit.mention.document_title}” at “{hit.mention.mention.text}”")
        return None

    def hit_at(self, index: QModelIndex):
        """The WatchHit of a hit row (None on a document row)."""
        group = self._group_of(index)
        if group is None or index.internalId() == 0 or index.row() >= len(group.mentions):
            return None
        return group.mentions[index.row()]


class WatchHitDelegate(MentionDelegate):
    """Draws hits as linked mentions are drawn; a document row says how many hits are new, and a new hit has
    an accent bar at its left."""

    def count_text(self, group) -> str:
        new = getattr(group, "new", 0)
        return f"{group.mentions}  ·  {new} new" if new else f"{group.mentions}"

    def paint(self, painter, option, index) -> None:
        super().paint(painter, option, index)
        if index.data(NEW_ROLE):
            painter.save()
            colour = option.palette.highlight().color()
            if option.state & QStyle.StateFlag.State_Selected:
                colour = option.palette.highlightedText().color()
            painter.fillRect(QRect(option.rect.left(), option.rect.top() + 3, 3, option.rect.height() - 6), colour)
            painter.restore()
