"""The brief for an editor: the desk's articles, the figures that agree and clash, the claims
the analysts confirmed or disputed, and the names more than one article gives."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from annotations.analysts import shown_analyst
from annotations.linked_claims import links_by_tag
from annotations.team.verdicts import Verdict, analyst_notes, in_conflict, verdicts_of

if TYPE_CHECKING:
    from annotations.articles import Article
    from annotations.claims import Claim
    from annotations.desk_now import DeskNow
    from annotations.figures_board import BoardRow
    from annotations.spans import Span
    from annotations.store import Desk

__all__ = [
    "Brief",
    "BriefArticle",
    "BriefClaim",
    "BriefEntity",
    "BriefFigure",
    "BriefFigureRow",
    "BriefLink",
    "brief_sections",
    "build_brief",
]

SECTIONS = (
    ("conflict", "Claims in conflict"),
    ("disputed", "Disputed claims"),
    ("confirmed", "Confirmed claims"),
)
"""The brief's lists of claims: those analysts disagree on first, then by verdict."""

BRIEF_STATUSES = ("confirmed", "disputed")
"""The verdicts a brief lists claims for."""


@dataclass(frozen=True, slots=True)
class BriefArticle:
    """One article of the desk."""

    title: str
    outlet: str
    date: str
    path: str
    readable: bool
    """Whether its text was found (in the library, or in its file: a changed file's new text,
    which its tags were placed on); else it is left off the board."""


@dataclass(frozen=True, slots=True)
class BriefFigure:
    """One figure in one article's cell of a board row."""

    text: str
    """As written ("Some 120")."""
    range: str
    """Normalised ("≈106–134")."""
    source: str
    """Who states it, "" if nobody."""
    hedges: tuple[str, ...]
    """The hedges of its claim."""
    times: int
    """How often the article states it so."""


@dataclass(frozen=True, slots=True)
class BriefFigureRow:
    """One counted thing that two articles or more give."""

    counts: str
    status: str
    """"agree" or "clash"."""
    cells: tuple[tuple[str, tuple[BriefFigure, ...]], ...]
    """(article title, its figures) per article, in the desk's order."""


@dataclass(frozen=True, slots=True)
class BriefLink:
    """A claim linked with another as evidence."""

    relation: str
    quote: str
    article_title: str
    status: str
    analyst: str = ""
    """Who linked the two claims."""


@dataclass(frozen=True, slots=True)
class BriefClaim:
    """A confirmed or disputed claim."""

    status: str
    quote: str
    article_title: str
    note: str
    analyst: str
    """Who made the latest change."""
    analysts: tuple[str, ...]
    """Everyone who changed its verdict or note, first one first."""
    updated_at: str
    source: str
    """Who the article attributes it to, "" if nobody."""
    links: tuple[BriefLink, ...]
    conflict: bool = False
    """Whether analysts' standing verdicts on it differ."""
    verdicts: tuple[Verdict, ...] = ()
    """Each analyst's standing verdict and latest note, when two analysts or more gave one."""
    notes: tuple[tuple[str, str], ...] = ()
    """(analyst, latest note) of each analyst, when their notes differ."""
    anchor: str = "exact"
    """How the tag stands on its article as it is now: "exact", "moved" or "orphan"."""

    @property
    def anchor_remark(self) -> str:
        """What the brief says of a claim not tagged on its article's words as they are now,
        "" for one that is."""
        return ANCHOR_REMARKS.get(self.anchor, "")


ANCHOR_REMARKS = {
    "moved": "moved: its wording changed since it was tagged",
    "orphan": "orphan: its words are not in the article as it is now",
}


@dataclass(frozen=True, slots=True)
class BriefEntity:
    """A name that more than one article gives."""

    name: str
    label: str
    spellings: tuple[str, ...]
    articles: tuple[str, ...]
    """The titles of the articles naming it."""


@dataclass(slots=True)
class Brief:
    """Everything a brief shows, as plain data for the HTML and Markdown writers."""

    articles: list[BriefArticle] = field(default_factory=list)
    figures: list[BriefFigureRow] = field(default_factory=list)
    one_side: int = 0
    """Counted things only one article gives (left off the brief, counted)."""
    claims: list[BriefClaim] = field(default_factory=list)
    entities: list[BriefEntity] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    """What the brief could not show and why ("the board needs two readable articles")."""


Prepared = list[tuple["Article", Sequence["Span"], Sequence["Claim"]]]


def _readable(now: DeskNow) -> Prepared:
    """Each article found now (`DeskNow.articles`, the new text of a changed file once),
    detected."""
    from annotations.claims import find_claims
    from annotations.detection import detect

    prepared: Prepared = []
    versions = {version.id: version for version in now.articles.values()}
    for article in versions.values():
        spans = detect(article.text)
        prepared.append((article, spans, find_claims(article.id, article.text, spans)))
    return prepared


