"""The brief as one self-contained HTML page: no script, nothing fetched, every text escaped."""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Iterable
from typing import TYPE_CHECKING

from annotations.brief import brief_sections
from annotations.safe_text import printable

if TYPE_CHECKING:
    from annotations.brief import Brief, BriefClaim, BriefFigureRow

__all__ = ["CONTENT_SECURITY_POLICY", "brief_html"]

_STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 72em; color: #1b1b1b;
  background: #fff; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.25em; border-bottom: 1px solid #ccc; padding-bottom: 0.2em; margin-top: 2em; }
table { border-collapse: collapse; width: 100%; margin: 0.6em 0; }
th, td { border: 1px solid #d0d0d0; padding: 0.35em 0.5em; text-align: left;
  vertical-align: top; }
th { background: #f2f2f2; }
.clash { color: #a40000; font-weight: bold; }
.agree { color: #1d6b1d; font-weight: bold; }
.confirmed { border-left: 5px solid #1d6b1d; }
.disputed { border-left: 5px solid #a40000; }
.conflict { color: #8a4b00; margin: 0 0 0.3em; }
.claim { padding: 0.4em 0.8em; margin: 0.8em 0; background: #fafafa; }
.quote { font-size: 1.05em; margin: 0 0 0.3em; }
.meta, .muted { color: #555; font-size: 0.92em; }
.note { white-space: pre-wrap; background: #fff8dc; padding: 0.3em 0.5em; margin: 0.3em 0; }
ul { margin: 0.2em 0; }
"""

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; "
    f"style-src 'sha256-{base64.b64encode(hashlib.sha256(_STYLE.encode()).digest()).decode()}'; "
    "img-src 'none'; script-src 'none'; base-uri 'none'; form-action 'none'"
)
"""Nothing may load or run: only the page's own style sheet, named by its hash."""


def _e(text: str) -> str:
    """Untrusted text for HTML: control and bidi characters as safe stand-ins, then escaped."""
    return html.escape(printable(text), quote=True)


def _figures(rows: Iterable[BriefFigureRow]) -> list[str]:
    out = ['<table class="figures"><tr><th>Counts</th><th>Verdict</th><th>Figures</th></tr>']
    for row in rows:
        cells = []
        for title, figures in row.cells:
            items = []
            for f in figures:
                said = f" — {_e(f.source)}" if f.source else ""
                hedged = (
                    f' <span class="muted">({_e(", ".join(f.hedges))})</span>' if f.hedges else ""
                )
                times = f" ×{f.times}" if f.times > 1 else ""
                items.append(f"<li><b>{_e(f.text)}</b> [{_e(f.range)}]{times}{said}{hedged}</li>")
            cells.append(f"<div><i>{_e(title)}</i><ul>{''.join(items)}</ul></div>")
        out.append(
            f'<tr><td>{_e(row.counts)}</td><td class="{_e(row.status)}">{_e(row.status)}</td>'
            f"<td>{''.join(cells)}</td></tr>"
        )
    out.append("</table>")
    return out


def _claim(claim: BriefClaim) -> str:
    parts = [
        f'<div class="claim {_e(claim.status)}">',
        f'<p class="quote">{_e(claim.quote)}</p>',
        f'<p class="meta"><b>{_e(claim.status)}</b> · {_e(claim.article_title)}'
        + (f" · <b>{_e(claim.anchor_remark)}</b>" if claim.anchor_remark else "")
        + (f" · says {_e(claim.source)}" if claim.source else "")
        + f" · {_e(claim.analyst)} {_e(claim.updated_at)}"
        + (f" · analysts: {_e(', '.join(claim.analysts))}" if len(claim.analysts) > 1 else "")
        + "</p>",
    ]
    if claim.conflict:
        parts.insert(1, '<p class="conflict"><b>≠ in conflict</b></p>')
    if claim.verdicts:
        items = "".join(
            f'<li>{_e(v.analyst)}: <b>{_e(v.status)}</b> <span class="muted">{_e(v.at)}</span></li>'
            for v in claim.verdicts
        )
        parts.append(f'<ul class="verdicts">{items}</ul>')
    for analyst, note in claim.notes or ((("", claim.note),) if claim.note else ()):
        whose = f'<span class="muted">{_e(analyst)}:</span> ' if analyst else ""
        parts.append(f'<div class="note">{whose}{_e(note)}</div>')
    if claim.links:
        items = "".join(
            f"<li>{_e(link.relation)}"
            + (f' <span class="muted">(by {_e(link.analyst)})</span>' if link.analyst else "")
            + f': “{_e(link.quote)}” <span class="muted">'
            f"({_e(link.article_title)}, {_e(link.status)})</span></li>"
            for link in claim.links
        )
        parts.append(f"<ul>{items}</ul>")
    parts.append("</div>")
    return "".join(parts)


def brief_html(brief: Brief, *, generated: str) -> str:
    """The brief as a complete HTML document."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        # Our own constant, with no double quote in it: written as it is, readable in the file.
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>newsdesk brief</title>",
        f"<style>{_STYLE}</style></head><body>",
        "<h1>Brief</h1>",
        f'<p class="muted">{len(brief.articles)} article(s) · {len(brief.claims)} claim(s) '
        f"confirmed or disputed · made {_e(generated)} by newsdesk</p>",
        "<h2>Articles</h2>",
        "<table><tr><th>Title</th><th>Outlet</th><th>Date</th><th>File</th></tr>",
    ]
    for a in brief.articles:
        gone = (
            ""
            if a.readable
            else ' <span class="muted">(text not found: file gone, not in the library)</span>'
        )
        out.append(
            f"<tr><td>{_e(a.title)}</td><td>{_e(a.outlet)}</td><td>{_e(a.date)}</td>"
            f"<td>{_e(a.path)}{gone}</td></tr>"
        )
    out.append("</table>")
    out += [f'<p class="muted">{_e(remark)}</p>' for remark in brief.remarks]
    out.append('<h2 id="figures">Figures: clashes and agreements</h2>')
    if brief.figures:
        out += _figures(brief.figures)
    else:
        out.append('<p class="muted">No figure is given by two articles.</p>')
    if brief.one_side:
        out.append(
            f'<p class="muted">{brief.one_side} counted thing(s) only one article gives.</p>'
        )
    for key, heading, claims in brief_sections(brief):
        out.append(f'<h2 id="{key}">{heading} ({len(claims)})</h2>')
        out += [_claim(c) for c in claims] or ['<p class="muted">None.</p>']
    out.append('<h2 id="entities">Names in more than one article</h2>')
    if brief.entities:
        out.append("<table><tr><th>Name</th><th>Kind</th><th>Spellings</th><th>Articles</th></tr>")
        for entity in brief.entities:
            out.append(
                f"<tr><td>{_e(entity.name)}</td><td>{_e(entity.label)}</td>"
                f"<td>{_e(' / '.join(entity.spellings))}</td>"
                f"<td>{_e('; '.join(entity.articles))}</td></tr>"
            )
        out.append("</table>")
    else:
        out.append('<p class="muted">None.</p>')
    out.append("</body></html>")
    return "\n".join(out) + "\n"
