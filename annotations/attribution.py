"""Attribution: who a claim is attributed to ("the Russian Defense Ministry said", "told AFP")."""

# Rules, not a parser: a speech verb ("said", "told", "reported", "accused", ...) and the noun
# phrase before it, or after it when inverted ('..." said Konashenkov.'), or "according to"
# and a phrase that names a source. A sentence-final frame (", the ministry said.") wins over
# a cue inside a quotation. A pronoun subject ("It said", "he added") takes the last named
# source of a recent sentence (an organisation for "it", a person for "he"); a sentence inside
# a quotation whose other sentence names its speaker takes that speaker; an agency sign-off
# ("— Agencies", "(Reuters) -") is the fallback of every sentence with no source of its own.
# Anything else has no source: a wrong source is worse than none.

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from operator import attrgetter
from typing import overload

from annotations.claims import sentence_bounds
from annotations.source_cues import Source, SourceCue, own_source
from annotations.spans import Span

__all__ = ["Attributions", "Source", "SourceCue", "attribute", "source_at"]

_SIGN_OFF_END = re.compile(
    r"[\u2014\u2013-]{1,2}\s*(?P<name>(?:[A-Z][\w.&'-]*)(?:[ /,]+[A-Z][\w.&'-]*){0,3})\s*$"
)
_SIGN_OFF_START = re.compile(
    r"^[^\n(]{0,60}?\((?P<name>[A-Z][\w.&' -]{1,30})\)\s*[\u2014\u2013-]{1,2}\s", re.MULTILINE
)
_QUOTE_MARK = re.compile("``|''|[\"\u201c\u201d]")
_START = attrgetter("start")


def attribute(
    text: str, spans: Sequence[Span] = (), cancelled: Callable[[], bool] | None = None
) -> list[tuple[int, int, Source | None]]:
    """Each sentence of `text` as (start, end, source), in order (see the module's rules).

    `spans` are the detected names: they tell a person from an organisation, and give each
    source the name its entity is found by. `cancelled` is asked every few hundred sentences;
    once it says yes, the sentences not yet read are left without a source.
    """
    found = Attributions(text, spans, cancelled)
    return [found[n] for n in range(len(found))]


_PRONOUN_REACH = 3
"""How many sentences back a pronoun looks for the source it stands for."""


class Attributions(Sequence[tuple[int, int, Source | None]]):
    """The sentences of a text as (start, end, source), each source found when it is first
    asked for, with only the sentences it depends on (a pronoun's last few, a quotation's
    neighbours): `source_at` of a few claims reads a few sentences, not the whole text.
    `attribute` asks for every one."""

    def __init__(
        self, text: str, spans: Sequence[Span] = (), cancelled: Callable[[], bool] | None = None
    ) -> None:
        self.text = text
        self.names = sorted((s for s in spans if s.kind == "name"), key=_START)
        self.name_starts = [name.start for name in self.names]
        self.bounds = sentence_bounds(text)
        self.cancelled = cancelled
        self.stopped = False
        self.fallback = _sign_off(text)
        self._own: dict[int, Source | None] = {}
        self._resolved: dict[int, Source | None] = {}
        self._quoted: dict[int, Source | None] = {}
        self._open_at: dict[int, bool] | None = None

    def __len__(self) -> int:
        return len(self.bounds)

    @overload
    def __getitem__(self, n: int) -> tuple[int, int, Source | None]: ...

    @overload
    def __getitem__(self, n: slice) -> list[tuple[int, int, Source | None]]: ...

    def __getitem__(
        self, n: int | slice
    ) -> tuple[int, int, Source | None] | list[tuple[int, int, Source | None]]:
        if isinstance(n, slice):
            return [self[k] for k in range(*n.indices(len(self)))]
        start, end = self.bounds[n]
        source = self._quotation(n)
        if self.fallback is not None:
            # The sign-off line itself states nothing.
            only = _is_only(self.text[start:end], self.fallback.text)
            source = None if only else source or self.fallback
        return start, end, source

    def _own_at(self, n: int) -> Source | None:
        """The source sentence `n` names itself, or a pronoun placeholder."""
        if n in self._own:
            return self._own[n]
        if self.cancelled is not None and len(self._own) % 256 == 0 and self.cancelled():
            self.stopped = True
        start, end = self.bounds[n]
        source = None
        if not self.stopped:
            first = bisect.bisect_left(self.name_starts, start)
            # (A sentence ends after it starts: every name before `first` starts before it.)
            inside = self.names[first : _index_from(self.name_starts, end, first)]
            source = own_source(self.text, start, end, inside)
        self._own[n] = source
        return source

    def _pronoun(self, n: int) -> Source | None:
        """ "It said" / "he added": the last named source that fits, a few sentences back."""
        if n in self._resolved:
            return self._resolved[n]
        source = resolved = self._own_at(n)
        if source is not None and source.cue == "pronoun":
            resolved = None
            for back in range(n - 1, max(-1, n - 1 - _PRONOUN_REACH), -1):
                earlier = self._own_at(back)
                if earlier is None or earlier.cue in ("pronoun", "sign-off"):
                    continue
                if earlier.speaker and earlier.speaker != source.speaker:
                    continue
                if not earlier.speaker and source.speaker == "person":
                    continue
                resolved = replace(earlier, cue="pronoun")
                break
        self._resolved[n] = resolved
        return resolved

    def _quotation(self, n: int) -> Source | None:
        """A sentence inside a quotation takes the source of the attributed sentence of the
        same paragraph that opens the quotation, or that the quotation runs on into."""
        if n in self._quoted:
            return self._quoted[n]
        # A quotation carries its source forward sentence by sentence: find where this one's
        # carrying begins, then carry from there.
        first = n
        while (
            first > 0
            and self._pronoun(first) is None
            and self._open(first)
            and _same_paragraph(self.bounds, self.text, first - 1, first)
            and first - 1 not in self._quoted
        ):
            first -= 1
        for k in range(first, n + 1):
            self._quoted[k] = self._carried(k)
        return self._quoted[n]

    def _carried(self, n: int) -> Source | None:
        source = self._pronoun(n)
        if source is not None:
            return source
        # Forward: the quotation was opened by an attributed sentence ("X said: \"...").
        earlier = self._quoted.get(n - 1) if n > 0 else None
        if (
            self._open(n)
            and earlier is not None
            and _same_paragraph(self.bounds, self.text, n - 1, n)
        ):
            return replace(earlier, cue="quotation")
        # Backward: the quotation runs on into the sentence that names its speaker.
        # The next sentence is read only when a quotation runs on into it (open where it
        # begins: what this one leaves open, known once and kept).
        if (
            n + 1 < len(self.bounds)
            and _same_paragraph(self.bounds, self.text, n, n + 1)
            and self._open(n + 1)
        ):
            later = self._pronoun(n + 1)
            if later is not None:
                return replace(later, cue="quotation")
        return None

    def _open(self, n: int) -> bool:
        """Whether a quotation is open where sentence `n` begins (a paragraph closes one)."""
        if self._open_at is None:
            self._open_at = {}
        known = self._open_at.get(n)
        if known is not None:
            return known
        # Only the paragraph's sentences before `n` can leave a quotation open: read them,
        # from the paragraph's first sentence on, and remember what each found.
        text, bounds = self.text, self.bounds
        first = n
        while (
            first > 0
            and first - 1 not in self._open_at
            and _same_paragraph(bounds, text, first - 1, first)
        ):
            first -= 1
        inside = False
        if first > 0 and _same_paragraph(bounds, text, first - 1, first):
            start, end = bounds[first - 1]
            inside = _toggles(text[start:end], self._open_at[first - 1])
        for k in range(first, n):
            self._open_at[k] = inside
            start, end = bounds[k]
            inside = _toggles(text[start:end], inside)
        # (What sentence `n` leaves open is read only if the next one is asked about.)
        self._open_at[n] = inside
        return inside


