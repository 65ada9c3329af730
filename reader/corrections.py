"""The user's corrections to entities: merge, rename, relabel, ignore, split, keep apart; review name matches."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader import labels, linking
from reader.errors import NotFound, ReaderError
from reader.models import Entity, Mention
from reader.storage import entities as stored
from reader.surfaces import surface_key

if TYPE_CHECKING:
    from reader.library import Library



@dataclass(frozen=True)
class Correction:
    """One user action, possibly several stored rules, removed (undone) as a whole."""

    id: int
    kind: str
    description: str
    created: str
    rules: tuple[tuple[str, str, str | None], ...]  # (kind, key, value)


class Corrections:
    """Every correction is stored as rules keyed by normalised surface and re-applied on each relink."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.db = library.db

    def _apply(self, rules: list[tuple[str, str, str | None]], description: str) -> Correction:
        from reader.library import now

        with self.db.atomic():  # the rule and the linking it makes are stored together
            batch = stored.add_rules(self.db, rules, description, now())
            self.library.relink()
        return self.get(batch)

    def merge(self, source: Entity, target: Entity) -> Correction:
        if source.id == target.id:
            raise ReaderError(f"cannot merge {source.name!r} into itself")
        return self._apply([("merge", source.key, target.key)], f"Merged “{source.name}” into “{target.name}”")

    def merge_many(self, sources: list[Entity], target: Entity) -> Correction:
        sources = [s for s in sources if s.id != target.id]
        if not sources:
            raise ReaderError("choose at least one entity other than the one to keep")
        names = ", ".join(f"“{s.name}”" for s in sources)
        return self._apply([("merge", s.key, target.key) for s in sources], f"Merged {names} into “{target.name}”")

    def rename(self, entity: Entity, name: str) -> Correction:
        name = " ".join(name.split())
        if not name:
            raise ReaderError("a new name cannot be empty")
        return self._apply([("rename", entity.key, name)], f"Renamed “{entity.name}” to “{name}”")

    def relabel(self, entity: Entity, label: str) -> Correction:
        try:
            label = labels.parse(label)
        except ValueError as error:
            raise ReaderError(str(error)) from None
        return self._apply([("relabel", entity.key, label)], f"Changed “{entity.name}” from {entity.label} to {label}")

    def ignore(self, entity: Entity) -> Correction:
        keys = stored.entity_keys(self.db, entity.id) or [entity.key]
        return self._apply([("ignore", key, None) for key in keys], f"Marked “{entity.name}” as not an entity")

    def split(self, entity: Entity, surface: str) -> Correction:
        key = surface_key(surface)
        if key not in stored.entity_keys(self.db, entity.id):
            names = ", ".join(sorted({s for s, _ in stored.entity_surfaces(self.db, entity.id)}))
            raise ReaderError(f"“{surface}” is not one of the names of “{entity.name}” ({names})")
        if key == entity.key:
            raise ReaderError(f"“{surface}” is the main name of “{entity.name}”; split one of its other names")
        return self._apply([("split", key, None)], f"Split “{surface}” out of “{entity.name}”")

    def keep_apart(self, entity: Entity, surface: str) -> Correction:
        """Never let automatic linking join the name `surface` (one of this entity's names, or another
        entity's) with this entity again; a merge made later still can ("distinct" rule)."""
        key = surface_key(surface)
        if not key or key == entity.key:
            raise ReaderError(f"“{surface}” is the main name of “{entity.name}”; choose another name")
        return self._apply([("distinct", key, entity.key)], f"Kept “{surface}” apart from “{entity.name}”")

    def list(self) -> list[Correction]:
        batches: dict[int, list[stored.StoredRule]] = {}
        for rule in stored.list_rules(self.db):
            batches.setdefault(rule.batch, []).append(rule)
        return [self._correction(batch, rules) for batch, rules in batches.items()]

    def get(self, correction_id: int) -> Correction:
        for correction in self.list():
            if correction.id == correction_id:
                return correction
        raise NotFound(f"no correction {correction_id}")

    def remove(self, correction_id: int) -> Correction:
        """Undo a correction: its rules are deleted and the library relinked without them."""
        correction = self.get(correction_id)
        with self.db.atomic():
            stored.delete_batch(self.db, correction_id)
            self.library.relink()
        return correction

    def rules(self) -> list[linking.Rule]:
        return [linking.Rule(r.kind, r.key, r.value) for r in stored.list_rules(self.db)]

    @staticmethod
    def _correction(batch: int, rules: list[stored.StoredRule]) -> Correction:
        first = rules[0]
        return Correction(batch, first.kind, first.description, first.created,
                          tuple((r.kind, r.key, r.value) for r in rules))

    # ---- name matches ----------------------------------------------------------

    def review(self, mention_id: int, verdict: str) -> Mention:
        """Accept ("accepted"), reject ("rejected") or reopen ("pending") a name match."""
        with self.db.atomic():
            mention = stored.review_mention(self.db, mention_id, verdict)
        if mention is None:
            raise NotFound(f"no name match {mention_id}")
        return mention
