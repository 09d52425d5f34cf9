"""The desk's smaller widgets: column headings, the legend, the claim detail and the status line."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.geometry import Region
from textual.widgets import Static

from annotations.analysts import shown_analyst
from annotations.claim_history import RESOLVED, ClaimChange, overruled
from annotations.safe_text import single_line
from annotations.team.verdicts import Verdict
from tui.article_view import ArticleView
from tui.one_layout import KeepsLinesOnNewHeight, SizedInOneLayout

if TYPE_CHECKING:
    from typing import Self

    from textual.app import ComposeResult

    from annotations.articles import Article
    from annotations.claims import Claim
    from annotations.spans import Span

__all__ = [
    "ArticleColumn",
    "ArticleColumns",
    "ClaimDetail",
    "ClaimDetailState",
    "LABEL_STYLES",
    "Legend",
    "StatusLine",
]

LABEL_STYLES: dict[str, str] = {
    "number-count": "bold $text-warning",
    "number-quantity": "bold italic $text-warning",
    "number-percent": "bold $text-error",
    "number-money": "bold $text-success",
    "number-date": "italic $text-warning",
    "number-duration": "$text-warning",
    "name-person": "bold $text-primary",
    "name-org": "bold italic $text-primary",
    "name-place": "italic $text-secondary",
    "name-group": "$text-secondary",
}
"""Legend styles; they mirror the article-view component classes in newsdesk.tcss.

Figures are warm, names blue: the accent colour is left out because the stock themes make
it the warning colour. Labels of one hue differ in weight or slant (count, quantity, date
and duration; the four kinds of name), so a reader who cannot tell hues apart still can;
percent and money also carry their sign. Underline is left to figures found on one side.
"""

FIGURE_STYLES: dict[str, str] = {
    "agree": "on $success 30%",
    "clash": "bold on $error 55%",
    "one side": "underline",
}
"""How figures lined up across articles look, as in newsdesk.tcss."""


class ArticleColumns(KeepsLinesOnNewHeight, Horizontal, SizedInOneLayout):
    """The articles side by side."""


class ArticleColumn(KeepsLinesOnNewHeight, Vertical, SizedInOneLayout):
    """One article: its heading (title, date, source) above its text."""

    def __init__(self, article: Article, *, index: int) -> None:
        super().__init__(id=f"column-{index}", classes="article-column")
        self.article = article
        self.index = index
        self._found = (0, 0)
        """Highlights and standing passages detection found."""
        self._shown = ""

    def compose(self) -> ComposeResult:
        article = self.article
        yield Static(self._title(), classes="column-title", markup=False)
        yield Static(self._facts(), classes="column-facts", markup=False)
        yield Static(Content("detecting names and figures…"), classes="column-progress")
        yield ArticleView(article.text, article_id=article.id, id=f"view-{self.index}")

    def _title(self) -> Content:
        return Content.styled(single_line(self.article.title), "bold")

    def _facts(self) -> Content:
        article = self.article
        facts = [single_line(part) for part in (article.date, article.source) if part]
        if article.path:
            # The file name first: a long folder must not push it out of a narrow column.
            folder, _, name = article.path.replace("\\", "/").rpartition("/")
            facts.append(single_line(f"{name} (in {folder})" if folder else name))
        else:
            facts.append("(no file)")
        return Content(" · ".join(facts))

    def show_article(self, article: Article) -> None:
        """Show the article's heading again (the analyst renamed it, or set outlet or date)."""
        self.article = article
        self.query_one(".column-title", Static).update(self._title())
        self.query_one(".column-facts", Static).update(self._facts())

    @property
    def view(self) -> ArticleView:
        """The article's text view."""
        return self.query_one(ArticleView)

    def show_progress(self, done: float) -> None:
        """Say how far detection has come on a long article."""
        self._shown = ""
        progress = self.query_one(".column-progress", Static)
        progress.update(Content(f"detecting names and figures… {done:.0%}"))

    def detection_done(self, spans: int, claims: int, standing: int = 0) -> None:
        """Replace the progress line by what detection found."""
        self._found = (spans, standing)
        self._shown = self._found_text(claims)
        self.query_one(".column-progress", Static).update(Content(self._shown))

    def _found_text(self, claims: int) -> str:
        spans, standing = self._found
        found = (
            f"{spans} highlight{'' if spans == 1 else 's'} · "
            f"{claims} claim{'' if claims == 1 else 's'}"
        )
        if standing:
            # Say why part of the text is grey and plain.
            found += f" · {standing} standing passage{'' if standing == 1 else 's'} greyed"
        return found

    def show_tagged(self, tagged: int, claims: int) -> None:
        """Add how many of the article's claims have a verdict to what detection found, with
        the claims counted as they are now (a split or a join changes how many)."""
        line = f"{self._found_text(claims)} · tagged {tagged} of {claims}"
        if line == self._shown:
            return  # a redraw of the same line would widen the screen's repaint for nothing
        self._shown = line
        progress = self.query_one(".column-progress", Static)
        progress.update(Content(line), layout=False)