def _figure_row(row: BoardRow, titles: dict[str, str], order: list[str]) -> BriefFigureRow:
    from annotations.figures_board import range_text

    cells = []
    for article_id in order:
        figures = tuple(
            BriefFigure(
                entry.mention.text,
                range_text(entry.mention),
                entry.source_label,
                tuple(h.text for h in entry.hedges),
                times,
            )
            for entry, times in row.distinct(article_id)
        )
        if figures:
            cells.append((titles.get(article_id, ""), figures))
    return BriefFigureRow(row.counts, row.status, tuple(cells))


def build_brief(desk: Desk) -> Brief:
    """The brief of a desk; articles are read from the files the desk remembers."""
    from annotations.compare import compare
    from annotations.desk_now import desk_as_now
    from annotations.entity_decisions import entity_decisions
    from annotations.export import export_rows
    from annotations.figures_board import figures_board

    brief = Brief()
    # Every article as it is now (a library copy, a changed file's new text), with the tags
    # placed on it as opening the desk would place them.
    now = desk_as_now(
        desk, article_ids=[info["id"] for info in desk.articles()], read_unchanged=True
    )
    desk = now.desk
    prepared = _readable(now)
    tagged = {tag.article_id for tag in desk.tags()}
    infos = {info["id"]: info for info in desk.articles()}
    titles = {article_id: info.get("title") or "" for article_id, info in infos.items()}
    listed: set[str] = set()
    for article_id in infos:
        version = now.articles.get(article_id)
        shown = article_id if version is None else version.id
        if shown in listed or (version is None and article_id not in tagged):
            continue
        listed.add(shown)
        info = infos.get(shown) or infos[article_id]
        titles[shown] = info.get("title") or ""
        brief.articles.append(
            BriefArticle(
                titles[shown],
                info.get("source") or "",
                info.get("date") or "",
                info.get("path") or "",
                version is not None,
            )
        )
    if len(prepared) >= 2:
        comparison = compare(prepared, **entity_decisions(desk))
        board = figures_board(
            prepared,
            comparison,
            merges=desk.figure_merges(),
            splits=desk.figure_splits(),
            source_merges=desk.merges(),
        )
        for board_row in board.rows:
            if board_row.status == "one-side":
                brief.one_side += 1
            else:
                brief.figures.append(_figure_row(board_row, titles, board.article_ids))
        for entity in comparison.entities:
            if len(entity.article_ids) > 1:
                named = tuple(
                    titles.get(a, "") for a in board.article_ids if a in entity.article_ids
                )
                brief.entities.append(
                    BriefEntity(entity.name, entity.label, entity.spellings, named)
                )
        brief.entities.sort(key=lambda e: (-len(e.articles), e.name.casefold()))
    else:
        brief.remarks.append(
            f"The figures board and the shared names need two articles whose text is found "
            f"(in the library or their file); {len(prepared)} of {len(brief.articles)} are."
        )
    spans = {article.id: spans for article, spans, _ in prepared}
    texts = {article.id: article.text for article, _, _ in prepared}
    rows = export_rows(desk, spans=spans, texts=texts, statuses=BRIEF_STATUSES)
    links = links_by_tag(desk)
    for row in rows:
        tag = desk.tag_by_id(row.claim_id)
        history = tag.history if tag is not None else ()
        verdicts = verdicts_of(tag) if tag is not None else []
        brief.claims.append(
            BriefClaim(
                row.status,
                row.claim,
                row.article_title,
                row.note,
                shown_analyst(row.analyst),
                tuple(dict.fromkeys(shown_analyst(change.analyst) for change in history)),
                row.updated_at,
                row.source,
                tuple(
                    BriefLink(
                        link.relation,
                        other.quote,
                        titles.get(other.article_id, ""),
                        other.status_name,
                        shown_analyst(link.analyst),
                    )
                    for link, other in links.get(row.claim_id, ())
                ),
                tag is not None and in_conflict(tag),
                tuple(replace(v, analyst=shown_analyst(v.analyst)) for v in verdicts)
                if len(verdicts) > 1
                else (),
                tuple((shown_analyst(a), note) for a, note in analyst_notes(tag).items())
                if tag is not None
                else (),
                row.anchor,
            )
        )
    return brief


def brief_sections(brief: Brief) -> list[tuple[str, str, list[BriefClaim]]]:
    """(id, heading, claims) of each list of claims: a claim in conflict is listed there
    alone, not under the verdict the latest analyst gave it."""
    return [
        (
            key,
            heading,
            [
                c
                for c in brief.claims
                if (c.conflict if key == "conflict" else not c.conflict and c.status == key)
            ],
        )
        for key, heading in SECTIONS
    ]
