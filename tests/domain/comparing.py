"""What the comparison tests share: the seeds, and articles and spans made by hand."""

from __future__ import annotations

from pathlib import Path

from annotations.articles import Article, load_article
from annotations.claims import Claim, find_claims
from annotations.detection import detect
from annotations.spans import NumberValue, Span

__all__ = ["Prepared", "article_of", "name", "number", "seed_articles"]

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
FIRST = SEEDS / "russian-strikes-kill-120-daesh-militants.txt"
SECOND = SEEDS / "some-120-daesh-fighters-killed-moscow.txt"

Prepared = list[tuple[Article, list[Span], list[Claim]]]


def seed_articles() -> Prepared:
    """The two seed reports, detected, with their claims."""
    out = []
    for path in (FIRST, SECOND):
        article = load_article(path)
        spans = detect(article.text)
        out.append((article, spans, find_claims(article.id, article.text, spans)))
    return out


def article_of(text: str, name: str) -> Article:
    return Article(id=name, text=text, title=name)


def number(
    text: str,
    needle: str,
    low: float | None,
    high: float | None,
    *,
    approximate: bool = False,
    label: str = "count",
    nth: int = 0,
) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return Span(
        start, start + len(needle), "number", label, needle, NumberValue(low, high, approximate)
    )


def name(text: str, needle: str, label: str) -> Span:
    start = text.index(needle)
    return Span(start, start + len(needle), "name", label, needle)
