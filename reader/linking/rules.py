"""The user's rules over the automatic joins, and the entities and assignment they end in."""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from reader.labels import VALUE_LABELS
from reader.linking.state import LinkedEntity, Linking, Rule, State, best_surface, is_value_key, majority, value_key
from reader.surfaces import surface_key


# ---- the user's rules ------------------------------------------------------------------------------


def frozen_keys(state: State, rules: Sequence[Rule]) -> frozenset[str]:
    return frozenset(_rule_key(state, r.key) for r in rules if r.kind in ("ignore", "split"))


def kept_apart(state: State, rules: Sequence[Rule]) -> list[tuple[str, str]]:
    return [(_rule_key(state, r.key), _rule_key(state, r.value)) for r in rules if r.kind == "distinct" and r.value]


def user_merges(state: State, rules: Sequence[Rule]) -> None:
    """The user's merges in order; a later split of either side, or a later distinct rule, cancels one."""
    split_at = {_rule_key(state, r.key): i for i, r in enumerate(rules) if r.kind == "split"}
    apart = [(i, _rule_key(state, r.key), _rule_key(state, r.value))
             for i, r in enumerate(rules) if r.kind == "distinct" and r.value]
    find, moved = state.groups.find, _moved(state)
    for i, rule in enumerate(rules):
        if rule.kind != "merge" or not rule.value:
            continue
        source, target = _rule_key(state, rule.key), _rule_key(state, rule.value)
        if split_at.get(source, -1) > i or split_at.get(target, -1) > i:
            continue
        a, b = find(moved.get(source, source)), find(moved.get(target, target))
        if any(j > i and {find(x), find(y)} == {find(a), find(b)} for j, x, y in apart):
            continue
        state.groups.force(a, b)


def _rule_key(state: State, key: str) -> str:
    return key if key in state.keys or is_value_key(key) else surface_key(key)


def _moved(state: State) -> dict[str, str]:
    """Keys joined to another in every document where they occur -> the key they mostly joined."""
    targets: dict[str, Counter[str]] = defaultdict(Counter)
    for (_, key), target in state.local.items():
        targets[key][target] += 1
    documents = Counter(key for _, key in state.doc_votes)
    return {key: counts.most_common(1)[0][0] for key, counts in targets.items()
            if sum(counts.values()) == documents[key]}


# ---- the result ------------------------------------------------------------------------------------


def entities(state: State, rules: Sequence[Rule]) -> Linking:
    """Entities and the assignment of every (document, key); one label per entity, rules last."""
    ignored = {_rule_key(state, r.key) for r in rules if r.kind == "ignore"}
    find = state.groups.find
    canonical_of = {key: find(key) for key in state.keys if key not in ignored}
    assignment = {place: canonical_of[place[1]] for place in state.doc_votes if place[1] in canonical_of}
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for key, canonical in canonical_of.items():
        votes[canonical].update(state.keys[key].votes)
    members: dict[str, set[str]] = defaultdict(set)
    staying = Counter(state.places_of)  # key -> its documents not joined elsewhere
    for place, target in state.local.items():  # document joins: their votes move with them
        key = place[1]
        if key in canonical_of:
            canonical = assignment[place] = find(target)
            place_votes = state.doc_votes[place]
            votes[canonical_of[key]].subtract(place_votes)
            if place in state.as_label:  # a surname votes person, a club's city organisation
                votes[canonical][state.as_label[place]] += sum(place_votes.values())
            else:
                votes[canonical].update(place_votes)
            members[canonical].add(key)
            staying[key] -= 1
    for key, canonical in canonical_of.items():
        if staying[key] > 0:
            members[canonical].add(key)
    found: dict[str, LinkedEntity] = {}
    for canonical in members:
        entity_votes = {label: n for label, n in votes[canonical].items() if n > 0}
        own = state.keys.get(canonical)
        label = majority(entity_votes, prefer=own.label if own else None)
        if own is not None and own.label != own.model_label:
            label = own.label  # knowledge corrected the model
        if own is not None:
            name = own.best
        else:  # a user merged into, or a text declared, a name with no mention of its own
            name = best_surface(state.declared.get(canonical) or Counter(state.keys[k].best for k in members[canonical]))
        found[canonical] = LinkedEntity(canonical, name, label, tuple(sorted(members[canonical])))
    for (document_id, key), facts in state.values.items():
        if key not in ignored:
            canonical = assignment[(document_id, key)] = value_key(document_id, key)
            value_votes = facts.votes if len(facts.votes) == 1 else \
                {label: n for label, n in facts.votes.items() if label in VALUE_LABELS}
            found[canonical] = LinkedEntity(canonical, best_surface(facts.surfaces), majority(value_votes), (key,))
    moved = _moved(state) if rules else {}
    for rule in rules:
        if rule.kind in ("rename", "relabel") and rule.value:
            key = _rule_key(state, rule.key)
            home = state.groups.find(moved.get(key, key))
            if home in found:
                entity = found[home]
                found[home] = LinkedEntity(entity.key, rule.value if rule.kind == "rename" else entity.name,
                                           rule.value if rule.kind == "relabel" else entity.label, entity.aliases)
    return Linking(entities=found, assignment=assignment)
