"""`newsdesk claims`: every claim with who it is attributed to and the words that hedge it."""

from __future__ import annotations

from tui.cli.sourcing import claims_parser as parser
from tui.cli.sourcing import run_claims as run

__all__ = ["parser", "run"]
