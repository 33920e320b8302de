"""The command line: every subcommand has --help text and is documented in README.md; --version works."""
from __future__ import annotations

import contextlib
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

import indicators
from indicators.cli import main

README = Path(__file__).resolve().parents[1] / "README.md"
KNOWN = {"extract", "evaluate", "chart"}  # at least these; new ones are picked up from --help


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def subcommands() -> list[str]:
    """The subcommands listed by `indicators --help` (argparse prints them indented under COMMAND)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["--help"])
    listed = re.findall(r"^ {4}([a-z][\w-]*)(?= |$)", out.getvalue(), flags=re.MULTILINE)
    return sorted(set(listed) | KNOWN)


def test_top_level_help_lists_every_subcommand(capsys) -> None:
    code, out, _ = run(["--help"], capsys)
    assert code == 0
    assert out.startswith("usage:")
    for name in KNOWN:
        assert re.search(rf"^ +{name} +\S", out, flags=re.MULTILINE), f"{name} has no help line in --help"


@pytest.mark.parametrize("command", subcommands())
def test_subcommand_help(command: str, capsys) -> None:
    code, out, _ = run([command, "--help"], capsys)
    assert code == 0
    assert out.startswith(f"usage: indicators {command}")
    blocks = out.split("\n\n")
    assert len(blocks) > 2 and not blocks[1].startswith(("positional", "options")), \
        f"`indicators {command} --help` has no description paragraph"


@pytest.mark.parametrize("command", subcommands())
def test_subcommand_in_readme(command: str) -> None:
    text = README.read_text(encoding="utf-8")
    assert re.search(rf"indicators {command}\b", text), f"README.md never shows `indicators {command}`"


def test_no_command_is_a_usage_error(capsys) -> None:
    code, _, err = run([], capsys)
    assert code == 2
    assert "usage:" in err


def test_unknown_option_is_a_usage_error(capsys) -> None:
    code, _, err = run(["extract", "--no-such-option", "x.txt"], capsys)
    assert code == 2
    assert "usage:" in err


def test_version_from_python_m() -> None:
    done = subprocess.run([sys.executable, "-m", "indicators", "--version"], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"indicators {indicators.__version__}"
    assert indicators.__version__ != "0.0.0", "package not installed: version falls back to 0.0.0"
