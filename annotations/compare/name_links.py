"""Which spellings name one thing: the rules that link name forms across the open articles.

Every rule looks forms up in an index (key, skeleton, initials, word prefixes and suffixes), so
linking stays close to linear in the number of distinct spellings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import count
from operator import attrgetter
from typing import Any

from rapidfuzz import fuzz

from annotations.compare.name_keys import (
    ACRONYM_SKIPS,
    DESIGNATORS,
    TITLES,
    acronym_of,
    compact_key,
    initials,
    name_key,
    name_skeleton,
    plain,
)
from annotations.compare.name_parts import Mention, first_names, folded_list, name_of

__all__ = [
    "Form",
    "Groups",
    "forms_of",
    "link_forms",
    "names_a_person",
    "never_a_person",
    "short_form_owners",
]

_DEMONYM_ENDINGS = ("i", "n", "an", "ian", "is", "ese", "ish", "ns", "ans", "ians")
"""Suffixes that turn a country into its people: Iraq/Iraqi, Syria/Syrian are different names."""


@cache
def _gazetteer() -> frozenset[str]:
    """Places known by their short name: "Sudan" never means South Sudan, "Carolina" is no
    state. Read on first use, not when the module loads."""
    return folded_list("place_keys.txt")


_PLACED = attrgetter("article_id", "text", "role", "label")


class Groups:
    """Union-find over name forms."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass(slots=True)
class Form:
    """All mentions sharing one (label, key)."""

    label: str
    """The detector's label of these mentions."""

    key: str
    """The normalised name (`name_key`)."""

    skeleton: tuple[str, ...]
    """The key's consonants, for transliterations (`name_skeleton`)."""

    canonical: str | None
    """The alias table's name for it, if any."""

    mentions: list[Mention]
    """Every mention of this label and key."""

    acronym: str = ""
    """The letters, when the name is written as an acronym ("AMD")."""

    written: dict[tuple[str, str, str], int] = field(default_factory=dict)
    """How many of the mentions have each spelling: (text, role, label)."""

    articles: set[str] = field(default_factory=set)
    """The articles the mentions stand in (filled by `forms_of`)."""


class _AliasIndex:
    """The alias table by key: every spelling's key to its canonical name's key."""

    def __init__(self, aliases: Mapping[str, Sequence[str]]) -> None:
        self.canonicals: dict[str, str] = {}
        for canonical, names in aliases.items():
            canonical_key = name_key(canonical)
            for name in (canonical, *names):
                self.canonicals.setdefault(name_key(name), canonical_key)
        # The keys of more than one word, with their place in the table (which settles a tie).
        self.longer = {k: n for n, k in enumerate(self.canonicals) if " " in k}
        self.most = max((k.count(" ") + 1 for k in self.longer), default=0)

    def canonical(self, key: str, label: str) -> str | None:
        """The alias table's name for `key`, if any."""
        if key in self.canonicals:
            return self.canonicals[key]
        if label not in ("org", "group"):
            return None
        # "Britain-based Syrian Observatory for Human Rights": a long alias inside an org's
        # name, found by the runs of its words rather than by trying every alias.
        words = key.split(" ")
        inside = {
            run
            for size in range(2, min(len(words), self.most) + 1)
            for n in range(len(words) - size + 1)
            if (run := " ".join(words[n : n + size])) in self.longer
        }
        if not inside:
            return None
        best = min(inside, key=lambda k: (-len(k), self.longer[k]))
        return self.canonicals[best]


def forms_of(mentions: Sequence[Mention], aliases: Mapping[str, Sequence[str]]) -> list[Form]:
    """The distinct (label, key) forms of the mentions, in first-seen order."""
    index = _AliasIndex(aliases)
    forms: list[Form] = []
    by_form: dict[tuple[str, str], Form] = {}
    # A long article repeats its names: each spelling is counted by article, then keyed once
    # (in the order the spellings first occur), and its mentions only looked up. Each mention
    # is hashed once, as the place its (article, spelling) first occurs: a tuple's hash is not
    # kept, and every look-up by spelling would hash its strings again.
    first_at: dict[tuple[str, str, str, str], int] = {}
    firsts = list(map(first_at.setdefault, map(_PLACED, mentions), count()))
    by_spelling: dict[tuple[str, str, str], Form] = {}
    by_first: dict[int, Form] = {}
    times = Counter(firsts)
    for (article_id, text, role, label), at in first_at.items():
        spelling = (text, role, label)
        found = by_spelling.get(spelling)
        if found is None:
            name = name_of(text, role)
            key = name_key(name, label)
            found = by_form.get((label, key))
            if found is None:
                found = Form(label, key, name_skeleton(key), index.canonical(key, label), [])
                by_form[(label, key)] = found
                forms.append(found)
            if not found.acronym:
                found.acronym = acronym_of(name)
            by_spelling[spelling] = found
        found.written[spelling] = found.written.get(spelling, 0) + times[at]
        found.articles.add(article_id)
        by_first[at] = found
    for mention, form in zip(mentions, map(by_first.__getitem__, firsts), strict=True):
        form.mentions.append(mention)
    return forms


