"""Command palette entries, titled "category: action", from the screen's live key bindings."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

__all__ = ["DeskCommands"]


class DeskCommands(Provider):
    """Every action a key does where the palette was opened: the focused article's, the
    screen's and the app's bindings that have an id and a description, and are enabled now
    (n is "Claim: note" outside a search, "Search: next hit" in one)."""

    def _commands(self) -> Iterator[tuple[str, str, Callable[[], Awaitable[object]]]]:
        """(title, help, run) for each action, asked of the screen each time."""
        seen: set[tuple[int, str]] = set()
        for node, binding, enabled, _ in self.screen.active_bindings.values():
            if not enabled or not binding.id or not binding.description:
                continue
            # One entry per action, though several keys (j and down) run it.
            if (id(node), binding.action) in seen:
                continue
            seen.add((id(node), binding.action))
            category = binding.id.split(".")[0].capitalize()
            key = binding.key_display or binding.key.split(",")[0]
            yield (
                f"{category}: {binding.description.lower()}",
                f"key {key}",
                partial(self.app.run_action, binding.action, node),
            )

    async def discover(self) -> Hits:
        for title, help_text, run in self._commands():
            yield DiscoveryHit(title, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, run in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), run, help=help_text)
