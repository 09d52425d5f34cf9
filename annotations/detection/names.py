"""Names in text: people, organisations, places and groups, found from capitalisation."""

from __future__ import annotations

from annotations.detection.article import (
    ArticleWords,
    Verdict,
    capitalised_runs,
    opens_sentence,
)
from annotations.detection.cues import (
    AFTER_WORDS,
    BEFORE_WORDS,
    BODIES,
    BREAKS,
    CLAUSE_END,
    CREDIT_LABELS,
    PLACE_CUES,
    PLACE_NOUNS,
    PUNCT,
    SAID,
)
from annotations.detection.evidence import after_indefinite, resolve_labels
from annotations.detection.labels import PAST, label_of
from annotations.detection.quick import quick_span
from annotations.detection.runs import run_verdict
from annotations.spans import Span

__all__ = ["clear_shared_caches", "detect_names"]

_NO_END = 1 << 62

_SHARED_LIMIT = 100_000
"""Entries each shared cache may hold before it starts afresh (a few tens of megabytes)."""

_SHARED_VERDICTS: dict[str, Verdict] = {}
"""Verdicts on runs inside a sentence, which no article evidence can change: most runs of an
article ("ISIL", "Iraq", "Secretary Kerry") were judged in an earlier one."""

_SHARED_LABELS: dict[tuple[tuple[str, ...], str, str, bool], str] = {}
"""Labels by (clean words, word before, word after, "the" before); `label_of` looks at nothing
else."""


def clear_shared_caches() -> None:
    """Forget the verdicts and labels shared across articles (benchmarks start cold)."""
    _SHARED_VERDICTS.clear()
    _SHARED_LABELS.clear()


def _shared_verdict(run: str, article: ArticleWords) -> Verdict:
    """The verdict on a run inside a sentence and outside a heading, shared across articles.

    Only sentence openings and headings consult the article's own evidence (`_casual`,
    `_lone_opener`), and a run is split into sentences only at a stop or a possessive.
    """
    verdict = _SHARED_VERDICTS.get(run)
    if verdict is None:
        verdict = run_verdict(run, False, False, article)
        if (
            "." not in run[:-1]
            and "'s " not in run
            and "’s " not in run
            and not BREAKS.intersection(run.split()[1:])
        ):
            if len(_SHARED_VERDICTS) >= _SHARED_LIMIT:
                _SHARED_VERDICTS.clear()
            _SHARED_VERDICTS[run] = verdict
    return verdict


def detect_names(text: str) -> list[Span]:
    """Every name in the text, in order, labelled person, org, place or group."""
    article = ArticleWords(text)
    verdicts, headings = article.verdicts, article.headings
    if len(_SHARED_LABELS) >= _SHARED_LIMIT:
        _SHARED_LABELS.clear()
    labels = _SHARED_LABELS
    spans: list[Span] = []
    # Local names for what the loop touches on every run: it runs once per capitalised word.
    add, known_verdict, known_label = spans.append, verdicts.get, labels.get
    before_words, after_words, make, bodies = BEFORE_WORDS, AFTER_WORDS, quick_span, BODIES
    place_cues = PLACE_CUES | PLACE_NOUNS
    article.runs = runs = capitalised_runs(text)
    # Runs come in order, so one walk over the headings' spans says which run is in one.
    h, heading_start, heading_end = 0, *(headings[0] if headings else (_NO_END, _NO_END))
    for match in runs:
        run, poss, after = match.groups()
        start = match.start()
        while start >= heading_end:
            h += 1
            heading_start, heading_end = headings[h] if h < len(headings) else (_NO_END, _NO_END)
        # A run after a word or a comma and a space opens nothing; only the rest look back.
        after_word = start > 1 and text[start - 1] == " " and (
            text[start - 2].isalnum() or text[start - 2] == ","
        )
        key = (run, not after_word and opens_sentence(text, start), heading_start <= start)
        verdict = known_verdict(key)
        if verdict is None:
            if key[1] or key[2]:
                verdict = run_verdict(run, key[1], key[2], article)
            else:
                verdict = _shared_verdict(run, article)
            verdicts[key] = verdict
        for a, b, clean in verdict:
            at = start + a
            if len(clean) == 1 and (
                (clean[0] in bodies and after_indefinite(text, at))
                or (clean[0] in CREDIT_LABELS and text[start + b : start + b + 1] == ":")
            ):
                continue
            # A line break ends what the previous line says: "...Democratic Party\n\nLeung
            # Yiu-chung" is not a party named Leung.
            reach = at - 24 if at > 24 else 0
            lead = text[max(reach, text.rfind("\n", reach, at) + 1) : at].rsplit(None, 2)
            # A word that closes a clause ("the town,") says nothing of the name after it.
            before = (
                lead[-1].lstrip(PUNCT).lower() if lead and lead[-1][-1] not in PUNCT else ""
            )
            the = before == "the"
            if before in ("the", "of") and len(lead) > 1 and lead[-2].lower() in place_cues:
                # "in the United States", "the region of Abu Kamal": the word before places it.
                before = lead[-2].lower()
            # Only a few neighbouring words change a label; the rest share one cache entry.
            if before not in before_words or (
                # "said Mauer." names the speaker; "said Qawat al-Nimr lost" the subject of
                # what was said, which may be anything.
                before in SAID and text[start + b : start + b + 1] not in CLAUSE_END
            ):
                before = ""
            follows = ("'s" if poss else after) if b == len(run) else ""
            if follows not in after_words:
                # A verb in the past tense after the name: "North Korea fired".
                follows = PAST if follows and follows.endswith("ed") else ""
            the = the or clean[0] == "The"
            label = known_label((clean, before, follows, the))
            if label is None:
                words = [c for c in clean if c != "The"] or list(clean)
                label = label_of(words, before, follows, the)
                labels[(clean, before, follows, the)] = label
            end = start + b
            add(make(at, end, "name", label, text[at:end]))
    return resolve_labels(spans, article)