def source_at(
    attributions: Sequence[tuple[int, int, Source | None]],
    start: int,
    end: int,
    starts: Sequence[int] | None = None,
) -> Source | None:
    """The source of the claim [start, end): that of the sentence it starts in; a claim joined
    from several sentences takes the last one's, where the frame (", X said.") stands.
    `starts`, the sentences' start offsets, saves rebuilding them on every call."""
    if starts is None:
        starts = [a[0] for a in attributions]
    first = bisect.bisect_right(starts, start) - 1
    if end > start:  # every sentence up to `first` starts before `end`
        last = _index_from(starts, end, first + 1) - 1
    else:
        last = bisect.bisect_left(starts, end) - 1
    # From the last sentence back, each asked once: the first source found is the last one,
    # and an `Attributions` does not find the sources of the sentences before it.
    for n in range(min(max(last, first), len(attributions) - 1), max(first, 0) - 1, -1):
        source = attributions[n][2]
        if source is not None:
            return source
    return None


def _index_from(starts: Sequence[int], value: int, lo: int) -> int:
    """`bisect.bisect_left(starts, value)`, given that every one of `starts[:lo]` is below
    `value`: looked for among the next few first, where a sentence's end (among the names'
    starts) or a claim's end (among the sentences') nearly always is. A search of the whole
    list cost a dozen comparisons more, and there is one for each sentence and claim."""
    hi = min(len(starts), lo + 8)
    found = bisect.bisect_left(starts, value, lo, hi)
    return found if found < hi else bisect.bisect_left(starts, value, hi)


# --- across sentences ------------------------------------------------------------------------


def _toggles(sentence: str, inside: bool) -> bool:
    """Whether a quotation is open after `sentence`, given whether one was open before it."""
    for mark in _QUOTE_MARK.findall(sentence):
        if mark in ("\u201c", "``"):
            inside = True
        elif mark in ("\u201d", "''"):
            inside = False
        else:
            inside = not inside
    return inside


def _same_paragraph(bounds: Sequence[tuple[int, int]], text: str, a: int, b: int) -> bool:
    return "\n" not in text[bounds[a][1] : bounds[b][0]]


def _is_only(sentence: str, sign_off: str) -> bool:
    return sentence.strip(" \u2014\u2013-()") == sign_off


def _sign_off(text: str) -> Source | None:
    """The agency sign-off of a wire story: "— Agencies" at the end, "(Reuters) -" up top."""
    tail = text.rstrip()
    end_match = _SIGN_OFF_END.search(tail[-80:])
    if end_match is not None:
        offset = len(tail) - len(tail[-80:])
        start = offset + end_match.start("name")
        end = offset + end_match.end("name")
        return Source(start, end, text[start:end], "sign-off")
    start_match = _SIGN_OFF_START.search(text[:400])
    if start_match is not None:
        start, end = start_match.start("name"), start_match.end("name")
        return Source(start, end, text[start:end], "sign-off")
    return None
