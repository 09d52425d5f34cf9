"""Compare reports: one entity behind many spellings, figures that agree or clash, same claims."""

from __future__ import annotations

from annotations.compare.comparison import Comparison, compare, compare_articles
from annotations.compare.counted import Counted, counted_thing, lemma
from annotations.compare.figures import (
    ALIGNED_LABELS,
    FigureGroup,
    FigureMention,
    FigureStatus,
    align_figures,
    figure_mentions,
    group_figures,
    values_compatible,
)
from annotations.compare.matching import MATCH_THRESHOLD, ClaimMatch, match_claims
from annotations.compare.names import (
    Entity,
    Mention,
    MergeDecision,
    SplitDecision,
    group_entities,
    name_key,
    name_skeleton,
)

__all__ = [
    "ALIGNED_LABELS",
    "MATCH_THRESHOLD",
    "ClaimMatch",
    "Comparison",
    "Counted",
    "Entity",
    "FigureGroup",
    "FigureMention",
    "FigureStatus",
    "MergeDecision",
    "Mention",
    "SplitDecision",
    "align_figures",
    "compare",
    "compare_articles",
    "counted_thing",
    "figure_mentions",
    "group_entities",
    "group_figures",
    "lemma",
    "match_claims",
    "name_key",
    "name_skeleton",
    "values_compatible",
]
