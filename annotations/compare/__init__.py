"""Compare reports: one entity behind many spellings, figures that agree or clash, same claims.

The names are loaded from their modules when first used: the desk shows its first screen
without the matcher, the grouping of names and their lexicons, and compares in a worker."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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
    from annotations.compare.name_decisions import MergeDecision, SplitDecision
    from annotations.compare.name_keys import name_key, name_skeleton
    from annotations.compare.names import Entity, Mention, group_entities

_MODULE_OF = {
    "ALIGNED_LABELS": "figures",
    "MATCH_THRESHOLD": "matching",
    "ClaimMatch": "matching",
    "Comparison": "comparison",
    "Counted": "counted",
    "Entity": "names",
    "FigureGroup": "figures",
    "FigureMention": "figures",
    "FigureStatus": "figures",
    "MergeDecision": "name_decisions",
    "Mention": "names",
    "SplitDecision": "name_decisions",
    "align_figures": "figures",
    "compare": "comparison",
    "compare_articles": "comparison",
    "counted_thing": "counted",
    "figure_mentions": "figures",
    "group_entities": "names",
    "group_figures": "figures",
    "lemma": "counted",
    "match_claims": "matching",
    "name_key": "name_keys",
    "name_skeleton": "name_keys",
    "values_compatible": "figures",
}

__all__ = [
    "ALIGNED_LABELS",
    "ClaimMatch",
    "Comparison",
    "Counted",
    "Entity",
    "FigureGroup",
    "FigureMention",
    "FigureStatus",
    "MATCH_THRESHOLD",
    "Mention",
    "MergeDecision",
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


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
