"""Every Python block of the README runs, against the emulator on a loopback socket."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from spotipy.emulator import Emulator
from tests.util.test_prompt import Browser
from tests.util.test_seed_auth_examples import (  # noqa: F401  (fixtures)
    app_environment,
    browser,
    emulator,
    server,
)

README = Path(__file__).resolve().parents[2] / "README.md"


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)


def test_readme_has_python_blocks() -> None:
    assert len(python_blocks()) >= 3


@pytest.mark.parametrize("index", range(len(python_blocks())))
def test_block_runs(
    index: int,
    emulator: Emulator,  # noqa: F811
    app_environment: str,  # noqa: F811
    browser: Browser,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    names = {"client_id": emulator.client_id, "client_secret": emulator.client_secret}
    exec(compile(python_blocks()[index], f"README block {index}", "exec"), names)
    assert emulator.client_secret not in capsys.readouterr().out
