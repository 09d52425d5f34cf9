"""Exporting the tagged claims as CSV from the desk, after every change made before."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tui.desk_base import DeskBase

__all__ = ["Exporting"]


class Exporting(DeskBase):
    """`e` asks where to write the CSV, then writes it through the writer's queue."""

    def action_export(self) -> None:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        default = str(Path.cwd() / f"newsdesk-export-{stamp}.csv")

        def export(path: str | None) -> None:
            if path:
                self.export_to(Path(path).expanduser())

        from tui.dialogs import ExportDialog

        self.app.push_screen(ExportDialog(default), export)

    def export_to(self, path: Path) -> None:
        """Export through the writer queue, so every change made before is in the file."""
        from annotations.export import export_desk_csv

        spans = dict(self._spans)
        texts = {article.id: article.text for article in self.articles}
        self.writer.submit(
            lambda desk: export_desk_csv(desk, path, spans=spans, texts=texts),
            lambda rows: self.post_message(
                self.Reported(f"Exported {rows} tagged claim(s) to {path}")
            ),
            lambda error: self.post_message(self.Reported(f"Export failed: {error}", error=True)),
        )
