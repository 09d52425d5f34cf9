"""Names across articles: one entity behind many spellings, and the analyst's merge/split calls."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from annotations.aliases import BUILTIN_ALIASES
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

_PARTICLES = frozenset(
    {
        "al",
        "el",
        "ad",
        "ed",
        "as",
        "es",
        "ar",
        "er",
        "at",
        "et",
        "ash",
        "esh",
        "az",
        "ez",
        "an",
        "en",
        "ul",
        "ud",
        "the",
    }
)
"""Arabic article spellings (and English "the") that come and go between transliterations."""

_TITLES = frozenset(
    {
        "gen",
        "general",
        "lt",
        "col",
        "colonel",
        "maj",
        "major",
        "brig",
        "capt",
        "captain",
        "sgt",
        "president",
        "pres",
        "prime",
        "minister",
        "mr",
        "mrs",
        "ms",
        "dr",
        "sheikh",
        "shaikh",
        "sheik",
        "imam",
        "king",
        "prince",
        "emir",
        "spokesman",
        "spokeswoman",
        "adm",
        "admiral",
    }
)
"""Ranks and offices that precede a person's name in some reports and not in others."""

_PLACE_WORDS = frozenset(
    {"province", "governorate", "city", "town", "region", "district", "village", "area"}
)
"""Trailing generic words: "Deir Ezzor province" is still Deir Ezzor."""

_LABEL_ORDER: Mapping[str, int] = {"person": 0, "place": 1, "org": 2, "group": 3}
"""Which label an entity shows when its mentions are labelled evenly two ways."""

_TOKEN_FOLDS: Mapping[str, str] = {
    "albu": "abu",
    "bou": "abu",
    "abou": "abu",
    "northern": "north",
    "southern": "south",
    "eastern": "east",
    "western": "west",
}
"""Whole-word variants no letter rule catches ("Northern Caucasus" is the North Caucasus)."""

_DEMONYM_ENDINGS = ("i", "n", "an", "ian", "is", "ese", "ish", "ns", "ans", "ians")
"""Suffixes that turn a country into its people: Iraq/Iraqi, Syria/Syrian are different names."""

_APOSTROPHES = re.compile(r"['\u2019\u2018`\u02bc\u02bf\u02be.]")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_ASSIMILATED = re.compile(r"^[ae]([tdrzsnl])\1")
_VOWELS = re.compile(r"[aeiouy]")


def _plain(text: str) -> str:
    """Lowercase, no diacritics, no apostrophes or dots (Da'esh, U.S.)."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _APOSTROPHES.sub("", stripped.casefold())


def _fold_token(token: str) -> str:
    token = _TOKEN_FOLDS.get(token, token)
    # "Ezzor", "Assad": a sun letter doubled after a vowel is the article assimilated (ez-Zor).
    if len(token) >= 5 and _ASSIMILATED.match(token):
        token = token[2:]
    token = token.replace("ei", "e").replace("ee", "i").replace("ou", "u").replace("oo", "u")
    token = token.replace("dh", "z").replace("ph", "f").replace("kh", "k").replace("q", "k")
    return re.sub(r"(.)\1+", r"\1", token)


_PARTICIPLE_TAIL = re.compile(
    r"-(?:held|led|backed|controlled|based|born|owned|allied|aligned|linked|affiliated"
    r"|inspired|occupied|run|sponsored|funded|supported|dominated|friendly)$"
)
"""A participle hyphenated onto a name ("ISIL-held", "U.S.-led") says what the name did: the
entity is the name before it."""


def _tokens(text: str, label: str = "") -> list[str]:
    words = [w for w in _NON_WORD.split(_PARTICIPLE_TAIL.sub("", _plain(text))) if w]
    if label == "person":
        # "Russian Defense Minister Sergei Shoigu" is Sergei Shoigu: drop up to the last title.
        titles = [i for i, w in enumerate(words[:-1]) if w in _TITLES]
        if titles:
            words = words[titles[-1] + 1 :]
    if label == "place":
        while len(words) > 1 and words[-1] in _PLACE_WORDS:
            words = words[:-1]
    kept = [w for i, w in enumerate(words) if not (w in _PARTICLES and i < len(words) - 1)]
    return [_fold_token(w) for w in (kept or words)]


def name_key(text: str, label: str = "") -> str:
    """The normalised form of a name: "Al-Mayadeen" and "al-Mayadin" both give "mayadin"."""
    return " ".join(_tokens(text, label))


def name_skeleton(key: str) -> tuple[str, ...]:
    """Consonants of each word of a key, first letter kept: tolerant of vowel spellings."""
    return tuple(w[0] + re.sub(r"(.)\1+", r"\1", _VOWELS.sub("", w[1:])) for w in key.split())


@dataclass(frozen=True, slots=True)
class Mention:
    """One place a name occurs: in which article, where, and as what."""

    article_id: str
    """The `Article.id` of the article the name occurs in."""

    start: int
    """Index of the first character in the article text."""

    end: int
    """Index one past the last character."""

    text: str
    """The name exactly as the article spells it."""

    label: str
    """The span label: person, org, place or group."""

    @classmethod
    def of(cls, article_id: str, span: Span) -> Mention:
        """The mention of a detected name span."""
        return cls(article_id, span.start, span.end, span.text, span.label)


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
        return tuple(t for t, _ in Counter(m.text for m in self.mentions).most_common())


@dataclass(frozen=True, slots=True)
class MergeDecision:
    """The analyst's call that two entities are one (entity keys, or keys of any spelling)."""

    key_a: str
    """Key of the first entity."""

    key_b: str
    """Key of the second entity."""

    def to_dict(self) -> dict[str, str]:
        """JSON-ready form."""
        return {"key_a": self.key_a, "key_b": self.key_b}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MergeDecision:
        """Read back what `to_dict` wrote."""
        return cls(str(data["key_a"]), str(data["key_b"]))


