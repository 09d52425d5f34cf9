"""Names across articles: one entity behind many spellings, and the analyst's merge/split calls."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter

from annotations.aliases import BUILTIN_ALIASES
from annotations.compare.name_decisions import MergeDecision, SplitDecision
from annotations.compare.name_keys import name_key, name_skeleton
from annotations.compare.name_links import (
    Form,
    forms_of,
    link_forms,
    names_a_person,
    never_a_person,
    short_form_owners,
)
from annotations.compare.name_parts import Mention, name_boundaries, name_of
from annotations.spans import Span

__all__ = [
    "Entity",
    "MergeDecision",
    "Mention",
    "SplitDecision",
    "group_entities",
    "name_key",
    "name_skeleton",
]

_PLACE = attrgetter("article_id", "start")
_SPELLING = attrgetter("text", "role", "label")

_LABEL_ORDER: Mapping[str, int] = {"person": 0, "place": 1, "org": 2, "group": 3}
"""Which label an entity shows when its mentions are labelled evenly two ways."""


@dataclass(slots=True)
class Entity:
    """One person, organisation, place or group, however the articles spell it."""

    key: str
    """Stable identity: the normalised canonical form (an alias table name, else the fullest)."""

    name: str
    """The spelling to show: the most frequent, the longest on a tie."""

    label: str
    """The most frequent label among the mentions."""

    mentions: list[Mention] = field(default_factory=list)
    """Every occurrence, in article order."""

    @property
    def article_ids(self) -> frozenset[str]:
        """The articles that name this entity."""
        return frozenset(m.article_id for m in self.mentions)

    @property
    def spellings(self) -> tuple[str, ...]:
        """Distinct spellings, most frequent first."""
        return tuple(t for t, _ in Counter(m.name for m in self.mentions).most_common())

    @property
    def roles(self) -> tuple[str, ...]:
        """What the articles call it besides its name ("Actress", "Gov."), most frequent first."""
        written = Counter(m.role.strip(" ,;:'\"") for m in self.mentions)
        return tuple(t for t, _ in written.most_common() if t)


def _entity_from(mentions: list[Mention], key: str, places: frozenset[str] = frozenset()) -> Entity:
    ordered = sorted(mentions, key=_PLACE)
    # Counted by spelling, then read: a long article repeats its names.
    written = Counter(map(_SPELLING, ordered))
    counts: Counter[str] = Counter()
    # A full name is better evidence of what a thing is than a lone word the detector guessed.
    labels: Counter[str] = Counter()
    roles: list[str] = []
    for (text, role, label), times in written.items():
        name = name_of(text, role)
        counts[name] += times
        labels[label] += times * (1 + (" " in name))
        if role:
            roles.append(role)
    name = min(counts, key=lambda t: (-counts[t], -len(t), t))
    label = min(labels, key=lambda lab: (-labels[lab], _LABEL_ORDER.get(lab, 9), lab))
    # The detector calls many people orgs, and some orgs people: their spellings say better.
    if label == "org" and names_a_person(counts, roles, places):
        label = "person"
    elif label == "person" and never_a_person(counts):
        label = "org"
    return Entity(key=key, name=name, label=label, mentions=ordered)


def _fullest_key(forms: Iterable[Form]) -> str:
    return min((f.key for f in forms), key=lambda k: (-len(k.split()), -len(k), k))


def group_entities(
    mentions: Iterable[Mention | tuple[str, Span]],
    *,
    aliases: Mapping[str, Sequence[str]] = BUILTIN_ALIASES,
    merges: Iterable[MergeDecision | tuple[str, str]] = (),
    splits: Iterable[SplitDecision | tuple[str, str]] = (),
    texts: Mapping[str, str] | None = None,
) -> list[Entity]:
    """Group name mentions into entities; the analyst's merges and splits win over the grouping.

    Spans are first read for the names inside them (`name_boundaries`: headlines, roles,
    "X of Place", possessives; `texts`, article id to text, tells headlines apart). Spellings
    join when they normalise to the same key, share an alias table entry, differ only by
    transliteration or spacing, or are an acronym and its one expansion. A short form joins
    the one full name it can mean. A demonym never joins its country, people whose given
    names differ never join, and a person never joins a place.
    A mention is a `Mention` or an (article id, name `Span`) pair.
    """
    found = name_boundaries(
        (raw if isinstance(raw, Mention) else Mention.of(*raw) for raw in mentions), texts
    )
    forms = forms_of(found, aliases)
    groups = link_forms(forms)
    owners = short_form_owners(forms, groups)
    places = frozenset(f.key for f in forms if f.label == "place")
    components: dict[int, list[int]] = {}
    for i in range(len(forms)):
        components.setdefault(groups.find(i), []).append(i)
    gathered: dict[int, list[Mention]] = {root: [] for root in components}
    owned = {i for i, _ in owners}
    for root, members in components.items():
        for i in members:
            if i not in owned:
                gathered[root].extend(forms[i].mentions)
                continue
            for m in forms[i].mentions:
                owner = owners.get((i, m.article_id))
                gathered[root if owner is None else groups.find(owner)].append(m)
    entities: list[Entity] = []
    for root, members in components.items():
        if not gathered[root]:
            continue
        member_forms = [forms[i] for i in members]
        canonicals = sorted({f.canonical for f in member_forms if f.canonical is not None})
        key = canonicals[0] if canonicals else _fullest_key(member_forms)
        entities.append(_entity_from(gathered[root], key, places))
    entities = _apply_splits(entities, splits)
    entities = _apply_merges(entities, merges)
    entities.sort(key=lambda e: (-len(e.mentions), e.key))
    return _unique_keys(entities)


def _unique_keys(entities: list[Entity]) -> list[Entity]:
    """ "Jordan" the person and Jordan the country share a spelling, not a key."""
    seen: Counter[str] = Counter(e.key for e in entities)
    for entity in sorted(entities, key=lambda e: (e.label == "person", e.key)):
        if seen[entity.key] > 1 and entity.label == "person":
            seen[entity.key] -= 1
            entity.key = f"{entity.key}@person"
    return entities


def _apply_splits(
    entities: list[Entity], splits: Iterable[SplitDecision | tuple[str, str]]
) -> list[Entity]:
    for split in map(SplitDecision.of, splits):
        for n, entity in enumerate(entities):
            if entity.key != split.entity_key:
                continue
            wanted = split.text.casefold()
            out = [m for m in entity.mentions if wanted in (m.text.casefold(), m.name.casefold())]
            if not out or len(out) == len(entity.mentions):
                break
            taken = set(out)
            rest = [m for m in entity.mentions if m not in taken]
            entities[n] = _entity_from(rest, entity.key)
            entities.append(_entity_from(out, split.split_key))
            break
    return entities


def _apply_merges(
    entities: list[Entity], merges: Iterable[MergeDecision | tuple[str, str]]
) -> list[Entity]:
    for merge in map(MergeDecision.of, merges):
        a = _find_entity(entities, merge.key_a)
        b = _find_entity(entities, merge.key_b)
        if a is None or b is None or a is b:
            continue
        # The merged entity keeps the key the analyst named first, so the decision stays valid.
        merged = _entity_from(a.mentions + b.mentions, a.key)
        entities = [e for e in entities if e is not a and e is not b] + [merged]
    return entities


def _find_entity(entities: Sequence[Entity], key: str) -> Entity | None:
    for entity in entities:
        if entity.key == key:
            return entity
    for entity in entities:
        if any(name_key(m.name, m.label) == key for m in entity.mentions):
            return entity
    return None
