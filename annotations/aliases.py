"""The built-in alias table: well-known groups and places of conflict reporting, many spellings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

__all__ = ["BUILTIN_ALIASES", "with_aliases"]

BUILTIN_ALIASES: Mapping[str, tuple[str, ...]] = {
    "ISIS": (
        "IS",
        "ISIL",
        "Daesh",
        "Da'esh",
        "Daish",
        "Islamic State",
        "Islamic State group",
        "so-called Islamic State",
        "so-called IS",
        "Islamic State of Iraq and Syria",
        "Islamic State of Iraq and the Levant",
        "Islamic State of Iraq and al-Sham",
    ),
    "SDF": ("Syrian Democratic Forces",),
    "YPG": ("People's Protection Units", "Kurdish People's Protection Units"),
    "SOHR": (
        "Syrian Observatory for Human Rights",
        "Syrian Observatory",
        "Observatory for Human Rights",
        "Human Rights Observatory",
        "Observatory",
    ),
    "HTS": (
        "Hayat Tahrir al-Sham",
        "Tahrir al-Sham",
        "Nusra Front",
        "al-Nusra Front",
        "Jabhat al-Nusra",
    ),
    "FSA": ("Free Syrian Army",),
    "SAA": ("Syrian Arab Army", "Syrian army"),
    "Hezbollah": ("Hizbollah", "Hizbullah", "Hizballah"),
    "PKK": ("Kurdistan Workers' Party", "Kurdistan Workers Party"),
    "UN": ("U.N.", "United Nations"),
    "NATO": ("North Atlantic Treaty Organization",),
    "EU": ("European Union",),
    "US": ("U.S.", "USA", "U.S.A.", "United States", "United States of America"),
    "UK": ("U.K.", "United Kingdom", "Britain", "Great Britain"),
    "Russia": ("Russian Federation",),
    "Syria": ("Syrian Arab Republic",),
    "Russian Defence Ministry": (
        "Russian Defense Ministry",
        "Russian Ministry of Defence",
        "Russian Ministry of Defense",
        "Russia's Defence Ministry",
        "Russia's Defense Ministry",
        "Russian MoD",
    ),
    "SANA": ("Syrian Arab News Agency", "Sana news agency"),
    "AFP": ("Agence France-Presse", "Agence France Presse"),
}
"""Canonical name -> other names the same group or place goes by in news reports."""


def with_aliases(
    extra: Mapping[str, Sequence[str]] | None,
    base: Mapping[str, Sequence[str]] = BUILTIN_ALIASES,
) -> dict[str, tuple[str, ...]]:
    """The alias table extended by the analyst's own entries (canonical -> aliases).

    An extra entry under an existing canonical name adds to its aliases rather than replacing them.
    """
    table: dict[str, tuple[str, ...]] = {name: tuple(names) for name, names in base.items()}
    for name, names in (extra or {}).items():
        known = table.get(name, ())
        table[name] = known + tuple(n for n in names if n not in known)
    return table