@dataclass(frozen=True, slots=True)
class SplitDecision:
    """The analyst's call that one spelling inside an entity names something else."""

    entity_key: str
    """Key of the entity the automatic grouping put the spelling in."""

    text: str
    """The spelling to take out; its mentions become an entity of their own."""

    def to_dict(self) -> dict[str, str]:
        """JSON-ready form."""
        return {"entity_key": self.entity_key, "text": self.text}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SplitDecision:
        """Read back what `to_dict` wrote."""
        return cls(str(data["entity_key"]), str(data["text"]))

    @property
    def split_key(self) -> str:
        """Key of the entity the split creates."""
        return f"{self.entity_key}|{name_key(self.text)}"


class _Groups:
    """Union-find over spelling forms."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, i: int) -> int:
        self.parent.setdefault(i, i)
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass(slots=True)
class _Form:
    """All mentions sharing one (label, key)."""

    label: str
    key: str
    skeleton: tuple[str, ...]
    canonical: str | None
    mentions: list[Mention]


def _alias_index(aliases: Mapping[str, Sequence[str]]) -> dict[str, str]:
    index: dict[str, str] = {}
    for canonical, names in aliases.items():
        canonical_key = name_key(canonical)
        for name in (canonical, *names):
            index.setdefault(name_key(name), canonical_key)
    return index


def _canonical(key: str, label: str, index: Mapping[str, str]) -> str | None:
    if key in index:
        return index[key]
    if label not in ("org", "group"):
        return None
    # "Britain-based Syrian Observatory for Human Rights": a long alias inside an org's name.
    padded = f" {key} "
    best: str | None = None
    best_len = 0
    for alias_key, canonical in index.items():
        if " " in alias_key and len(alias_key) > best_len and f" {alias_key} " in padded:
            best, best_len = canonical, len(alias_key)
    return best


def _is_demonym_pair(a: str, b: str) -> bool:
    short, long_ = sorted((a, b), key=len)
    return long_.startswith(short) and long_[len(short) :] in _DEMONYM_ENDINGS


def _family(label: str) -> str:
    """Labels that may name the same thing: the detector often calls a place an org at the
    start of a sentence ("Mayadeen is ..."), but a person is never a place or a group."""
    return "person" if label == "person" else "thing"


def _spellings_agree(a: _Form, b: _Form) -> bool:
    """Same name in another transliteration: same consonant skeleton, close spelling, guards."""
    if _family(a.label) != _family(b.label) or a.skeleton != b.skeleton:
        return False
    if min(len(a.key), len(b.key)) <= 3:
        return False  # acronyms (IS, US) only by exact key or alias
    if _is_demonym_pair(a.key, b.key):
        return False
    if any(_is_demonym_pair(x, y) for x, y in zip(a.key.split(), b.key.split(), strict=True)):
        return False
    return fuzz.ratio(a.key, b.key) >= 70


def _entity_from(mentions: list[Mention], key: str) -> Entity:
    ordered = sorted(mentions, key=lambda m: (m.article_id, m.start))
    counts = Counter(m.text for m in ordered)
    name = min(counts, key=lambda t: (-counts[t], -len(t), t))
    labels = Counter(m.label for m in ordered)
    label = min(labels, key=lambda lab: (-labels[lab], _LABEL_ORDER.get(lab, 9), lab))
    return Entity(key=key, name=name, label=label, mentions=ordered)


def _fullest_key(forms: Iterable[_Form]) -> str:
    return min((f.key for f in forms), key=lambda k: (-len(k.split()), -len(k), k))


def group_entities(
    mentions: Iterable[Mention | tuple[str, Span]],
    *,
    aliases: Mapping[str, Sequence[str]] = BUILTIN_ALIASES,
    merges: Iterable[MergeDecision | tuple[str, str]] = (),
    splits: Iterable[SplitDecision | tuple[str, str]] = (),
) -> list[Entity]:
    """Group name mentions into entities; the analyst's merges and splits win over the grouping.

    Spellings join when they normalise to the same key, share an alias table entry, or differ
    only by transliteration (same consonant skeleton and a close fuzzy ratio). A lone surname
    joins the one full name of a person that ends with it. A demonym never joins its country,
    people whose given names differ never join, and a person never joins a place.
    A mention is a `Mention` or an (article id, name `Span`) pair.
    """
    index = _alias_index(aliases)
    forms: list[_Form] = []
    by_form: dict[tuple[str, str], _Form] = {}
    keys: dict[tuple[str, str], str] = {}
    for raw in mentions:
        mention = raw if isinstance(raw, Mention) else Mention.of(*raw)
        key = keys.get((mention.text, mention.label))
        if key is None:
            key = keys[(mention.text, mention.label)] = name_key(mention.text, mention.label)
        found = by_form.get((mention.label, key))
        if found is None:
            canonical = _canonical(key, mention.label, index)
            found = _Form(mention.label, key, name_skeleton(key), canonical, [])
            by_form[(mention.label, key)] = found
            forms.append(found)
        found.mentions.append(mention)

    groups = _Groups()
    by_key: dict[tuple[str, str], list[int]] = {}
    by_canonical: dict[tuple[str, str], list[int]] = {}
    by_skeleton: dict[tuple[str, ...], list[int]] = {}
    for i, form in enumerate(forms):
        by_key.setdefault((_family(form.label), form.key), []).append(i)
        if form.canonical is not None:
            by_canonical.setdefault((_family(form.label), form.canonical), []).append(i)
        by_skeleton.setdefault(form.skeleton, []).append(i)
    for members in (*by_key.values(), *by_canonical.values()):
        for i in members[1:]:
            groups.union(members[0], i)
    for members in by_skeleton.values():
        for n, i in enumerate(members):
            for j in members[n + 1 :]:
                if _spellings_agree(forms[i], forms[j]):
                    groups.union(i, j)
    _join_surnames(forms, groups)

    components: dict[int, list[int]] = {}
    for i in range(len(forms)):
        components.setdefault(groups.find(i), []).append(i)
    entities: list[Entity] = []
    for members in components.values():
        member_forms = [forms[i] for i in members]
        canonicals = sorted({f.canonical for f in member_forms if f.canonical is not None})
        key = canonicals[0] if canonicals else _fullest_key(member_forms)
        entities.append(_entity_from([m for f in member_forms for m in f.mentions], key))
    entities = _apply_splits(entities, splits)
    entities = _apply_merges(entities, merges)
    entities.sort(key=lambda e: (-len(e.mentions), e.key))
    return _unique_keys(entities)


def _unique_keys(entities: list[Entity]) -> list[Entity]:
    """ "Jordan" the person and Jordan the country share a spelling, not a key."""
    seen: Counter[str] = Counter(e.key for e in entities)
    for entity in sorted(entities, key=lambda e: (_family(e.label) == "person", e.key)):
        if seen[entity.key] > 1 and _family(entity.label) == "person":
            seen[entity.key] -= 1
            entity.key = f"{entity.key}@person"
    return entities


def _join_surnames(forms: list[_Form], groups: _Groups) -> None:
    """ "Konashenkov" joins "Igor Konashenkov" when exactly one person's full name ends so."""
    surnames: dict[int, list[str]] = {}
    for i, form in enumerate(forms):
        if form.label == "person" and len(form.skeleton) > 1:
            surnames.setdefault(groups.find(i), []).append(form.key.split()[-1])
    for i, form in enumerate(forms):
        # Detectors often call a lone surname an org; it still names the person.
        if form.label not in ("person", "org") or len(form.skeleton) != 1 or len(form.key) <= 3:
            continue
        people = {
            root
            for root, names in surnames.items()
            if any(
                name_skeleton(s) == form.skeleton and fuzz.ratio(form.key, s) >= 80 for s in names
            )
        }
        if len(people) == 1:
            groups.union(i, people.pop())


def _apply_splits(
    entities: list[Entity], splits: Iterable[SplitDecision | tuple[str, str]]
) -> list[Entity]:
    for raw in splits:
        split = raw if isinstance(raw, SplitDecision) else SplitDecision(*raw)
        for n, entity in enumerate(entities):
            if entity.key != split.entity_key:
                continue
            wanted = split.text.casefold()
            out = [m for m in entity.mentions if m.text.casefold() == wanted]
            if not out or len(out) == len(entity.mentions):
                break
            rest = [m for m in entity.mentions if m.text.casefold() != wanted]
            entities[n] = _entity_from(rest, entity.key)
            entities.append(_entity_from(out, split.split_key))
            break
    return entities


def _apply_merges(
    entities: list[Entity], merges: Iterable[MergeDecision | tuple[str, str]]
) -> list[Entity]:
    for raw in merges:
        merge = raw if isinstance(raw, MergeDecision) else MergeDecision(*raw)
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
        if any(name_key(m.text, m.label) == key for m in entity.mentions):
            return entity
    return None
