"""Every numeric option of every command refuses nan, inf, negative and too large values."""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path

import pytest

from tests.attacks.support import newsdesk
from tui.cli.common import COMMANDS

HOSTILE = ("nan", "NaN", "inf", "-inf", "1e400", "1e308", "1e12", "-1", "-5", "-0.5", "x", "")


def _parsers() -> list[tuple[str, argparse.ArgumentParser]]:
    modules = [*COMMANDS.values(), "open_desk"]
    return [(name, importlib.import_module(f"tui.cli.{name}").parser()) for name in modules]


def _numeric_options() -> list[tuple[str, str]]:
    found = []
    for name, parser in _parsers():
        for action in parser._actions:
            if getattr(action.type, "__name__", "") in ("float", "int", "seconds"):
                found.append((name, action.option_strings[-1]))
    return found


def test_no_option_is_parsed_by_bare_float_or_int() -> None:
    for name, parser in _parsers():
        for action in parser._actions:
            assert action.type not in (float, int), (name, action.option_strings)
    assert ("import_articles", "--timeout") in _numeric_options()
    assert ("import_articles", "--wait") in _numeric_options()


@pytest.mark.parametrize("value", HOSTILE)
def test_every_numeric_option_refuses_a_hostile_value(value: str) -> None:
    for name, option in _numeric_options():
        parser = importlib.import_module(f"tui.cli.{name}").parser()
        positional = ["x"] if name in ("import_articles",) else []
        with pytest.raises(SystemExit) as exit_:
            parser.parse_args([*positional, f"{option}={value}"])
        assert exit_.value.code == 2, (name, option, value)


def test_sane_values_are_kept() -> None:
    parser = importlib.import_module("tui.cli.import_articles").parser()
    args = parser.parse_args(["x", "--timeout", "0.5", "--wait", "0"])
    assert (args.timeout, args.wait) == (0.5, 0.0)


@pytest.mark.parametrize(
    ("option", "value"),
    [("--timeout", "1e12"), ("--timeout", "inf"), ("--timeout", "nan"), ("--wait", "-5")],
)
def test_import_refuses_with_a_usage_error(tmp_path: Path, option: str, value: str) -> None:
    done = newsdesk(
        "import",
        "--db",
        tmp_path / "d.json",
        f"{option}={value}",
        "http://127.0.0.1:9/",
        home=tmp_path,
    )
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert "Traceback" not in err and "internal error" not in err
    assert f"argument {option}" in err and "seconds" in err
    assert not (tmp_path / "d.json").exists()
