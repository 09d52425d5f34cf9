"""What the other reports say about a claim: the lines under it in the detail panel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from annotations.analysts import shown_analyst
from annotations.safe_text import single_line

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from annotations.articles import Article
    from annotations.claims import Claim
    from annotations.compare import Comparison, Entity, FigureGroup
    from annotations.sourcing import ArticleSourcing
    from annotations.spans import Span
    from annotations.store import Desk, Tag

__all__ = ["context_lines", "short_label", "sourcing_line"]

_CUE_NOTES = {
    "pronoun": " (named before)",
    "quotation": " (the quotation's speaker)",
    "sign-off": " (agency sign-off)",
}
"""How a source not named in the claim itself was found, as the panel says it."""


def short_label(articles: Sequence[Article], article_id: str) -> str:
    """The article's column label: "A1" for the first open article, "?" for one not open."""
    for index, article in enumerate(articles):
        if article.id == article_id:
            return f"A{index + 1}"
    return "?"


def context_lines(
    claim: Claim,
    span: Span | None,
    *,
    articles: Sequence[Article],
    comparison: Comparison | None,
    desk: Desk,
    tag: Tag | None,
) -> list[Content]:
    """The entity or figure group of the name or figure the analyst is on (`span`), the best
    matching claim of another report, a moved tag's old wording, and the claim's links.

    Article text goes in as plain content, never as markup.
    """
    lines: list[Content] = []
    if comparison is not None and span is not None:
        if span.kind == "name":
            entity = comparison.entity_of(claim.article_id, span.start)
            if entity is not None:
                lines.append(_entity_line(entity, span, articles))
        elif span.kind == "number":
            group = comparison.figure_group_of(claim.article_id, span.start)
            if group is not None:
                lines.append(_figure_line(group, claim, span, articles))
    if comparison is not None:
        match = comparison.best_match(claim.article_id, claim.start)
        if match is not None:
            lines.append(
                Content.assemble(
                    ("Match:   ", "bold"),
                    (f"{match.score:.2f} ", "dim"),
                    (f"{short_label(articles, match.match.article_id)} ", "bold"),
                    single_line(match.match.text),
                    ("  (m shows it)", "dim"),
                )
            )
            lines.append(
                Content.assemble(
                    ("Why:     ", "bold"),
                    single_line(match.evidence.summary(comparison.entity_names())),
                )
            )
        elif len(articles) > 1:
            # Here, not at the top: the matcher is loaded by the comparison, after the first
            # screen is drawn.
            from annotations.compare.matching import MATCH_THRESHOLD

            lines.append(
                Content.assemble(
                    ("Match:   ", "bold"),
                    (f"none: no claim of the other reports reaches {MATCH_THRESHOLD:.2f}", "dim"),
                )
            )
    if tag is not None and tag.anchor == "moved":
        lines.append(
            Content.assemble(
                ("Moved:   ", "bold $text-warning"),
                "the article changed since this was tagged",
                *(("; it read: ", (single_line(tag.old_quote), "italic")) if tag.old_quote else ()),
            )
        )
    lines.extend(_link_lines(desk, claim, articles))
    return lines


def sourcing_line(
    claim: Claim,
    sourcing: ArticleSourcing | None,
    comparison: Comparison | None,
    merges: Sequence[Mapping[str, str]] = (),
) -> list[Content]:
    """Who the claim is attributed to (grouped with an entity, after the analyst's `merges`)
    and the words that hedge it, as one panel line; none until the article's sources are read."""
    if sourcing is None:
        return []
    sourced = sourcing.claim(claim, comparison, merges)
    source = sourced.source
    parts: list[str | tuple[str, str]] = [("Source:  ", "bold")]
    if source is None:
        parts.append(("none named", "dim"))
    else:
        parts.append((single_line(source.text), "bold $text-primary"))
        entity = sourced.source_entity
        if entity and entity != source.text:
            parts.append(f" = {single_line(entity)}")
        if source.via:
            parts.append(f" via {single_line(source.via)}")
        parts.append((_CUE_NOTES.get(source.cue, ""), "dim"))
    parts.append(("   Hedges: ", "bold"))
    if sourced.hedges:
        parts.append(
            (", ".join(f"{single_line(h.text)} ({h.kind})" for h in sourced.hedges), "italic")
        )
    else:
        parts.append(("none", "dim"))
    return [Content.assemble(*parts)]


def _entity_line(entity: Entity, span: Span, articles: Sequence[Article]) -> Content:
    """The entity of the name the cursor is on, with its mentions per article and spellings."""
    counts = " · ".join(
        f"{short_label(articles, article.id)} ×"
        f"{sum(1 for m in entity.mentions if m.article_id == article.id)}"
        for article in articles
    )
    return Content.assemble(
        ("Entity:  ", "bold"),
        (single_line(entity.name), "bold $text-accent"),
        f" ({_labels(entity, span)}) · {counts} · spellings: ",
        " / ".join(single_line(text) for text in entity.spellings),
    )


def _labels(entity: Entity, span: Span) -> str:
    """The name's own label, as the Names line gives it, then any other the entity's
    mentions carry: "group, elsewhere org" rather than a label that contradicts the line above."""
    others = sorted({m.label for m in entity.mentions} - {span.label})
    return span.label + (f", elsewhere {' / '.join(others)}" if others else "")


def _figure_line(
    group: FigureGroup, claim: Claim, span: Span, articles: Sequence[Article]
) -> Content:
    """The figure group of the figure the cursor is on: its verdict, what it counts, and
    the same figure in the other reports."""
    style = {"agree": "bold $text-success", "clash": "bold $text-error"}.get(group.status, "")
    others = [
        f"{short_label(articles, m.article_id)} {single_line(m.text)}"
        for m in group.mentions
        if not (m.article_id == claim.article_id and m.start == span.start)
    ]
    return Content.assemble(
        ("Figure:  ", "bold"),
        (group.status, style),
        f" · counts {single_line(group.counts) or '?'} · ",
        "; ".join(others) if others else "no counterpart in the other reports",
    )


def _link_lines(desk: Desk, claim: Claim, articles: Sequence[Article]) -> list[Content]:
    lines: list[Content] = []
    tag = desk.tag_on(claim)  # an orphaned tag at the claim's place lends it no links
    if tag is None:
        return lines
    for link in desk.links_of(claim.article_id, claim.start, claim.end):
        other = desk.tag_by_id(link.other(tag.id))
        style = "bold $text-success" if link.relation == "corroborates" else "bold $text-error"
        lines.append(
            Content.assemble(
                ("Link:    ", "bold"),
                (str(link.relation), style),
                " ",
                (f"{short_label(articles, other.article_id)} " if other else "", "bold"),
                single_line(other.quote) if other else "(a claim no longer open)",
                (f"  by {shown_analyst(link.analyst)}" if link.analyst else "", "dim"),
            )
        )
    return lines
