"""The analyst's calls on a comparison, stored as plain dicts of their fields."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from typing import TYPE_CHECKING, Any, Self

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

__all__ = ["Decision"]


class Decision:
    """Base of a frozen dataclass of string fields: an analyst's merge or split of entities or
    figures, as the desk stores it."""

    __slots__ = ()

    def to_dict(self) -> dict[str, str]:
        """JSON-ready form: every field by its name."""
        return {f.name: str(getattr(self, f.name)) for f in fields(self._dataclass())}

    @classmethod
    def of(cls, raw: Self | tuple[str, ...]) -> Self:
        """The decision itself, or one made of its fields in order (as a tuple)."""
        return cls(*raw) if isinstance(raw, tuple) else raw

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Read back what `to_dict` wrote."""
        return cls(*(str(data[f.name]) for f in fields(cls._dataclass_type())))

    def _dataclass(self) -> DataclassInstance:
        return self  # type: ignore[return-value]

    @classmethod
    def _dataclass_type(cls) -> type[DataclassInstance]:
        return cls  # type: ignore[return-value]
