"""Who says each claim and how firmly: a claim's source and hedges, with the source's entity."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from annotations.attribution import Source, attribute, source_at

if TYPE_CHECKING:
    from annotations.claims import Claim
    from annotations.compare import Comparison
    from annotations.hedges import Hedge
    from annotations.spans import Span

__all__ = [
    "ArticleSourcing",
    "ClaimSourcing",
    "MergedKeys",
    "claim_json",
    "entity_name",
    "hedges_json",
    "source_json",
    "source_key",
    "sourcing_of",
    "sourcing_unless_cancelled",
]


@dataclass(frozen=True, slots=True)
class ClaimSourcing:
    """A claim with who it is attributed to and the words that hedge it."""

    claim: Claim
    """The claim."""

    source: Source | None
    """Its source, None if the article attributes it to nobody."""

    source_entity: str | None
    """The comparison entity the source's name belongs to ("Gen. Igor Konashenkov" for
    "Konashenkov"), None if the source has no detected name or nothing was compared."""

    hedges: tuple[Hedge, ...]
    """The hedges inside the claim, in order."""


@dataclass(slots=True)
class ArticleSourcing:
    """Sources and hedges of one article, found once and looked up per claim or figure."""

    article_id: str
    """The `Article.id`."""

    attributions: list[tuple[int, int, Source | None]]
    """Every sentence with its source (see `annotations.attribution.attribute`)."""

    hedges: list[Hedge]
    """Every hedge of the article, in order."""

    _sentence_starts: list[int] = field(default_factory=list, repr=False)
    _hedge_starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._sentence_starts = [a[0] for a in self.attributions]
        self._hedge_starts = [h.start for h in self.hedges]

    def source_of(self, start: int, end: int) -> Source | None:
        """The source of the claim or sentence [start, end)."""
        return source_at(self.attributions, start, end, self._sentence_starts)

    def hedges_of(self, start: int, end: int) -> list[Hedge]:
        """The hedges within [start, end)."""
        from annotations.hedges import hedges_in

        return hedges_in(self.hedges, start, end, self._hedge_starts)

    def claim(
        self,
        claim: Claim,
        comparison: Comparison | None = None,
        merges: Iterable[Mapping[str, str]] | MergedKeys = (),
    ) -> ClaimSourcing:
        """The claim with its source, the source's entity (after the analyst's `merges`) and
        its hedges."""
        source = self.source_of(claim.start, claim.end)
        return ClaimSourcing(
            claim,
            source,
            entity_name(comparison, self.article_id, source, merges),
            tuple(self.hedges_of(claim.start, claim.end)),
        )


def sourcing_of(article_id: str, text: str, spans: Sequence[Span]) -> ArticleSourcing:
    """Find the sources and hedges of one article (`spans`: its detected names and figures)."""
    # The hedges are imported where they are looked for: `compare --json` gives its figures
    # sources through `entity_name` and `source_json`, and compiles no hedge patterns.
    from annotations.hedges import find_hedges

    return ArticleSourcing(article_id, attribute(text, spans), find_hedges(text, spans))


def sourcing_unless_cancelled(
    article_id: str, text: str, spans: Sequence[Span], cancelled: Callable[[], bool]
) -> ArticleSourcing | None:
    """`sourcing_of`, for a worker that may be told to stop: None once `cancelled` says so."""
    from annotations.hedges import find_hedges

    attributions = attribute(text, spans, cancelled)
    if cancelled():
        return None
    return ArticleSourcing(article_id, attributions, find_hedges(text, spans))


def source_key(comparison: Comparison | None, article_id: str, source: Source) -> str:
    """The key a source is grouped and merged by: its name's entity key, or for a source with
    no detected name ("the defense ministry in Moscow") "source:" and its normalised words."""
    from annotations.compare import name_key

    if comparison is not None and source.name_start is not None:
        entity = comparison.entity_of(article_id, source.name_start)
        if entity is not None:
            return entity.key
    words = source.text.split()
    if words and words[0].casefold() in ("the", "a", "an"):
        words = words[1:]
    return "source:" + name_key(" ".join(words))


class MergedKeys:
    """The analyst's merges of entities (the desk's {"key_a", "key_b"} decisions) as groups of
    keys, followed once: asking for a key's group is a lookup, however many decisions chain
    (following them afresh for each claim cost the decisions squared, per claim)."""

    def __init__(self, merges: Iterable[Mapping[str, str]] = ()) -> None:
        parent: dict[str, str] = {}

        def root(key: str) -> str:
            parent.setdefault(key, key)
            while parent[key] != key:
                parent[key] = parent[parent[key]]
                key = parent[key]
            return key

        for merge in merges:
            a, b = root(merge.get("key_a", "")), root(merge.get("key_b", ""))
            if a != b:
                parent[a] = b
        members: dict[str, set[str]] = {}
        for key in parent:
            members.setdefault(root(key), set()).add(key)
        # Frozen: every caller is handed the same group, and none may change it for the next.
        self._groups = {top: frozenset(keys) for top, keys in members.items()}
        self._root = {key: root(key) for key in parent}

    def group(self, key: str) -> frozenset[str]:
        """`key` and every key merged with it, directly or through others."""
        found = self._root.get(key)
        return frozenset((key,)) if found is None else self._groups[found]


def entity_name(
    comparison: Comparison | None,
    article_id: str,
    source: Source | None,
    merges: Iterable[Mapping[str, str]] | MergedKeys = (),
) -> str | None:
    """The name of the entity a source belongs to: its name's entity, or the entity the
    analyst merged it with (`merges`: the desk's {"key_a", "key_b"} decisions, or those
    decisions followed once, for many sources); else None."""
    if comparison is None or source is None:
        return None
    key = source_key(comparison, article_id, source)
    merged = merges if isinstance(merges, MergedKeys) else MergedKeys(merges)
    group = merged.group(key)
    named = comparison.entities_keyed(group)
    if len(named) > 1:  # (most sources have one entity or none: nothing to sort)
        named.sort(key=lambda e: e.key != key)
    if named:
        return named[0].name
    if source.name_start is not None:
        entity = comparison.entity_of(article_id, source.name_start)
        return entity.name if entity is not None else None
    return None


def source_json(source: Source | None, entity: str | None = None) -> dict[str, Any] | None:
    """The JSON form of a source: {text, start, end, entity, via, cue}, or None."""
    if source is None:
        return None
    return {
        "text": source.text,
        "start": source.start,
        "end": source.end,
        "entity": entity,
        "via": source.via,
        "cue": source.cue,
    }


def hedges_json(hedges: Sequence[Hedge]) -> list[dict[str, Any]]:
    """The JSON form of hedges: [{text, start, end, kind}]."""
    return [{"text": h.text, "start": h.start, "end": h.end, "kind": h.kind} for h in hedges]


def claim_json(sourced: ClaimSourcing, file_name_of: Callable[[str], str]) -> dict[str, Any]:
    """One record of `newsdesk claims --json`."""
    claim = sourced.claim
    return {
        "file": file_name_of(claim.article_id),
        "start": claim.start,
        "end": claim.end,
        "text": claim.text,
        "source": source_json(sourced.source, sourced.source_entity),
        "hedges": hedges_json(sourced.hedges),
        "figures": [
            {"text": s.text, "start": s.start, "end": s.end, "label": s.label}
            for s in claim.numbers
        ],
        "names": [
            {"text": s.text, "start": s.start, "end": s.end, "label": s.label} for s in claim.names
        ],
    }
