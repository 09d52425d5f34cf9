"""Tests that open newsdesk's HTML output in a real browser (headless Chromium)."""