class Legend(Static):
    """One line naming each highlight colour."""

    def on_mount(self) -> None:
        # Short enough for 120 columns: figures, then names, then figures across articles.
        parts: list[str | tuple[str, str]] = []
        for key, style in LABEL_STYLES.items():
            if key == "name-person":
                parts.append("· ")
            parts.extend([(key.split("-")[1], style), " "])
        parts.append("· ")
        for label, style in FIGURE_STYLES.items():
            parts.extend([(label, style), " "])
        parts.extend(["· ", ("standing", "$foreground 60%"), " · ? help"])
        self.update(Content.assemble(*parts))


@dataclass
class ClaimDetailState:
    """Everything the detail panel shows about the current claim."""

    claim: Claim | None = None
    article_title: str = ""
    position: str = ""
    status: str | None = None
    note: str = ""
    analyst: str = ""
    updated_at: str = ""
    pending: bool = False
    claims_in_article: int = 0
    out_of_sight: str = ""
    """Why none of the claim's text shows on screen, if so: said in place of the title."""
    nested: str = ""
    """Where a drawn claim sits in its sentence: " · drawn 1 of 2 in it"."""
    history: tuple[ClaimChange, ...] = ()
    verdicts: list[Verdict] = field(default_factory=list)
    """Each analyst's verdict and note while they disagree (empty otherwise)."""
    extra: list[Content] = field(default_factory=list)


def _span_list(spans: tuple[Span, ...]) -> list[str | tuple[str, str]]:
    parts: list[str | tuple[str, str]] = []
    # A name or figure the claim repeats is listed once.
    unique = {(span.text, span.kind, span.label): span for span in reversed(spans)}
    for number, span in enumerate(reversed(unique.values())):
        if number:
            parts.append(", ")
        parts.append((single_line(span.text), LABEL_STYLES.get(f"{span.kind}-{span.label}", "")))
        parts.append((f" {span.label}", "dim"))
    return parts or [("none", "dim")]


TITLE_PLACE = ("", "title")
"""Where the article's title goes in the heading, once the room left for it is known."""


def _heading(parts: list[str | tuple[str, str]], title: str, width: int) -> Content:
    """The panel's first line, on one row when it shows the article's title: the title (also
    shown above, in its column's header) is cut short first, then who tagged the claim and
    when, at the end of the row. The saving mark and the tagger come and go with the tags, and
    a heading that took another row would lay the whole screen out again (and move the
    articles by a row) on a tag key. A claim out of view says why in full, on as many rows as
    it takes: that comes with a new size of the window, not with a tag."""
    if TITLE_PLACE not in parts:
        return Content.assemble(*parts)
    others = Content.assemble(*(part for part in parts if part != TITLE_PLACE))
    room = width - others.cell_length - len(" · ")
    if width <= 0 or room >= Content(title).cell_length:
        shown: list[str | tuple[str, str] | Content] = [" · ", (title, "bold")]
    elif room >= 2:
        shown = [" · ", Content.styled(title, "bold").truncate(room, ellipsis=True)]
    else:
        shown = []
    line = Content.assemble(
        *(piece for part in parts for piece in (shown if part == TITLE_PLACE else [part]))
    )
    return line.truncate(width, ellipsis=True) if 0 < width < line.cell_length else line


