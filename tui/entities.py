"""The analyst's calls on entities: the entity panel, merging two, splitting a spelling out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on
from textual.message import Message

from tui.comparing import Comparing

if TYPE_CHECKING:
    from collections.abc import Callable

    from annotations.compare import Entity
    from annotations.spans import Span
    from annotations.store import Desk

__all__ = ["EntityActions"]


class EntityActions(Comparing):
    """`E` lists every entity and jumps to one; `M` merges the entity the analyst is on with
    another, `S` splits its spelling out. A saved merge or split compares the articles again."""

    @dataclass
    class DecisionSaved(Message):
        """An entity merge or split is on disk: compare again."""

        verb: str

    def _entity_here(self) -> tuple[Entity, Span] | None:
        span = self.current_view.mention
        if span is None or span.kind != "name" or self.comparison is None:
            return None
        entity = self.comparison.entity_of(self.current_view.article_id, span.start)
        return (entity, span) if entity is not None else None

    def action_entities(self) -> None:
        if self.comparison is None:
            self.say_not_compared()
            return
        here = self._entity_here()

        def chosen(key: str | None) -> None:
            if key is not None:
                self._go_to_entity(key)

        from tui.dialogs import EntityPanel

        self.app.push_screen(
            EntityPanel(
                self.comparison.entities, self.articles, current=here[0].key if here else None
            ),
            chosen,
        )

    def _go_to_entity(self, key: str) -> None:
        if self.comparison is None:
            return
        entity = next((e for e in self.comparison.entities if e.key == key), None)
        if entity is None:
            return
        view = self.current_view
        mention = next((m for m in entity.mentions if m.article_id == view.article_id), None)
        mention = mention or entity.mentions[0]
        self.go_to(mention.article_id, mention.start)

    def action_merge_entity(self) -> None:
        here = self._entity_here()
        if here is None or self.comparison is None:
            self.notify("Move onto a name first (→).", severity="warning", markup=False)
            return
        entity, span = here
        view = self.current_view
        if not view.in_sight(span.start, span.end):
            self.say_not_in_sight(view, "merge")
            return

        def merge(key: str | None) -> None:
            if key is None or key == entity.key:
                return
            decision = {"key_a": entity.key, "key_b": key}
            self._decide(lambda desk: desk.add_merge(decision), "Merged")

        from tui.dialogs import EntityPanel

        self.app.push_screen(
            EntityPanel(
                self.comparison.entities,
                self.articles,
                prompt=f"Merge {entity.name} with…",
                exclude=entity.key,
            ),
            merge,
        )

    def action_split_entity(self) -> None:
        here = self._entity_here()
        if here is None:
            self.notify("Move onto a name first (→).", severity="warning", markup=False)
            return
        entity, span = here
        view = self.current_view
        if not view.in_sight(span.start, span.end):
            self.say_not_in_sight(view, "split")
            return
        if len(entity.spellings) < 2 and len(entity.mentions) < 2:
            self.notify("This name is already an entity of its own.", markup=False)
            return
        decision = {"entity_key": entity.key, "text": span.text}
        self._decide(lambda desk: desk.add_split(decision), "Split")

    def _decide(self, change: Callable[[Desk], object], verb: str) -> None:
        self.writer.submit(
            change,
            lambda _result: self.post_message(self.DecisionSaved(verb)),
            lambda error: self.post_message(self.Reported(f"{verb} failed: {error}", True)),
        )

    @on(DecisionSaved)
    def recompare(self, event: DecisionSaved) -> None:
        self.notify(f"{event.verb}: names regrouped.", markup=False)
        self.compare_articles()
