"""Re-anchoring: finding a tagged passage again after its article's text has changed."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal, Protocol

from rapidfuzz import fuzz, process

from annotations.tags import ClaimKey, Selector, Tag

__all__ = [
    "CONTEXT_CHARS",
    "DEFAULT_THRESHOLD",
    "AnchorStatus",
    "Anchoring",
    "Selector",
    "TextAnchors",
    "VersionText",
    "off_their_words",
    "place_tags",
    "reanchor",
    "reanchor_all",
    "selector_for",
]

AnchorStatus = Literal["exact", "moved", "orphan"]
"""How a tag was found again (the CSV "anchor" column).

- "exact": the quote is in the text unchanged, at its old offsets or wherever text added or
  removed before it has pushed it: the analyst's claim is word for word what was tagged.
- "moved": the tag was found again in changed wording (`Anchoring.text_changed`).
- "orphan": the quote is no longer in the text, not even approximately; the tag is not
  attached anywhere, and the caller keeps the old quote to show the analyst.
"""

CONTEXT_CHARS = 32
"""How many characters of prefix and suffix a selector keeps around its quote."""

DEFAULT_THRESHOLD = 0.86
"""Least similarity (0..1) of an edited quote to its new wording for the tag to follow it.

Tuned so that a corrected figure ("killed 120" -> "killed 130") or a sentence split in two
still re-anchors, while another sentence about the same event that differs in its key
words ("120 ISIS fighters" vs "120 civilians") does not capture the tag.
"""

_CONTEXT_WEIGHT = 0.2
"""Share of the prefix/suffix similarity in an approximate match's score."""

_NEAR_CHARS = 4000
"""Approximate matches are looked for this far around the old offsets before anywhere else."""

_INSIDE_CHARS = 1500
"""A quote that is part of a sentence is looked for inside sentences this close to it."""

_SURE = 0.95
"""An approximate match near the old offsets scoring this much is taken without a wider search."""

_SHORT_QUOTE = 40
"""Quotes shorter than this (names, figures, clauses) need their context to move."""

_SHORT_QUOTE_CONTEXT = 0.6
"""Least prefix/suffix similarity for a short quote found away from its old offsets."""

_NON_WORD = re.compile(r"[\W_]+")
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)|\n")


@dataclass(frozen=True, slots=True)
class Anchoring:
    """Where a tag lands in a new version of the text, and how sure that is."""

    status: AnchorStatus
    """"exact", "moved" or "orphan" (see `AnchorStatus`)."""

    start: int | None
    """New offset of the passage's first character; None for an orphan."""

    end: int | None
    """New offset one past the passage's last character; None for an orphan."""

    score: float
    """Similarity of the found passage to the old quote and its context, 0..1 (1.0 when the
    quote was found unchanged; for an orphan, the best rejected candidate's score)."""

    text_changed: bool = False
    """True when the passage found differs in wording from the old quote."""


def selector_for(text: str, start: int, end: int, *, context: int = CONTEXT_CHARS) -> Selector:
    """The selector that remembers `text[start:end]` with `context` characters either side."""
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"offsets {start}..{end} fall outside a text of {len(text)} characters")
    return Selector(
        quote=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
        start=start,
        end=end,
    )


def _fold(text: str) -> str:
    # Case, punctuation and spacing edits should not cost similarity: an outlet fixing a
    # dash or a double space has not changed the claim.
    return _NON_WORD.sub(" ", text.casefold()).strip()


def _fallback_sentence_bounds(text: str) -> list[tuple[int, int]]:
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        bounds.append((start, match.end()))
        start = match.end()
    bounds.append((start, len(text)))
    return bounds


