"""`o` on the desk: the orphan panel opened, and what the analyst picks there saved.

The panel (a table) is imported when first opened, not when the desk starts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.desk_base import DeskBase

if TYPE_CHECKING:
    from annotations.store import Desk
    from tui.orphans import OrphanAction

__all__ = ["OrphanActions"]


class OrphanActions(DeskBase):
    """`o` opens the orphan panel; what the analyst picks there is saved through the writer."""

    def action_orphans(self) -> None:
        orphans = self.desk.orphans({article.id: article.text for article in self.articles})
        if not orphans:
            self.notify("No orphaned tags: every tag sits on its sentence.", markup=False)
            return
        from tui.orphans import OrphanPanel

        titles = {info["id"]: info.get("title") or "" for info in self.desk.articles()}
        view = self.current_view
        if view.claims_ready:
            view.claim_into_view()
        # `a` re-attaches to the claim the analyst is on only if they can see it.
        seen = view.claim_on_screen(view.current_claim)
        claim = self.current_claim() if seen else None
        self.app.push_screen(OrphanPanel(orphans, titles, claim=claim), self._carry_out)

    def _carry_out(self, action: OrphanAction | None) -> None:
        if action is None:
            return
        if action.kind == "reattach" and action.claim is not None:
            claim = action.claim
            selector = self.selector(claim)

            def change(desk: Desk) -> object:
                return desk.reattach(
                    action.tag_id, claim, prefix=selector.prefix, suffix=selector.suffix
                )

        else:

            def change(desk: Desk) -> object:
                return desk.discard(action.tag_id)

        self.save_then_resync(change, "Re-attach" if action.kind == "reattach" else "Discard")