def _is_demonym_pair(a: str, b: str) -> bool:
    short, long_ = sorted((a, b), key=len)
    return long_.startswith(short) and long_[len(short) :] in _DEMONYM_ENDINGS


def _family(label: str, split_people: bool = True) -> str:
    """Labels that may name the same thing: the detector often calls a place an org at the
    start of a sentence ("Mayadeen is ..."), or a company a person ("Microsoft said"), but a
    person is never a place."""
    return "person" if label == "person" and split_people else "thing"


_LONGEST_SPELLING = 256
"""The longest key two spellings are compared by closeness at (`fuzz.ratio` reads the pair's
characters against each other: a 100 KB run of capitalised words detected as one name took
seconds, four times as long for twice the run). The longest name of the dev sets is far
shorter; anything longer is linked to another only by the same key."""


def _spellings_agree(a: Form, b: Form) -> bool:
    """Same name in another transliteration: same consonant skeleton, close spelling, guards."""
    if _family(a.label) != _family(b.label) or a.skeleton != b.skeleton:
        return False
    if min(len(a.key), len(b.key)) <= 3:
        return False  # acronyms (IS, US) only by exact key or alias
    if max(len(a.key), len(b.key)) > _LONGEST_SPELLING:
        return False  # no name is that long: a run of capitalised words, compared only whole
    if _is_demonym_pair(a.key, b.key):
        return False
    if any(_is_demonym_pair(x, y) for x, y in zip(a.key.split(), b.key.split(), strict=True)):
        return False
    return fuzz.ratio(a.key, b.key) >= 70


def _union_each(groups: Groups, index: Mapping[object, list[int]]) -> None:
    for members in index.values():
        for i in members[1:]:
            groups.union(members[0], i)


def link_forms(forms: Sequence[Form]) -> Groups:
    """Link the forms that name one thing: same key, alias, transliteration, written apart or
    together ("Sea Micro"), acronym and expansion ("AMD", "Advanced Micro Devices")."""
    groups = Groups(len(forms))
    labels_of_key: dict[str, Counter[str]] = {}
    for form in forms:
        labels_of_key.setdefault(form.key, Counter())[form.label] += len(form.mentions)
    by_key: dict[object, list[int]] = {}
    by_canonical: dict[object, list[int]] = {}
    by_compact: dict[object, list[int]] = {}
    for i, form in enumerate(forms):
        # One string, one entity: only a person and a place of one spelling stay two, when
        # the spelling names a place more often than anything else that is not a person.
        seen = labels_of_key[form.key]
        split_people = seen["person"] > 0 < seen["place"] >= seen["org"] + seen["group"]
        kin = _family(form.label, split_people)
        by_key.setdefault((kin, form.key), []).append(i)
        if form.canonical is not None:
            by_canonical.setdefault((_family(form.label), form.canonical), []).append(i)
        compact = compact_key(form.key)
        if len(compact) >= 5 or all(len(w) == 1 for w in form.key.split()):
            by_compact.setdefault((_family(form.label), compact), []).append(i)
    _union_each(groups, by_key)
    _union_each(groups, by_canonical)
    _union_each(groups, by_compact)
    _link_transliterations(forms, groups)
    _link_acronyms(forms, groups)
    return groups


_NEAREST_SPELLINGS = 32
"""How many other spellings of one consonant skeleton each spelling is compared with, when more
than this many share it. The dev sets' largest such bucket has four."""


def _link_transliterations(forms: Sequence[Form], groups: Groups) -> None:
    """Spellings that differ only by their vowels ("Mayadin", "Mayadeen"): each is compared with
    the others of its consonant skeleton, and only those that may agree (one family, more than
    three letters) are put together.

    A skeleton that many spellings share ("Badarankazal", "Bedarankazal" ... by the hundred) is
    no longer a sign of one name transliterated a few ways, and comparing all of them in pairs
    is quadratic. Beyond `_NEAREST_SPELLINGS` a bucket is sorted by key and each spelling is
    compared with the next `_NEAREST_SPELLINGS` only (the sorted-neighbourhood method of record
    linkage): linear work, and the same links wherever no skeleton is shared that widely."""
    by_skeleton: dict[tuple[str, tuple[str, ...]], list[int]] = {}
    for i, form in enumerate(forms):
        if len(form.key) > 3:  # acronyms (IS, US) only by exact key or alias
            by_skeleton.setdefault((_family(form.label), form.skeleton), []).append(i)
    for members in by_skeleton.values():
        if len(members) > _NEAREST_SPELLINGS + 1:
            members.sort(key=lambda i: forms[i].key)
        for n, i in enumerate(members):
            for j in members[n + 1 : n + 1 + _NEAREST_SPELLINGS]:
                if _spellings_agree(forms[i], forms[j]):
                    groups.union(i, j)


