"""The user's corrections to entities: merge, rename, relabel, ignore, split, distinct; review name matches."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reader import labels, linking, rules_file
from reader.changes import Change
from reader.errors import NotFound, ReaderError
from reader.models import Entity, Mention
from reader.storage import entities as stored
from reader.surfaces import surface_key
from reader.timestamps import now

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

    @property
    def change(self) -> Change:
        """What applying or removing it changed: the rules, and any entity (the library is relinked)."""
        return Change.of(entities=None, rules=True)


class Corrections:
    """Every correction is stored as rules keyed by normalised surface and re-applied on each relink."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.db = library.db

    def _apply(self, rules: list[tuple[str, str, str | None]], description: str) -> Correction:
        with self.db.write():  # the rule and the linking it makes are stored together
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
        return self._apply([("relabel", entity.key, label)], f"Changed “{entity.name}” from {labels.name(entity.label)} to {labels.name(label)}")

    def relabel_many(self, entities: list[Entity], label: str) -> Correction:
        """Change the type of several entities in one correction (one undo)."""
        try:
            label = labels.parse(label)
        except ValueError as error:
            raise ReaderError(str(error)) from None
        entities = _distinct_entities(entities)
        if not entities:
            raise ReaderError("choose at least one entity to change")
        return self._apply([("relabel", e.key, label) for e in entities],
                           f"Changed {_names(entities)} to {labels.name(label)}")

    def ignore(self, entity: Entity) -> Correction:
        return self.ignore_many([entity])

    def ignore_many(self, entities: list[Entity]) -> Correction:
        """Mark several entities as not entities in one correction (one undo)."""
        entities = _distinct_entities(entities)
        if not entities:
            raise ReaderError("choose at least one entity to mark as not an entity")
        rules = [("ignore", key, None) for e in entities for key in (stored.entity_keys(self.db, e.id) or [e.key])]
        return self._apply(rules, f"Marked {_names(entities)} as not an entity")

    def distinct(self, a: Entity | str, b: Entity | str) -> Correction:
        """Say two names are not the same: never suggested together, never linked together again.

        `a` and `b` are entities or names as written; the rule holds their keys, so it carries
        over to re-analysis and to other libraries.
        """
        key_a, key_b = _key_of(a), _key_of(b)
        if not key_a or not key_b:
            raise ReaderError("give two names to keep apart")
        if key_a == key_b:
            raise ReaderError(f"“{_name_of(a)}” and “{_name_of(b)}” are the same name")
        for correction in self.list():
            if any(kind == "distinct" and {key, value} == {key_a, key_b} for kind, key, value in correction.rules):
                return correction
        return self._apply([("distinct", key_a, key_b)], f"Marked “{_name_of(a)}” and “{_name_of(b)}” as not the same")

    def split(self, entity: Entity, surface: str) -> Correction:
        key = surface_key(surface)
        if key not in stored.entity_keys(self.db, entity.id):
            names = ", ".join(sorted({s for s, _ in stored.entity_surfaces(self.db, entity.id)}))
            raise ReaderError(f"“{surface}” is not one of the names of “{entity.name}” ({names})")
        if key == entity.key:
            raise ReaderError(f"“{surface}” is the main name of “{entity.name}”; split one of its other names")
        return self._apply([("split", key, None)], f"Split “{surface}” out of “{entity.name}”")

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
        with self.db.write():
            stored.delete_batch(self.db, correction_id)
            self.library.relink()
        return correction

    def rules(self) -> list[linking.Rule]:
        return [linking.Rule(r.kind, r.key, r.value) for r in stored.list_rules(self.db)]

    # ---- decisions travel ----------------------------------------------------------

    def export_rules(self, path: str | Path) -> int:
        """Write every correction to a JSON file (atomically); returns how many corrections."""
        corrections = self.list()
        rules_file.write(Path(path), [
            rules_file.Decision(c.description, c.created, c.rules) for c in corrections
        ])
        return len(corrections)

    def import_rules(self, path: str | Path) -> rules_file.RulesImport:
        """Add the corrections of a rules file that this library does not have yet, then relink once.

        The rules are stored like the user's own: undoable, listed, and applied after every import.
        """
        path = Path(path)
        decisions = rules_file.read(path, labels.LABELS)

        have = {(r.kind, r.key, r.value) for r in stored.list_rules(self.db)}
        added: list[int] = []
        rules = skipped = 0
        with self.db.write():  # all of the file or nothing, and one relink
            for decision in decisions:
                new = [rule for rule in decision.rules if rule not in have]
                skipped += len(decision.rules) - len(new)
                if not new:
                    continue
                added.append(stored.add_rules(self.db, new, decision.description, decision.created or now()))
                have.update(new)
                rules += len(new)
            if added:
                self.library.relink()
        return rules_file.RulesImport(str(path), len(added), rules, skipped, tuple(added))

    @staticmethod
    def _correction(batch: int, rules: list[stored.StoredRule]) -> Correction:
        first = rules[0]
        return Correction(batch, first.kind, first.description, first.created,
                          tuple((r.kind, r.key, r.value) for r in rules))

    # ---- name matches ----------------------------------------------------------

    def review(self, mention_id: int, verdict: str) -> Mention:
        """Accept ("accepted"), reject ("rejected") or reopen ("pending") a name match."""
        with self.db.write():
            mention = stored.review_mention(self.db, mention_id, verdict)
        if mention is None:
            raise NotFound(f"no name match {mention_id}")
        return mention


def _distinct_entities(entities: list[Entity]) -> list[Entity]:
    return list({e.id: e for e in entities}.values())


def _names(entities: list[Entity]) -> str:
    shown = ", ".join(f"“{e.name}”" for e in entities[:5])
    return shown + (f" and {len(entities) - 5} more" if len(entities) > 5 else "")


def _key_of(entity: Entity | str) -> str:
    return entity.key if isinstance(entity, Entity) else surface_key(entity)


def _name_of(entity: Entity | str) -> str:
    return entity.name if isinstance(entity, Entity) else " ".join(entity.split())
