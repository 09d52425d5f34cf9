"""Names across articles: one entity behind many spellings, and the analyst's merge/split calls."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import compress
from operator import attrgetter, not_

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
from annotations.compare.name_parts import Mention, mentions_of, name_of
from annotations.compare.name_reading import name_boundaries
from annotations.detection import collector_paused
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

_ARTICLE = attrgetter("article_id")
_WRITTEN = attrgetter("text", "role")
_START = attrgetter("start")
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


def _entity_from(
    mentions: list[Mention],
    key: str,
    places: frozenset[str] = frozenset(),
    written: Mapping[tuple[str, str, str], int] | None = None,
) -> Entity:
    """The entity of `mentions`; `written` counts them by spelling (text, role, label), when
    the grouping has counted them already."""
    # By article and offset, in two stable sorts on one plain key each: several times faster
    # than one sort on pairs.
    ordered = sorted(mentions, key=_START)
    ordered.sort(key=_ARTICLE)
    # Counted by spelling, then read: a long article repeats its names.
    if written is None:
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
    # Mentions, keys and readings by the hundred thousand and no cycles among them: the
    # collector's passes over them would cost a third of the grouping.
    with collector_paused():
        found = name_boundaries(mentions_of(mentions), texts)
        return _grouped(found, aliases, merges, splits)


def _grouped(
    found: list[Mention],
    aliases: Mapping[str, Sequence[str]],
    merges: Iterable[MergeDecision | tuple[str, str]],
    splits: Iterable[SplitDecision | tuple[str, str]],
) -> list[Entity]:
    forms = forms_of(found, aliases)
    groups = link_forms(forms)
    owners = short_form_owners(forms, groups)
    places = frozenset(f.key for f in forms if f.label == "place")
    components: dict[int, list[int]] = {}
    for i in range(len(forms)):
        components.setdefault(groups.find(i), []).append(i)
    gathered: dict[int, list[Mention]] = {root: [] for root in components}
    # Counted by form, not read again mention by mention: the forms counted their spellings.
    written: dict[int, Counter[tuple[str, str, str]]] = {root: Counter() for root in components}
    owned = {i for i, _ in owners}
    for root, members in components.items():
        for i in members:
            if i not in owned:
                gathered[root].extend(forms[i].mentions)
                written[root].update(forms[i].written)
                continue
            for m in forms[i].mentions:
                owner = owners.get((i, m.article_id))
                into = root if owner is None else groups.find(owner)
                gathered[into].append(m)
                written[into][_SPELLING(m)] += 1
    entities: list[Entity] = []
    for root, members in components.items():
        if not gathered[root]:
            continue
        member_forms = [forms[i] for i in members]
        canonicals = sorted({f.canonical for f in member_forms if f.canonical is not None})
        key = canonicals[0] if canonicals else _fullest_key(member_forms)
        entities.append(_entity_from(gathered[root], key, places, written[root]))
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


class _Roster:
    """The entities in order, each by its rank in it, found by key or by a spelling's key with
    an index rather than by reading every mention: the analyst's decisions apply to entities
    of any size."""

    def __init__(self, entities: list[Entity]) -> None:
        self.ranked = dict(enumerate(entities))
        self.by_key: dict[str, list[int]] = {}
        for rank, entity in self.ranked.items():
            self.by_key.setdefault(entity.key, []).append(rank)
        self.keys: dict[int, frozenset[str]] = {}
        self.by_spelling: dict[str, list[int]] | None = None
        self.last = len(entities) - 1

    def entities(self) -> list[Entity]:
        return list(self.ranked.values())

    def put(self, rank: int | None, entity: Entity) -> None:
        """Put `entity` last, or in the place of the one ranked `rank` (with its key and
        some of its spellings: a part of it)."""
        if self.by_spelling is not None:
            keys = _spelling_keys(entity)
            if rank is None:
                for key in keys:
                    self.by_spelling.setdefault(key, []).append(self.last + 1)
            self.keys[self.last + 1 if rank is None else rank] = keys
        if rank is None:
            rank = self.last = self.last + 1
            self.by_key.setdefault(entity.key, []).append(rank)
        self.ranked[rank] = entity

    def drop(self, rank: int) -> None:
        del self.ranked[rank]

    def rank_of(self, key: str) -> int | None:
        """The first entity with this key, else the first with a spelling of this key."""
        for rank in self.by_key.get(key, ()):
            if rank in self.ranked and self.ranked[rank].key == key:
                return rank
        if self.by_spelling is None:
            self.by_spelling = {}
            for rank, entity in self.ranked.items():
                self.keys[rank] = _spelling_keys(entity)
                for spelt in self.keys[rank]:
                    self.by_spelling.setdefault(spelt, []).append(rank)
        for rank in self.by_spelling.get(key, ()):
            if rank in self.ranked and key in self.keys[rank]:
                return rank
        return None


def _spelling_keys(entity: Entity) -> frozenset[str]:
    return frozenset(
        name_key(name_of(text, role), label)
        for text, role, label in set(map(_SPELLING, entity.mentions))
    )


def _apply_splits(
    entities: list[Entity], splits: Iterable[SplitDecision | tuple[str, str]]
) -> list[Entity]:
    roster = _Roster(entities)
    for split in map(SplitDecision.of, splits):
        rank = next(
            (r for r in roster.by_key.get(split.entity_key, ()) if r in roster.ranked), None
        )
        if rank is None:
            continue
        entity = roster.ranked[rank]
        wanted = split.text.casefold()
        spelt = set(map(_WRITTEN, entity.mentions))
        chosen = {s for s in spelt if wanted in (s[0].casefold(), name_of(*s).casefold())}
        if not chosen or len(chosen) == len(spelt):
            continue
        marks = list(map(chosen.__contains__, map(_WRITTEN, entity.mentions)))
        roster.put(
            rank, _entity_from(list(compress(entity.mentions, map(not_, marks))), entity.key)
        )
        roster.put(None, _entity_from(list(compress(entity.mentions, marks)), split.split_key))
    return roster.entities()


def _apply_merges(
    entities: list[Entity], merges: Iterable[MergeDecision | tuple[str, str]]
) -> list[Entity]:
    roster = _Roster(entities)
    for merge in map(MergeDecision.of, merges):
        a, b = roster.rank_of(merge.key_a), roster.rank_of(merge.key_b)
        if a is None or b is None or a == b:
            continue
        # The merged entity keeps the key the analyst named first, so the decision stays valid.
        first, second = roster.ranked[a], roster.ranked[b]
        roster.drop(a)
        roster.drop(b)
        roster.put(None, _entity_from(first.mentions + second.mentions, first.key))
    return roster.entities()
