"""The grouping's counts by spelling and article give what reading every mention gives."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping, Sequence

import pytest

from annotations.aliases import BUILTIN_ALIASES
from annotations.compare import name_parts, name_reading
from annotations.compare.name_keys import acronym_of, name_key, name_skeleton
from annotations.compare.name_links import Form, _AliasIndex, forms_of
from annotations.compare.name_parts import Mention, name_of
from annotations.compare.name_reading import name_boundaries

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


def generated_articles(seed: int) -> tuple[list[Mention], dict[str, str]]:
    """Articles of headlines and running text with their name spans, some spans given twice
    over in a row or at one place under two labels, spans of several names among them."""
    rng = random.Random(seed)
    spans = [
        "Sudan", "South Sudan", "Colts Beat Chiefs", "Chargers' Jamal Williams",
        "Christopher Simpson of Fort Coffee", "Actress Tara Reid", "Alaska Gov. Sarah Palin",
        "ATI Technologies (ATI)", "Al-Mayadeen", "al-Mayadin", "Lohan\u2019s", "Шойгу",
        "Ḥomṣ", "bin Laden", "Raj K. Chohan", "Williams", "Palin", "ATI", "Fort Coffee",
    ]  # fmt: skip
    mentions: list[Mention] = []
    texts: dict[str, str] = {}
    for a in range(rng.randint(0, 3)):
        article_id, text = f"article-{a}", ""
        for _ in range(rng.randint(0, 25)):
            heading = rng.random() < 0.3
            words = ["Storm", "Hits"] if heading else ["the", "report", "said"]
            line = " ".join(rng.sample(words, len(words)))
            for _ in range(rng.randint(0, 3)):
                role = rng.choice(_ROLES)
                name = role + rng.choice(spans[: rng.choice([2, 3, len(spans)])])
                line += rng.choice([" ", " North ", "  ", "\t", " and "])
                start = len(text) + len(line)
                line += name
                label = rng.choice(_LABELS)
                mention = Mention(article_id, start, start + len(name), name, label, role)
                mentions.append(mention)
                if rng.random() < 0.1:
                    mentions.append(mention)  # the same span given twice over
                if rng.random() < 0.1:
                    mentions.append(mention._replace(label=rng.choice(_LABELS)))
                if rng.random() < 0.1:
                    mentions.append(mention._replace(role=""))  # its role not yet read
            text += line + rng.choice(["\n", "\n\n", "."]) if heading else line + ".\n"
        texts[article_id] = text
    return mentions, texts


def _names_read_one_by_one(
    given: list[Mention], texts: dict[str, str]
) -> tuple[list[Mention], dict[str, Counter[str]]]:
    """The plain reading: the evidence counted piece by piece, each mention planned alone."""
    cut = {m.text: name_parts.pieces_of(m.text) for m in given}
    judged: dict[str, bool] = {}
    lines: dict[str, name_reading._Lines | None] = {
        m.article_id: name_reading._Lines(texts[m.article_id], judged) for m in given
    }
    headed = name_reading._headings(given, cut, lines)
    tally: dict[tuple[str, str, int], int] = {}
    for mention, flags in zip(given, headed, strict=True):
        for p, heading in enumerate(flags):
            if not heading:
                at = (mention.text, mention.label, p)
                tally[at] = tally.get(at, 0) + 1
    labels: dict[str, Counter[str]] = {}
    for (text, label, p), times in tally.items():
        piece = cut[text][p]
        key = name_key(text[piece.start : piece.end])
        if key:
            labels.setdefault(key, Counter())[label] += times
    evidence = name_parts.Evidence(labels)
    found: list[Mention] = []
    previous: Mention | None = None
    for mention, flags in zip(given, headed, strict=True):
        sign = (mention.text, mention.label, mention.role)
        plan = name_reading._plan(sign, flags, mention is not previous, cut, evidence, {})
        found.extend(
            mention if part is None else name_reading._part(mention, *part) for part in plan
        )
        if cut[mention.text]:
            previous = mention
    name_reading._take_back(found, lines, evidence)
    return found, labels


def _in_order(labels: dict[str, Counter[str]]) -> list[tuple[str, list[tuple[str, int]]]]:
    """The evidence with the order of its keys and labels, which settles ties."""
    return [(key, list(seen.items())) for key, seen in labels.items()]


@pytest.mark.parametrize("seed", range(300))
def test_names_read_by_sign_are_the_names_read_one_by_one(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    mentions, texts = generated_articles(seed)
    counted: list[name_parts.Evidence] = []
    evidence_of = name_reading._evidence
    monkeypatch.setattr(
        name_reading, "_evidence", lambda *read: counted.append(evidence_of(*read)) or counted[0]
    )
    found, labels = _names_read_one_by_one(mentions, texts)
    assert name_boundaries(mentions, texts) == found
    assert _in_order(counted[0].labels) == _in_order(labels)


def test_the_generated_articles_hold_headlines_and_spans_of_several_names() -> None:
    read = [generated_articles(seed) for seed in range(300)]
    assert any(any(name_parts.headings(t.split("\n"))) for _, ts in read for t in ts.values())
    assert any(len(name_boundaries(m, t)) != len(m) for m, t in read)
    assert any(m.role for mentions, t in read for m in name_boundaries(mentions, t))
    assert ([], {}) in read
