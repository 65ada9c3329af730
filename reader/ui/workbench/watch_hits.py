"""A watched name's hits by document, loaded a page at a time like an entity's linked mentions; new ones marked."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, Qt
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

    def group_tip(self, info) -> str:
        new = f", {info.new} new since you last looked" if info.new else ""
        return tip(f"{info.title}\n{info.published or 'no date'} · {info.mentions} found{new}\n{info.path}")

    def mention_roles(self, hit) -> dict[int, object]:
        mention, new = hit.mention, "New since you last looked. " if hit.new else ""
        where = f"{new}Open “{mention.document_title}” at “{mention.mention.text}”"
        return {MENTION_ROLE: mention, NEW_ROLE: hit.new, Qt.ItemDataRole.DisplayRole: mention.context,
                Qt.ItemDataRole.ToolTipRole: tip(where)}

    def hit_at(self, index: QModelIndex):
        """The WatchHit of a hit row (None on a document row)."""
        group = self._group_of(index)
        if group is None or not index.parent().isValid() or index.row() >= len(group.mentions):
            return None
        return group.mentions[index.row()]


class WatchHitDelegate(MentionDelegate):
    """Draws hits as linked mentions are drawn; a document row says how many hits it has and how many are new,
    and a new hit has an accent bar at its left."""

    def count_text(self, group) -> str:
        new = getattr(group, "new", 0)
        return f"{group.mentions} found · {new} new" if new else f"{group.mentions} found"

    def paint(self, painter, option, index) -> None:
        super().paint(painter, option, index)
        if index.data(NEW_ROLE):
            painter.save()
            colour = option.palette.highlight().color()
            if option.state & QStyle.StateFlag.State_Selected:
                colour = option.palette.highlightedText().color()
            painter.fillRect(QRect(option.rect.left(), option.rect.top() + 3, 3, option.rect.height() - 6), colour)
            painter.restore()