def _sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Sentences of `text`, trimmed of surrounding whitespace, as (start, end) pairs."""
    from annotations import claims

    splitter: Callable[[str], Iterable[tuple[int, int]]] = getattr(
        claims, "sentence_bounds", _fallback_sentence_bounds
    )
    trimmed: list[tuple[int, int]] = []
    for start, end in splitter(text):
        piece = text[start:end]
        left = len(piece) - len(piece.lstrip())
        right = len(piece.rstrip())
        if right > left:
            trimmed.append((start + left, start + right))
    trimmed.sort()
    return trimmed


@dataclass(slots=True)
class _Window:
    start: int
    end: int
    folded: str
    single: bool = True


@dataclass(slots=True)
class TextAnchors:
    """A new text prepared for re-anchoring many tags: sentences are found once, not per tag."""

    text: str
    """The new text tags are re-anchored into."""

    _windows: list[_Window] | None = field(default=None, init=False, repr=False)
    _starts: list[int] = field(default_factory=list, init=False, repr=False)
    _folded: list[str] = field(default_factory=list, init=False, repr=False)
    _length_order: list[int] = field(default_factory=list, init=False, repr=False)
    _by_length: list[str] = field(default_factory=list, init=False, repr=False)
    _lengths: list[int] = field(default_factory=list, init=False, repr=False)

    def _candidates(self) -> list[_Window]:
        """Candidate passages: each sentence, and each pair of neighbouring sentences (so a
        sentence split in two, or two merged, can still be matched whole)."""
        if self._windows is None:
            bounds = _sentence_bounds(self.text)
            folded = [_fold(self.text[s:e]) for s, e in bounds]
            windows = [_Window(s, e, f) for (s, e), f in zip(bounds, folded, strict=True)]
            for i in range(len(bounds) - 1):
                windows.append(
                    _Window(bounds[i][0], bounds[i + 1][1], f"{folded[i]} {folded[i + 1]}", False)
                )
            windows.sort(key=lambda w: (w.start, w.end))
            self._windows = windows
            self._starts = [w.start for w in windows]
            self._folded = [w.folded for w in windows]
            self._length_order = sorted(range(len(windows)), key=lambda i: len(windows[i].folded))
            self._by_length = [windows[i].folded for i in self._length_order]
            self._lengths = [len(f) for f in self._by_length]
        return self._windows

    def reanchor(self, selector: Selector, *, threshold: float = DEFAULT_THRESHOLD) -> Anchoring:
        """Find `selector` in this text; see `reanchor`."""
        found = self._reanchor(selector, threshold)
        if found.start is not None and self.text[found.start : found.end].isspace():
            # Spaces or line breaks alone are no claim: shown nowhere, so an orphan.
            return Anchoring("orphan", None, None, 0.0)
        return found

    def _reanchor(self, selector: Selector, threshold: float) -> Anchoring:
        text = self.text
        quote = selector.quote
        if not quote or quote.isspace():
            return Anchoring("orphan", None, None, 0.0)
        if text[selector.start : selector.end] == quote:
            return Anchoring("exact", selector.start, selector.end, 1.0)
        found = self._find_exact(selector)
        if found is not None and self._placed_well(selector, found, found + len(quote)):
            return Anchoring("exact", found, found + len(quote), 1.0)
        return self._find_approximate(selector, threshold)

    def _find_exact(self, selector: Selector) -> int | None:
        # Around the old offsets first: a name or figure can occur thousands of times in a
        # long text, and an occurrence there with its full context cannot be beaten.
        near = self._best_occurrence(
            selector, selector.start - _NEAR_CHARS, selector.end + _NEAR_CHARS
        )
        if near is not None and near[0][0] == -2:
            return near[1]
        anywhere = self._best_occurrence(selector, 0, len(self.text))
        return anywhere[1] if anywhere is not None else None

    def _best_occurrence(
        self, selector: Selector, lo: int, hi: int
    ) -> tuple[tuple[int, int], int] | None:
        """(rank, offset) of the best copy of the quote within text[lo:hi], or None."""
        text, quote = self.text, selector.quote
        lo, hi = max(0, lo), min(len(text), hi)
        best: tuple[tuple[int, int], int] | None = None
        at = text.find(quote, lo, hi)
        while at != -1:
            before = text[max(0, at - len(selector.prefix)) : at]
            after = text[at + len(quote) : at + len(quote) + len(selector.suffix)]
            # Matching context outranks distance: it tells two identical sentences apart
            # even when a long insertion has pushed the right one far from its old offset.
            rank = (
                -((before == selector.prefix) + (after == selector.suffix)),
                abs(at - selector.start),
            )
            if best is None or rank < best[0]:
                best = (rank, at)
            at = text.find(quote, at + 1, hi)
        return best

    def _context_score(self, selector: Selector, start: int, end: int) -> float | None:
        scores: list[float] = []
        if selector.prefix.strip():
            before = self.text[max(0, start - len(selector.prefix)) : start]
            scores.append(fuzz.ratio(_fold(selector.prefix), _fold(before)) / 100)
        if selector.suffix.strip():
            after = self.text[end : end + len(selector.suffix)]
            scores.append(fuzz.ratio(_fold(selector.suffix), _fold(after)) / 100)
        return sum(scores) / len(scores) if scores else None

    def _score(self, selector: Selector, quote_score: float, start: int, end: int) -> float:
        context = self._context_score(selector, start, end)
        if context is None:
            return quote_score
        return (1 - _CONTEXT_WEIGHT) * quote_score + _CONTEXT_WEIGHT * context

    def _find_approximate(self, selector: Selector, threshold: float) -> Anchoring:
        folded_quote = _fold(selector.quote)
        windows = self._candidates()
        if not folded_quote or not windows:
            return Anchoring("orphan", None, None, 0.0)
        lo = bisect_left(self._starts, selector.start - _NEAR_CHARS)
        hi = bisect_right(self._starts, selector.end + _NEAR_CHARS)
        best = self._best_near(selector, folded_quote, range(lo, hi), threshold)
        if best is None or best[0] < _SURE:
            wider = self._best_anywhere(selector, folded_quote, threshold, best)
            if wider is not None and (best is None or wider[0] > best[0]):
                best = wider
        if best is None or best[3] < threshold:
            # Only the few sentences around the old offsets: partial matching is costly, and a
            # clause edited inside its sentence has rarely travelled far.
            lo = bisect_left(self._starts, selector.start - _INSIDE_CHARS)
            hi = bisect_right(self._starts, selector.end + _INSIDE_CHARS)
            inside = self._best_inside(selector, folded_quote, range(lo, hi), threshold)
            if inside is not None:
                best = inside
        if best is None:
            return Anchoring("orphan", None, None, 0.0)
        score, start, end, quote_score = best
        if quote_score < threshold or score < threshold:
            return Anchoring("orphan", None, None, round(score, 4))
        return Anchoring("moved", start, end, round(score, 4), text_changed=True)

    def _best_near(
        self, selector: Selector, folded_quote: str, indices: range, threshold: float
    ) -> tuple[float, int, int, float] | None:
        """Best (score, start, end, quote score) among windows[indices], or None."""
        if not indices:
            return None
        windows = self._candidates()
        choices = self._folded[indices.start : indices.stop]
        # A rejected candidate's score still tells the analyst how close it came, so the
        # cutoff sits below the threshold; the threshold itself is applied by the caller.
        matches = process.extract(
            folded_quote,
            choices,
            scorer=fuzz.ratio,
            score_cutoff=max(0.0, threshold * 100 - 15),
            limit=8,
        )
        ranked: list[tuple[float, float, tuple[float, int, int, float]]] = []
        for _, ratio, offset in matches:
            window = windows[indices.start + offset]
            quote_score = ratio / 100
            score = self._score(selector, quote_score, window.start, window.end)
            distance = abs(window.start - selector.start)
            ranked.append((-score, distance, (score, window.start, window.end, quote_score)))
        return min(ranked)[2] if ranked else None

    def _best_inside(
        self, selector: Selector, folded_quote: str, indices: range, threshold: float
    ) -> tuple[float, int, int, float] | None:
        """A passage inside a longer sentence near the old offsets, for a quote that is only
        part of a sentence (a clause, a name), snapped to whole words."""
        windows = self._candidates()
        longer = [
            i
            for i in indices
            if windows[i].single and len(windows[i].folded) * threshold > len(folded_quote)
        ]
        if not longer:
            return None
        match = process.extractOne(
            folded_quote,
            [windows[i].folded for i in longer],
            scorer=fuzz.partial_ratio,
            score_cutoff=threshold * 100,
        )
        if match is None:
            return None
        window = windows[longer[match[2]]]
        sentence = self.text[window.start : window.end]
        alignment = fuzz.partial_ratio_alignment(
            selector.quote, sentence, processor=lambda s: s.casefold()
        )
        if alignment is None:
            return None
        start = window.start + alignment.dest_start
        end = window.start + alignment.dest_end
        # Widen to whole words so a partial-word match ("Linus" in "machines") cannot pass.
        while start > window.start and self.text[start - 1].isalnum():
            start -= 1
        while end < window.end and self.text[end].isalnum():
            end += 1
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        quote_score = fuzz.ratio(folded_quote, _fold(self.text[start:end])) / 100
        if quote_score < threshold or not self._placed_well(selector, start, end):
            return None
        return (self._score(selector, quote_score, start, end), start, end, quote_score)

    def _placed_well(self, selector: Selector, start: int, end: int) -> bool:
        """Whether a short quote found away from its old place has context enough to trust.

        A sentence rarely recurs by chance, but a name or figure does: "Mayadeen" elsewhere in
        the article is not the tagged "Mayadeen" unless what surrounds it agrees too.
        """
        if len(selector.quote.strip()) >= _SHORT_QUOTE:
            return True
        context = self._context_score(selector, start, end)
        return context is None or context >= _SHORT_QUOTE_CONTEXT

    def _best_anywhere(
        self,
        selector: Selector,
        folded_quote: str,
        threshold: float,
        near: tuple[float, int, int, float] | None,
    ) -> tuple[float, int, int, float] | None:
        """The window most like the quote in the whole text, if it could beat `near`."""
        # Only a match that could be accepted is worth finding here, and a high cutoff lets
        # rapidfuzz skip most windows on length alone: this is what keeps orphans cheap.
        floor = max(threshold, near[3] if near is not None else 0.0, 0.01)
        # ratio = 2 * matches / (len(a) + len(b)), so a window much shorter or longer than
        # the quote cannot reach the floor whatever its content.
        size = len(folded_quote)
        lo = bisect_left(self._lengths, size * floor / (2 - floor))
        hi = bisect_right(self._lengths, size * (2 - floor) / floor)
        match = process.extractOne(
            folded_quote,
            self._by_length[lo:hi],
            scorer=fuzz.ratio,
            score_cutoff=floor * 100,
        )
        if match is None:
            return None
        _, ratio, offset = match
        window = self._candidates()[self._length_order[lo + offset]]
        quote_score = ratio / 100
        score = self._score(selector, quote_score, window.start, window.end)
        return (score, window.start, window.end, quote_score)


def reanchor(
    selector: Selector, new_text: str, *, threshold: float = DEFAULT_THRESHOLD
) -> Anchoring:
    """Find where a tag made on an older text lands in `new_text`.

    In order: (1) the quote unchanged at its old offsets is "exact"; (2) the quote unchanged
    elsewhere is "exact" there, the occurrence whose prefix and suffix still match winning,
    then the one nearest the old offset; (3) otherwise the sentence (or pair of neighbouring
    sentences) most like the quote and its context is "moved" there if its quote similarity
    and its overall score both reach `threshold`; (4) else the tag is an "orphan" and is
    never attached anywhere else.
    """
    return TextAnchors(new_text).reanchor(selector, threshold=threshold)


def reanchor_all(
    selectors: Iterable[Selector], new_text: str, *, threshold: float = DEFAULT_THRESHOLD
) -> list[Anchoring]:
    """`reanchor` for many tags on one new text, splitting it into sentences only once."""
    anchors = TextAnchors(new_text)
    return [anchors.reanchor(selector, threshold=threshold) for selector in selectors]


class VersionText(Protocol):
    """The text found now for an article (an `annotations.articles.Article`): its id (the
    hash of its text) and the text itself."""

    @property
    def id(self) -> str: ...
    @property
    def text(self) -> str: ...


def off_their_words(tags: Iterable[Tag], version: VersionText) -> list[Tag]:
    """The tags of the article `version` is (same id) that are not orphans and yet do not sit
    on its words: their quote is not the text at their offsets, or those are past its end.

    The article id a tag carries is only a claim (an annotation file from elsewhere, a desk
    edited by hand can give any): the quote is what the analyst tagged. Such a tag is an
    orphan everywhere (`annotations.revisions.reanchor_article`): never shown on the words its
    offsets now cover, listed for the analyst to re-attach.
    """
    return [
        tag
        for tag in tags
        if tag.article_id == version.id and tag.anchor != "orphan" and not tag.sits_on(version.text)
    ]


def place_tags(
    tags: Sequence[Tag],
    new_article: VersionText,
    taken: set[ClaimKey],
    *,
    threshold: float = DEFAULT_THRESHOLD,
) -> list[Tag]:
    """Where each of `tags` lands in `new_article`, in the order given.

    Each tag is looked for in the new text by its quote, prefix, suffix and offsets
    (`reanchor_all`). A tag found gets the new article id, offsets, quote and context, anchor
    "exact" or "moved", and `old_quote` (the quote as first tagged) if the wording changed. A
    tag not found, or whose new place is in `taken` or went to a surer tag, keeps its place
    with anchor "orphan": it is never attached to another claim.
    """
    anchorings = reanchor_all([tag.selector for tag in tags], new_article.text, threshold=threshold)
    taken = set(taken)
    # Exact finds first, then the surest moves: they have the best claim to a place.
    order = sorted(
        range(len(tags)),
        key=lambda i: (anchorings[i].status != "exact", -anchorings[i].score, i),
    )
    placed: dict[int, Tag] = {}
    for i in order:
        found, tag = anchorings[i], tags[i]
        start, end = found.start, found.end
        if start is None or end is None or (new_article.id, start, end) in taken:
            placed[i] = tag if tag.anchor == "orphan" else replace(tag, anchor="orphan")
            continue
        taken.add((new_article.id, start, end))
        selector = selector_for(new_article.text, start, end)
        placed[i] = replace(
            tag,
            article_id=new_article.id,
            start=start,
            end=end,
            quote=selector.quote,
            prefix=selector.prefix,
            suffix=selector.suffix,
            # The same words are the same claim, wherever the edit has pushed them.
            anchor="exact" if selector.quote == tag.quote else "moved",
            old_quote=(tag.old_quote or tag.quote)
            if selector.quote != tag.quote
            else tag.old_quote,
        )
    return [placed[i] for i in range(len(tags))]
