"""Every `$ akhbar ...` example in the README gives the output the README shows, on a fresh build of raw/."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from akhbar.cli import app

README = Path(__file__).resolve().parents[1] / "README.md"


def readme_examples() -> list[tuple[str, list[str]]]:
    """(command, expected output lines) of each `$ akhbar` line in the README's code blocks."""
    examples: list[tuple[str, list[str]]] = []
    for block in re.findall(r"^```[a-z]*\n(.*?)^```", README.read_text(encoding="utf-8"), re.M | re.S):
        for chunk in re.split(r"^(?=\$ )", block, flags=re.M):
            if chunk.startswith("$ akhbar "):
                command, *output = chunk.strip("\n").splitlines()
                examples.append((command[2:], [line for line in output if line.strip()]))
    return examples


def test_the_readme_has_examples():
    assert len(readme_examples()) >= 3


@pytest.mark.parametrize("command, expected", readme_examples(), ids=lambda v: v[:60] if isinstance(v, str) else "")
def test_readme_example_gives_the_output_shown(built_release: Path, command: str, expected: list[str]):
    args = shlex.split(command)[1:]
    if args[0] == "sql":  # on the session's fresh build, not on whatever dist/ holds
        args += ["--release", str(built_release)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == expected