def _history_line(history: tuple[ClaimChange, ...], width: int, most: int = 3) -> Content:
    """The latest changes of a claim, newest last, on one row of `width` cells (a tag adds a
    change; a line that took another row would lay the screen out again): as many of the last
    `most` as fit with their time, then with a shorter time, then with none; who made the
    change and what it was go last, and the last change alone is cut short if nothing fits."""
    line = Content.assemble(("History: ", "bold"), ("none yet", "dim"))
    for when in (_full_time, _short_time, None):
        for shown in range(min(most, len(history)), 0, -1):
            parts: list[str | tuple[str, str]] = [("History: ", "bold")]
            if len(history) > shown:
                parts.append((f"{len(history) - shown} earlier · ", "dim"))
            for number, change in enumerate(history[-shown:]):
                if number:
                    parts.append(" · ")
                if when is not None:
                    parts.append((f"{when(change.at)} ", "dim"))
                parts.append((shown_analyst(change.analyst), "bold"))
                parts.append(f" {_change_words(change)}")
            line = Content.assemble(*parts)
            if width <= 0 or line.cell_length <= width:
                return line
    return line.truncate(width, ellipsis=True) if width > 0 else line


def _full_time(at: str) -> str:
    return at.replace("T", " ").rstrip("Z")


def _short_time(at: str) -> str:
    """Month, day, hours and minutes of an ISO time ("12-03 22:12"), else as stored."""
    date, _, clock = at.partition("T")
    return f"{date[5:10]} {clock[:5]}" if len(date) == 10 and len(clock) >= 5 else _full_time(at)


def _change_words(change: ClaimChange) -> str:
    if change.field == "status":
        return f"{change.before} → {change.after}"
    if change.field == RESOLVED:
        return f"resolved as {change.after}"
    return "note removed" if not change.after else "note"


def _verdict_line(verdict: Verdict) -> Content:
    """One analyst's verdict on a claim in conflict, with when and their note."""
    note = " ⏎ ".join(single_line(line) for line in verdict.note.splitlines())
    style = {"confirmed": "$text-success", "disputed": "$text-error"}.get(verdict.status, "")
    return Content.assemble(
        ("  ", ""),
        (shown_analyst(verdict.analyst), "bold"),
        " ",
        (verdict.status, style),
        (f" {verdict.at.replace('T', ' ').rstrip('Z')}", "dim"),
        *((("  note: ", "bold"), (note, "")) if note else (("  no note", "dim"),)),
    )


def _rows(line: Content, width: int) -> int:
    """How many rows `line` takes wrapped to `width` (only a line too long is wrapped)."""
    return 1 if line.cell_length <= width and "\n" not in line.plain else len(line.wrap(width))


def _same(line: Content, other: Content) -> bool:
    """The same text in the same styles (Content's own == compares the text alone)."""
    return line.plain == other.plain and line.spans == other.spans