def _link_acronyms(forms: Sequence[Form], groups: Groups) -> None:
    """ "AMD" joins "Advanced Micro Devices" when it is the one expansion in the articles."""
    expansions: dict[str, set[int]] = {}
    for i, form in enumerate(forms):
        if form.label == "person" or form.acronym:
            continue
        letters = initials(form.mentions[0].name)
        if letters:
            expansions.setdefault(letters, set()).add(i)
    for i, form in enumerate(forms):
        if not form.acronym or form.label == "person":
            continue
        owners = {groups.find(j) for j in expansions.get(form.acronym, ())}
        if len(owners) == 1:
            groups.union(i, owners.pop())


def _majority_label(form_ids: Sequence[int], forms: Sequence[Form]) -> str:
    labels: Counter[str] = Counter()
    for i in form_ids:
        labels[forms[i].label] += len(forms[i].mentions)
    return labels.most_common(1)[0][0]


class _KeysByWords:
    """Keys stored word by word, so the keys that begin a name (or, stored backwards, end it)
    are all found in one walk along its words. Trying each head of a name instead joins every
    one of its prefixes: a name of n words costs n^2 characters, and one capitalised run of a
    few hundred KB is a single name."""

    _END = " "
    """Where a stored key ends: no word holds a space."""

    def __init__(self, keys: Iterable[str], backwards: bool = False) -> None:
        self.backwards = backwards
        self.root: dict[str, Any] = {}
        for key in keys:
            node = self.root
            words = key.split(" ")
            for word in reversed(words) if backwards else words:
                node = node.setdefault(word, {})
            node[self._END] = key

    def found_in(self, words: Sequence[str], most: int) -> Iterator[tuple[int, str]]:
        """(n, key) for each stored key that is the first (or last) n words, n <= `most`."""
        node = self.root
        for n in range(1, most + 1):
            deeper: dict[str, Any] | None = node.get(words[-n] if self.backwards else words[n - 1])
            if deeper is None:
                return
            node = deeper
            if self._END in node:
                yield n, node[self._END]


@cache
def _gazetteer_by_words() -> _KeysByWords:
    return _KeysByWords(_gazetteer())


def _short_forms_of(
    form: Form,
    is_place: bool,
    place_heads: _KeysByWords,
    known: tuple[_KeysByWords, _KeysByWords],
    person_like: bool,
) -> list[str]:
    """The keys a full name may be shortened to: a person's surname or given name, a team's
    or company's name without its home place ("Colts"), an institution's name without what it
    is ("Promises" for Promises Treatment Center).

    Only keys some form has (`known`: forms' keys from the front and from the back) are worth
    returning, as only a form's key is looked up among the short forms: so the heads and tails
    of a long name are found in its words, not joined from them."""
    words = form.key.split()
    if len(words) < 2 or is_place or any(w in ACRONYM_SKIPS for w in words):
        return []
    shorts: list[str] = []
    if len(words) <= 3 and words[-1] not in DESIGNATORS:
        shorts.append(words[-1])
        if person_like:
            shorts.append(words[0])
    if person_like and len(words) >= 3:
        shorts.append(f"{words[0]} {words[-1]}")  # "Christopher Simpson": no middle name
    known_heads, known_tails = known
    most = len(words) - 1
    # "Indianapolis Colts": the words after a place the articles or the gazetteer know.
    after_place = {
        n for walk in (place_heads, _gazetteer_by_words()) for n, _ in walk.found_in(words, most)
    }
    shorts.extend(
        key for n, key in known_tails.found_in(words, most) if len(words) - n in after_place
    )
    if words[-1] in DESIGNATORS:
        shorts.extend(key for _, key in known_heads.found_in(words, most))
    return shorts


