"""`newsdesk figures`: the figures board, every counted thing by article, clashes first."""

from __future__ import annotations

from tui.cli.sourcing import figures_parser as parser
from tui.cli.sourcing import run_figures as run

__all__ = ["parser", "run"]
