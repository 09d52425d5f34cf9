"""A cheaper way to make the many spans one article yields, with the same result as Span()."""

from __future__ import annotations

from annotations.spans import NumberValue, Span, SpanKind

__all__ = ["quick_span"]

# Span is a frozen dataclass with slots: its __init__ goes through object.__setattr__ once a
# field, about three times the cost of setting the slots directly. Detection makes one span
# per figure and name, so this is a measurable share of the highlighter's time.
_new = object.__new__
_set_start, _set_end, _set_kind, _set_label, _set_text, _set_value = (
    Span.__dict__[field].__set__ for field in ("start", "end", "kind", "label", "text", "value")
)


def quick_span(
    start: int, end: int, kind: SpanKind, label: str, text: str, value: NumberValue | None = None
) -> Span:
    """The same as Span(start, end, kind, label, text, value), made faster."""
    span: Span = _new(Span)
    _set_start(span, start)
    _set_end(span, end)
    _set_kind(span, kind)
    _set_label(span, label)
    _set_text(span, text)
    _set_value(span, value)
    return span