def short_form_owners(forms: Sequence[Form], groups: Groups) -> dict[tuple[int, str], int]:
    """Short forms and the one full name each can mean: "Hansbrough" is Tyler Hansbrough,
    "Colts" the Indianapolis Colts, "Promises" the Promises Treatment Center.

    A short form joins the full name it can shorten when one entity of the articles has such a
    name. When several have, it joins the one named far more often (three times the next),
    except in an article that names only another of them. Places are left alone: Sudan is not
    South Sudan. Returns the group the short form's mentions in each article belong to, by
    (form index, article id): the work is per spelling and article, not per mention.
    """
    members: dict[int, list[int]] = {}
    for i in range(len(forms)):
        members.setdefault(groups.find(i), []).append(i)
    label_of = {root: _majority_label(ids, forms) for root, ids in members.items()}
    size = {root: sum(len(forms[i].mentions) for i in ids) for root, ids in members.items()}
    longest = {root: max(len(forms[i].key.split()) for i in ids) for root, ids in members.items()}
    place_keys = frozenset(
        f.key for i, f in enumerate(forms) if label_of[groups.find(i)] == "place"
    )
    place_heads = _KeysByWords(place_keys)
    keys = {f.key for f in forms}
    known = (_KeysByWords(keys), _KeysByWords(keys, backwards=True))
    by_short: dict[str, set[int]] = {}
    articles = [form.articles for form in forms]
    articles_of: dict[int, set[str]] = {}
    alone = frozenset(f.key for f in forms if " " not in f.key)
    for i, form in enumerate(forms):
        root = groups.find(i)
        articles_of.setdefault(root, set()).update(articles[i])
        # A person: so typed, a known given name, or a surname the articles use on its own.
        words = form.key.split()
        person_like = (
            "person" in (form.label, label_of[root])
            or plain(form.mentions[0].name.split()[0]) in first_names()
            or (
                1 < len(words) <= 3
                and len(form.mentions[0].name.split()) == len(words)  # not "Syrian-Iraqi"
                and words[-1] in alone
                and words[0] not in place_keys
            )
        )
        is_place = label_of[root] == "place"
        for short in _short_forms_of(form, is_place, place_heads, known, person_like):
            by_short.setdefault(short, set()).add(root)
    groups_of_people = frozenset(f.key for f in forms if f.label == "group")
    # A spelling the detector reads as a place a third of the time or more names a place
    # ("Aceh", "Palmer"), however often it also guessed org.
    readings: dict[str, Counter[str]] = {}
    for f in forms:
        readings.setdefault(f.key, Counter())[f.label] += len(f.mentions)
    place_names = frozenset(k for k, c in readings.items() if c["place"] * 3 >= c.total())
    siblings: dict[tuple[int, str], list[int]] = {}
    for i, form in enumerate(forms):
        siblings.setdefault((groups.find(i), form.key), []).append(i)
    owners: dict[tuple[int, str], int] = {}
    for i, form in enumerate(forms):
        root = groups.find(i)
        if form.label not in ("person", "org") or label_of[root] == "place" or len(form.key) <= 2:
            continue
        if form.key in groups_of_people or form.key in place_names:
            continue  # "Syrian" names a people, "Aceh" a place: never a short form of a name
        if form.key in _gazetteer() or longest[root] > len(form.key.split()):
            continue  # a known place, or already with a full name of its own
        candidates = sorted(by_short.get(form.key, set()) - {root}, key=lambda c: -size[c])
        if not candidates:
            continue
        owner = candidates[0]
        if len(candidates) > 1 and size[owner] < 3 * size[candidates[1]]:
            continue
        # One string, one entity: the spelling's other labels go along.
        for j in siblings[(root, form.key)]:
            for article_id in articles[j]:
                here = [c for c in candidates if article_id in articles_of[c]]
                if not here or here == [owner] or owner in here:
                    owners[(j, article_id)] = owner
    return owners


def never_a_person(names: Iterable[str]) -> bool:
    """ "The Colts", "CHP", "Betty Ford Center": spellings no person has."""
    return any(
        n[:4].lower() == "the "
        or bool(acronym_of(n))
        or n.split()[-1].lower().strip(".") in DESIGNATORS
        for n in names
        if n
    )


def names_a_person(
    names: Iterable[str], roles: Iterable[str], places: frozenset[str] = frozenset()
) -> bool:
    """Whether an entity's spellings and roles say it is a person: a title before it ("Gov.",
    "Actress"), a known given name, or a full name whose surname the articles also use alone
    ("Tyler Hansbrough" and "Hansbrough"; not "Indianapolis Colts" and "Colts": `places` are
    the keys the articles use as places)."""
    names = list(names)
    keys = {name_key(n) for n in names}
    if never_a_person(names) or keys & _gazetteer():
        return False
    if any(w in TITLES for role in roles for w in plain(role).replace("-", " ").split()):
        return True
    alone = {k for k in keys if " " not in k}
    for name in names:
        words = name_key(name).split()
        if not 2 <= len(words) <= 4 or words[-1] in DESIGNATORS:
            continue
        if words[0] in _gazetteer() or words[0] in places:
            continue  # "Portsmouth Herons" is a team, whatever "Herons" alone may be
        if words[-1] in alone or plain(name.split()[0]) in first_names():
            return True
    return False
