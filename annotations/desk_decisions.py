"""Decisions on the desk: entity merges and splits, figures-board merges and splits, aliases."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from annotations.desk_documents import (
    ALIASES,
    DECISION_FIELDS,
    FIGURE_MERGES,
    FIGURE_SPLITS,
    MERGES,
    SPLITS,
    HasToDict,
    plain_decision,
)
from annotations.desk_records import DeskRecords


class DeskDecisions(DeskRecords):
    """The analyst's calls on what the comparison grouped, each stored once, in order."""

    def _add_decision(self, table: str, decision: dict[str, str], same: set[str]) -> None:
        with self._change_lock:
            self._check_open()
            for stored in self._decisions[table].values():
                if set(stored.values()) == same and stored.keys() == decision.keys():
                    return
            self._apply([(table, self._new_doc_id(table), decision)])

    def add_merge(self, decision: Mapping[str, Any] | HasToDict) -> dict[str, str]:
        """Store the analyst's call that two entities are one (a MergeDecision or its dict,
        with "key_a" and "key_b"); return the stored dict. The same pair is stored once."""
        return self._add_pair(MERGES, decision, "an entity")

    def _add_pair(
        self, table: str, decision: Mapping[str, Any] | HasToDict, what: str
    ) -> dict[str, str]:
        """Store a decision that two things are one, once; never a thing with itself."""
        plain = plain_decision(decision, DECISION_FIELDS[table])
        a, b = (plain[name] for name in DECISION_FIELDS[table])
        if a == b:
            raise ValueError(f"{what} cannot be merged with itself ({a!r})")
        self._add_decision(table, plain, {a, b})
        return plain

    def add_split(self, decision: Mapping[str, Any] | HasToDict) -> dict[str, str]:
        """Store the analyst's call that a spelling names something else (a SplitDecision or
        its dict, with "entity_key" and "text"); return the stored dict."""
        plain = plain_decision(decision, DECISION_FIELDS[SPLITS])
        with self._change_lock:
            self._check_open()
            if plain not in self._decisions[SPLITS].values():
                self._apply([(SPLITS, self._new_doc_id(SPLITS), plain)])
        return plain

    def add_alias(self, canonical: str, alias: str) -> None:
        """Store that `alias` is another name for `canonical` (feeds `with_aliases`)."""
        plain = plain_decision({"canonical": canonical, "alias": alias}, DECISION_FIELDS[ALIASES])
        if canonical == alias:
            raise ValueError(f"{alias!r} cannot be an alias of itself")
        with self._change_lock:
            self._check_open()
            if plain not in self._decisions[ALIASES].values():
                self._apply([(ALIASES, self._new_doc_id(ALIASES), plain)])

    def add_figure_merge(self, decision: Mapping[str, Any] | HasToDict) -> dict[str, str]:
        """Store the analyst's call that two figures-board rows count one thing (a FigureMerge
        or its dict, with "figure_a" and "figure_b"); return the stored dict."""
        return self._add_pair(FIGURE_MERGES, decision, "a figure")

    def add_figure_split(self, decision: Mapping[str, Any] | HasToDict) -> dict[str, str]:
        """Store the analyst's call that a figure does not count what its row counts (a
        FigureSplit or its dict, with "figure"); return the stored dict."""
        plain = plain_decision(decision, DECISION_FIELDS[FIGURE_SPLITS])
        self._add_decision(FIGURE_SPLITS, plain, {plain["figure"]})
        return plain

    def figure_merges(self) -> list[dict[str, str]]:
        """Every stored figures-board merge ({"figure_a", "figure_b"}), oldest first."""
        return self._decision_list(FIGURE_MERGES)

    def figure_splits(self) -> list[dict[str, str]]:
        """Every stored figures-board split ({"figure"}), oldest first."""
        return self._decision_list(FIGURE_SPLITS)

    def merges(self) -> list[dict[str, str]]:
        """Every stored merge decision ({"key_a", "key_b"}), oldest first."""
        return self._decision_list(MERGES)

    def splits(self) -> list[dict[str, str]]:
        """Every stored split decision ({"entity_key", "text"}), oldest first."""
        return self._decision_list(SPLITS)

    def aliases(self) -> dict[str, list[str]]:
        """The analyst's aliases, canonical name -> other names, in the order added."""
        table: dict[str, list[str]] = {}
        for entry in self._decision_list(ALIASES):
            table.setdefault(entry["canonical"], []).append(entry["alias"])
        return table

    def _decision_list(self, table: str) -> list[dict[str, str]]:
        with self._view_lock:
            # By document id: an undone removal puts a decision back in its old place.
            stored = sorted(self._decisions[table].items(), key=lambda item: int(item[0]))
            return [dict(decision) for _, decision in stored]
