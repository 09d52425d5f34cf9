"""Tests that drive the installed `newsdesk` in a real terminal (tmux); the driver is here."""

from tests.terminal.driver import NEWSDESK, Terminal, terminal

__all__ = ["NEWSDESK", "Terminal", "terminal"]