class ClaimDetail(Static, SizedInOneLayout):
    """The current claim: its status, figures, names, note and what other reports say."""

    _shown: tuple[int, list[Content], list[int]] | None = None
    """The panel's width, its lines and the rows each takes at that width, once known."""

    _changed_rows: list[Region] | None = None
    """The rows whose lines the next repaint changes, when the others stay as they are."""

    def show(self, state: ClaimDetailState) -> None:
        """Render a claim's details; all article text goes in as plain content."""
        claim = state.claim
        if claim is None:
            hint = (
                f"{state.claims_in_article} claims in this article: j goes to the next one."
                if state.claims_in_article
                else "No claims yet: an article's claims are its sentences with numbers or names."
            )
            self._show([Content.styled(hint, "dim"), *state.extra])
            return
        status = state.status or "untagged"
        status_style = {"confirmed": "bold $text-success", "disputed": "bold $text-error"}.get(
            status, "dim"
        )
        if state.verdicts:
            status, status_style = "≠ in conflict", "bold $text-warning"
        lines: list[Content] = []
        heading: list[str | tuple[str, str]] = [
            (f"● {status}", status_style),
            ("  (saving…)" if state.pending else "", "italic $text-warning"),
        ]
        # In conflict, each analyst's verdict is listed below: the later one did not overrule
        # the other (they tagged apart, on their own desks), so no "changed it" warning.
        overruling = None if state.verdicts else overruled(state.history)
        if overruling is not None:
            latest, replaced = overruling
            heading.append(
                (
                    f"   ⚠ {shown_analyst(latest.analyst)} changed it: was {replaced.after} by "
                    f"{shown_analyst(replaced.analyst)}",
                    "bold $text-warning",
                )
            )
        heading.append(f"   claim {state.position} of {state.claims_in_article}{state.nested}")
        if state.out_of_sight:
            heading.append((f" · not in view: {state.out_of_sight}", "bold $text-warning"))
        else:
            heading.append(TITLE_PLACE)
        if state.analyst and state.status is not None or state.note:
            heading.append((f"   {shown_analyst(state.analyst)} · {state.updated_at}", "dim"))
        lines.append(_heading(heading, single_line(state.article_title), self.content_region.width))
        verdicts = [_verdict_line(verdict) for verdict in state.verdicts]
        if verdicts:
            # The way out of the conflict, said once, after the last analyst's verdict: x
            # settles it too, as untagged (no verdict stands; the history keeps them all).
            settle = "   c / d / x settle it (x as untagged)"
            verdicts[-1] = Content.assemble(verdicts[-1], (settle, "dim"))
        lines.extend(verdicts)
        lines.append(Content.assemble(("Figures: ", "bold"), *_span_list(claim.numbers)))
        lines.append(Content.assemble(("Names:   ", "bold"), *_span_list(claim.names)))
        # A note of several lines shows them all, each break marked, on the one Note line. In
        # conflict each analyst's note is on their verdict's line: the Note line is only for
        # a note that is none of theirs.
        note = " ⏎ ".join(single_line(line) for line in state.note.splitlines())
        if note or not verdicts:
            lines.append(
                Content.assemble(
                    ("Note:    ", "bold"), (note, "") if note else ("none (n to add)", "dim")
                )
            )
        lines.append(_history_line(state.history, self.content_region.width))
        lines.extend(state.extra)
        self._show(lines)

    def _show(self, lines: list[Content]) -> None:
        """Show `lines`, laying the screen out again only if the panel's height changes, and
        repainting only the rows that change when each line keeps its rows.

        The panel is as tall as its lines: a new layout would size every widget of the
        screen again, and a tag changes one word of the panel, not how many rows it takes,
        nor the claim's figures, names or match below its first line.
        """
        width = self.content_region.width
        shown, self._shown = self._shown, None
        rows = [_rows(line, width) for line in lines] if width > 0 else []
        if width > 0:
            self._shown = (width, lines, rows)
        if shown is not None and shown[0] == width and shown[2] == rows:
            self._changed_rows = [
                Region(0, sum(rows[:number]), width, rows[number])
                for number, (old, new) in enumerate(zip(shown[1], lines, strict=True))
                if not _same(old, new)
            ]
            if not self._changed_rows:
                return  # the same lines again
        same_height = shown is not None and shown[0] == width and sum(shown[2]) == sum(rows)
        self.update(Content("\n").join(lines), layout=not same_height)

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        changed, self._changed_rows = self._changed_rows, None
        if changed and not (regions or layout or recompose):
            regions = tuple(changed)  # the new lines of `_show`, the others as they were
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)


class StatusLine(Static):
    """Counts per status and the state of saving."""

    _shown: Content | None = None

    def show(
        self, counts: dict[str, int], *, pending: int, failed: int, db: str, replaced: str = ""
    ) -> None:
        """Render the counts and the save state (never any article text); `replaced` names
        the desk file another file replaced, when that is why changes are not saved."""
        parts: list[str | tuple[str, str]] = [
            (f"✓ confirmed {counts.get('confirmed', 0)}", "$text-success"),
            "  ",
            (f"✗ disputed {counts.get('disputed', 0)}", "$text-error"),
            "  ",
            (f"✎ noted {counts.get('noted', 0)}", "$text-secondary"),
            "   ",
        ]
        if counts.get("conflict"):
            parts[-1:] = ["  ", (f"≠ in conflict {counts['conflict']}", "$text-warning"), "   "]
        if failed and replaced:
            why = f"{single_line(replaced)} was replaced by another file; q sets them aside"
            parts.append((f"⚠ {failed} change(s) not saved: {why}", "bold $text-error"))
        elif failed:
            parts.append((f"⚠ {failed} change(s) not saved: r retries", "bold $text-error"))
        elif pending:
            parts.append((f"saving {pending}…", "italic $text-warning"))
        else:
            parts.append(("all changes saved", "dim"))
        parts.append(("  " + single_line(db), "dim"))
        line = Content.assemble(*parts)
        if line == self._shown:
            return  # the same counts again (the writer's moves come in bursts)
        self._shown = line
        # Always one line: no layout pass (and no full-screen repaint) for a new count.
        self.update(line, layout=False)
