"""The brief as Markdown: every untrusted text escaped so that nothing in it is read as
Markdown or passes as raw HTML."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from annotations.safe_text import printable

if TYPE_CHECKING:
    from annotations.brief import Brief, BriefClaim

from annotations.brief import brief_sections

__all__ = ["brief_markdown", "markdown_text"]

# CommonMark lets a backslash escape any ASCII punctuation character, and an escaped one is
# always read literally: escaping them all leaves no emphasis, link, heading, list, table,
# code span, entity or HTML tag to be made from the text.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def markdown_text(text: str, indent: str = "") -> str:
    """Untrusted text as literal Markdown: control and bidi characters as safe stand-ins,
    punctuation escaped, each line break a hard break continued at `indent` (leading spaces
    of a line dropped, so none starts a code block)."""
    lines = [_PUNCTUATION.sub(r"\\\1", line.strip()) for line in printable(text).split("\n")]
    return ("\\\n" + indent).join(lines)


def _claim(claim: BriefClaim) -> list[str]:
    m = markdown_text
    meta = f"*{m(claim.status)}* · {m(claim.article_title)}"
    if claim.anchor_remark:
        meta += f" · {m(claim.anchor_remark)}"
    if claim.source:
        meta += f" · says {m(claim.source)}"
    meta += f" · {m(claim.analyst)} {m(claim.updated_at)}"
    if len(claim.analysts) > 1:
        meta += f" · analysts: {m(', '.join(claim.analysts))}"
    if claim.conflict:
        meta = f"≠ **in conflict** · {meta}"
    out = [f"- **{m(claim.quote, '  ')}**", f"  {meta}"]
    for verdict in claim.verdicts:
        out.append(f"  - {m(verdict.analyst)}: *{m(verdict.status)}* {m(verdict.at)}")
    for analyst, note in claim.notes or ((("", claim.note),) if claim.note else ()):
        whose = f" \\({m(analyst)}\\)" if analyst else ""
        out.append(f"  - note{whose}: {m(note, '    ')}")
    for link in claim.links:
        by = f" \\(by {m(link.analyst)}\\)" if link.analyst else ""
        out.append(
            f"  - {m(link.relation)}{by}: “{m(link.quote, '    ')}” "
            f"({m(link.article_title)}, {m(link.status)})"
        )
    return out


def brief_markdown(brief: Brief, *, generated: str) -> str:
    """The brief as a Markdown document."""
    m = markdown_text
    out = [
        "# Brief",
        "",
        f"{len(brief.articles)} article(s) · {len(brief.claims)} claim(s) confirmed or "
        f"disputed · made {generated} by newsdesk",
        "",
        "## Articles",
        "",
    ]
    for a in brief.articles:
        gone = "" if a.readable else " (text not found: file gone, not in the library)"
        details = ", ".join(m(x) for x in (a.outlet, a.date) if x)
        out.append(
            f"- **{m(a.title)}**" + (f" — {details}" if details else "") + f" · {m(a.path)}{gone}"
        )
    out += [
        "",
        *(m(remark) for remark in brief.remarks),
        "",
        "## Figures: clashes and agreements",
        "",
    ]
    for row in brief.figures:
        out.append(f"- **{m(row.counts)}**: {row.status}")
        for title, figures in row.cells:
            shown = []
            for f in figures:
                text = f"{m(f.text)} \\[{m(f.range)}\\]"
                if f.times > 1:
                    text += f" ×{f.times}"
                if f.source:
                    text += f" — {m(f.source)}"
                if f.hedges:
                    text += f" \\({m(', '.join(f.hedges))}\\)"
                shown.append(text)
            out.append(f"  - *{m(title)}*: " + "; ".join(shown))
    if not brief.figures:
        out.append("No figure is given by two articles.")
    if brief.one_side:
        out += ["", f"{brief.one_side} counted thing(s) only one article gives."]
    for _, heading, claims in brief_sections(brief):
        out += ["", f"## {heading} ({len(claims)})", ""]
        for claim in claims:
            out += _claim(claim)
        if not claims:
            out.append("None.")
    out += ["", "## Names in more than one article", ""]
    for entity in brief.entities:
        out.append(
            f"- **{m(entity.name)}** \\({m(entity.label)}\\): "
            f"{m(' / '.join(entity.spellings))} — {m('; '.join(entity.articles))}"
        )
    if not brief.entities:
        out.append("None.")
    return "\n".join(out) + "\n"
