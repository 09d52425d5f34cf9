"""Command palette entries, titled "category: action", built from the key tables."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from textual.binding import BindingType

__all__ = ["DeskCommands"]

_CATEGORIES = {
    "claim": "Claim",
    "article": "Article",
    "desk": "Desk",
    "view": "View",
    "app": "App",
}

PALETTE_ACTIONS: list[tuple[str, str, str]] = []
"""(title, action, help) for every described binding with an id; filled lazily."""


def _entries() -> list[tuple[str, str, str]]:
    if PALETTE_ACTIONS:
        return PALETTE_ACTIONS
    from tui.app import NewsdeskApp
    from tui.desk_screen import DeskScreen

    tables: list[list[BindingType]] = [DeskScreen.BINDINGS, NewsdeskApp.BINDINGS]
    for bindings in tables:
        for binding in bindings:
            if not isinstance(binding, Binding) or not binding.id or not binding.description:
                continue
            category = _CATEGORIES.get(binding.id.split(".")[0], "Desk")
            key = binding.key_display or binding.key.split(",")[0]
            PALETTE_ACTIONS.append(
                (f"{category}: {binding.description.lower()}", binding.action, f"key {key}")
            )
    PALETTE_ACTIONS.extend(
        [
            ("Claim: next", "next_claim", "key j"),
            ("Claim: previous", "previous_claim", "key k"),
        ]
    )
    return PALETTE_ACTIONS


class DeskCommands(Provider):
    """The desk's actions in the command palette."""

    async def _run(self, action: str) -> None:
        from tui.desk_screen import DeskScreen

        screen = self.app.screen
        if action in ("next_claim", "previous_claim") and isinstance(screen, DeskScreen):
            view = screen.current_view
            await self.app.run_action(action, view)
        elif isinstance(screen, DeskScreen) and hasattr(screen, f"action_{action}"):
            await self.app.run_action(action, screen)
        else:
            await self.app.run_action(action)

    async def discover(self) -> Hits:
        for title, action, help_text in _entries():
            yield DiscoveryHit(title, partial(self._run, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, action, help_text in _entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(title), partial(self._run, action), help=help_text
                )
