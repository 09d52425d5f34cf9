"""The grouping's counts by spelling and article give what reading every mention gives."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping, Sequence

import pytest

from annotations.aliases import BUILTIN_ALIASES
from annotations.compare.name_keys import acronym_of, name_key, name_skeleton
from annotations.compare.name_links import Form, _AliasIndex, forms_of
from annotations.compare.name_parts import Mention, name_of

_WORDS = [
    "Sudan", "South", "Jamal", "Williams", "Chargers'", "Lohan\u2019s", "al-Mayadeen",
    "Al-Mayadin", "bin", "Laden", "de", "Gaulle", "Ḥomṣ", "Шойгу", "J.", "K.", "Raj",
    "Chohan", "Colts", "Indianapolis", "AMD", "U.N.", "H-P", "Hewlett-Packard", "ISIL-held",
    "Promises", "Treatment", "Center", "Inc", "the", "Gov.", "Actress", "Tara", "Reid",
    "Mayaddeen", "Deir", "Ezzor", "province", "Ça", "Zoë", "O\u2019Neil", "O'Neil", "",
]  # fmt: skip
"""Words of names as news copy writes them: scripts, curly apostrophes, hyphens, particles,
initials, possessives, titles, legal forms."""

_LABELS = ["person", "org", "place", "group"]
_ROLES = ["", "", "", "Gov. ", "Actress ", "President-elect "]


def generated_mentions(seed: int, size: int) -> list[Mention]:
    """Mentions of a few articles, names repeated, some at one place in two roles or labels."""
    rng = random.Random(seed)
    names = [
        " ".join(rng.choices(_WORDS, k=rng.randint(1, 4))) for _ in range(rng.randint(1, 12))
    ]
    articles = [f"article-{n}" for n in range(rng.randint(1, 3))]
    mentions: list[Mention] = []
    for _ in range(size):
        if mentions and rng.random() < 0.15:
            # The same name at the same place again, in another role or under another label.
            was = rng.choice(mentions)
            role = rng.choice(_ROLES)
            text = role + name_of(was.text, was.role)
            mentions.append(Mention(was.article_id, was.start, was.end, text, was.label, role))
            mentions[-1:] = rng.sample([mentions[-1], Mention(*was[:4], rng.choice(_LABELS))], 2)
            continue
        role = rng.choice(_ROLES)
        text = role + rng.choice(names)
        start = rng.randrange(0, 5000)
        label = rng.choice(_LABELS)
        mentions.append(Mention(rng.choice(articles), start, start + len(text), text, label, role))
    return mentions


def _forms_read_one_by_one(
    mentions: Sequence[Mention], aliases: Mapping[str, Sequence[str]]
) -> list[Form]:
    """The plain reading: every mention keyed, in order, its form found or made."""
    index = _AliasIndex(aliases)
    forms: dict[tuple[str, str], Form] = {}
    for mention in mentions:
        name = name_of(mention.text, mention.role)
        key = name_key(name, mention.label)
        form = forms.get((mention.label, key))
        if form is None:
            canonical = index.canonical(key, mention.label)
            form = Form(mention.label, key, name_skeleton(key), canonical, [])
            forms[(mention.label, key)] = form
        if not form.acronym:
            form.acronym = acronym_of(name)
        spelling = (mention.text, mention.role, mention.label)
        form.written[spelling] = form.written.get(spelling, 0) + 1
        form.articles.add(mention.article_id)
        form.mentions.append(mention)
    return list(forms.values())


def _as_compared(forms: list[Form]) -> list[tuple[object, ...]]:
    """Every field, the spellings' counts in their order as well."""
    return [
        (f.label, f.key, f.skeleton, f.canonical, f.mentions, f.acronym, list(f.written.items()),
         f.articles)
        for f in forms
    ]  # fmt: skip


@pytest.mark.parametrize("seed", range(60))
def test_forms_counted_by_spelling_and_article_are_the_forms_read_one_by_one(seed: int) -> None:
    mentions = generated_mentions(seed, size=random.Random(seed).choice([0, 1, 5, 40, 300]))
    aliases = {**BUILTIN_ALIASES, "Indianapolis Colts": ["Colts of Indianapolis"]}
    assert _as_compared(forms_of(mentions, aliases)) == _as_compared(
        _forms_read_one_by_one(mentions, aliases)
    )


def test_the_generated_mentions_hold_what_the_counting_must_get_right() -> None:
    """Repeats across articles, one place in two roles, and names in other scripts."""
    mentions = [m for seed in range(60) for m in generated_mentions(seed, 300)]
    places = Counter((m.article_id, m.start, m.end) for m in mentions)
    assert any(n > 1 for n in places.values())
    assert len({m.role for m in mentions}) > 2
    assert not all(m.text.isascii() for m in mentions)
    assert generated_mentions(0, 0) == []
